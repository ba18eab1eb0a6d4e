package org.upf.lab.smf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.message.AssociationSetupRequest;
import org.upf.pfcp.message.SessionEstablishmentResponse;
import org.upf.pfcp.message.SessionReportRequest;
import org.upf.pfcp.node.PfcpNode;
import org.upf.pfcp.node.PfcpNodeConfig;
import org.upf.pfcp.node.PfcpRejectException;
import org.upf.pfcp.node.PfcpRequestRouter;

/**
 * An SMF's N4 side (TS 29.244) on the project's PFCP node: a real peer on UDP that associates with one UPF,
 * establishes, modifies and deletes sessions and answers the UPF's Session Report Requests. Thread-safe; the
 * {@code ...Async} methods never block, the others wait for the response.
 *
 * <pre>{@code
 * try (SmfEmulator smf = SmfEmulator.start(new InetSocketAddress("198.18.0.1", 0), upfN4)) {
 *     smf.associate();
 *     SmfSession s = smf.establish(SessionPlan.of(ue, gnb, 0x100));
 *     s = smf.handover(s, gnb2, 0x200);
 *     smf.delete(s);
 * }
 * }</pre>
 */
public final class SmfEmulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SmfEmulator.class.getName());
    /** Longer than T1 x (N1 + 1) of the node, so a blocking call fails with the node's own timeout first. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PfcpNode node;
    private final InetSocketAddress upf;
    private final NodeId nodeId;
    private final byte[] cpAddress;
    private final AtomicLong nextSeid;
    private final Map<Long, SmfSession> sessions = new ConcurrentHashMap<>();
    private final List<SessionReportRequest> reports = new CopyOnWriteArrayList<>();
    private volatile Consumer<SessionReportRequest> reportListener = r -> { };
    private volatile FlagsIe upFeatures;

    private SmfEmulator(InetSocketAddress bind, InetSocketAddress upf, Duration t1, int n1) {
        this.upf = upf;
        this.cpAddress = bind.getAddress().getAddress();
        this.nodeId = cpAddress.length == 4 ? NodeId.ipv4(cpAddress) : NodeId.ipv6(cpAddress);
        // SEIDs unique per SMF run, so a restarted emulator does not reuse the previous run's (§5.6.2 note).
        this.nextSeid = new AtomicLong((System.currentTimeMillis() & 0xffff_ffffL) << 16);
        PfcpRequestRouter router = new PfcpRequestRouter()
                .on(PfcpMessageType.SESSION_REPORT_REQUEST, (m, peer) -> CompletableFuture.completedFuture(report(m)))
                .on(PfcpMessageType.ASSOCIATION_UPDATE_REQUEST,
                        (m, peer) -> CompletableFuture.completedFuture(associationUpdate(m)))
                .seids((header, peer) -> {
                    SmfSession s = sessions.get(header.seid());
                    return s == null ? 0 : s.upSeid();
                });
        node = PfcpNode.start(PfcpNodeConfig.defaults().withBindAddress(bind).withNodeId(nodeId)
                .withRetransmission(t1, n1), router, event -> LOG.log(System.Logger.Level.INFO, "UPF {0}", event));
    }

    /** Binds the SMF's N4 socket at bind (port 0: any) to talk to the UPF at upf; T1 3 s, N1 3 (§6.4). */
    public static SmfEmulator start(InetSocketAddress bind, InetSocketAddress upf) {
        return start(bind, upf, Duration.ofSeconds(3), 3);
    }

    public static SmfEmulator start(InetSocketAddress bind, InetSocketAddress upf, Duration t1, int n1) {
        return new SmfEmulator(bind, upf, t1, n1);
    }

    public InetSocketAddress localAddress() {
        return node.localAddress();
    }

    public NodeId nodeId() {
        return nodeId;
    }

    /** The PFCP node's counters (messages per type and cause, retransmissions, drops). */
    public PfcpNode node() {
        return node;
    }

    /**
     * §6.2.6 Association Setup: Node ID, Recovery Time Stamp and CP Function Features (§8.2.58; ARDR: we take
     * additional usage reports in deletion responses). Returns the UPF's UP Function Features (§8.2.25).
     */
    public FlagsIe associate() {
        PfcpMessage req = AssociationSetupRequest.of(0, nodeId, node.config().recoveryTimeStampNtp(),
                FlagsIe.of(IeType.CP_FUNCTION_FEATURES, "ARDR"));
        PfcpMessage resp = accepted("Association Setup", node.send(req, upf));
        upFeatures = resp.find(IeType.UP_FUNCTION_FEATURES, FlagsIe.class);
        return upFeatures;
    }

    /** The UP Function Features of the association, or null before {@link #associate()}. */
    public FlagsIe upFunctionFeatures() {
        return upFeatures;
    }

    /** §6.2.8 Association Release. */
    public void release() {
        accepted("Association Release", node.send(PfcpMessage.builder(PfcpMessageType.ASSOCIATION_RELEASE_REQUEST)
                .nodeId(nodeId).build(), upf));
    }

    public SmfSession establish(SessionPlan plan) {
        return await(establishAsync(plan));
    }

    /**
     * §7.5.2 Session Establishment Request: Node ID, CP F-SEID, the plan's rules; completes with the session (UP
     * F-SEID from the response, the uplink F-TEID from Created PDR 1 when the UPF chose it) or an
     * {@link SmfException}.
     */
    public CompletableFuture<SmfSession> establishAsync(SessionPlan plan) {
        long cpSeid = nextSeid.incrementAndGet();
        PfcpMessage req = PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0).nodeId(nodeId)
                .add(FSeid.of(cpSeid, cpAddress.length == 4 ? cpAddress : null, cpAddress.length == 4 ? null : cpAddress))
                .addAll(SessionRules.establishment(plan)).build();
        return node.send(req, upf).thenApply(resp -> {
            check("Session Establishment", resp);
            SessionEstablishmentResponse r = (SessionEstablishmentResponse) resp;
            FSeid up = r.upFSeid();
            if (up == null) {
                throw new SmfException("Session Establishment Response without UP F-SEID", null, null);
            }
            long teid = plan.uplinkTeid();
            InetAddress n3 = plan.upfN3();
            if (plan.upfChoosesTeid()) {
                FTeid chosen = r.createdPdrs().stream().filter(c -> c.pdrId() == SessionRules.PDR_UL)
                        .map(CreatedPdr::localFTeid).findFirst().orElseThrow(() -> new SmfException(
                                "no Created PDR with the F-TEID for CHOOSE (§7.5.3.2)", null, null));
                teid = chosen.teid();
                n3 = address(chosen.ipv4());
            }
            SmfSession s = new SmfSession(cpSeid, up.seid(), teid, n3, plan);
            sessions.put(cpSeid, s);
            return s;
        });
    }

    /** A handover of the session's downlink to another gNB (see {@link SessionRules#handover}). */
    public SmfSession handover(SmfSession s, InetAddress targetGnb, long targetTeid) {
        return await(handoverAsync(s, targetGnb, targetTeid));
    }

    /** {@link #handover} without waiting; completes with the moved session. */
    public CompletableFuture<SmfSession> handoverAsync(SmfSession s, InetAddress targetGnb, long targetTeid) {
        return modifyAsync(s, SessionRules.handover(targetGnb, targetTeid)).thenApply(r -> {
            SmfSession moved = s.movedTo(targetGnb, targetTeid);
            sessions.put(s.cpSeid(), moved);
            return moved;
        });
    }

    /** §7.5.4 Session Modification Request with these IEs; returns the (accepted) response. */
    public PfcpMessage modify(SmfSession s, Ie... ies) {
        return await(modifyAsync(s, ies));
    }

    public CompletableFuture<PfcpMessage> modifyAsync(SmfSession s, Ie... ies) {
        return node.send(PfcpMessage.builder(PfcpMessageType.SESSION_MODIFICATION_REQUEST).seid(s.upSeid())
                .addAll(List.of(ies)).build(), upf).thenApply(r -> check("Session Modification", r));
    }

    public List<UsageReport> delete(SmfSession s) {
        return await(deleteAsync(s));
    }

    /** §7.5.6 Session Deletion Request; completes with the final usage reports (§7.5.7.2). */
    public CompletableFuture<List<UsageReport>> deleteAsync(SmfSession s) {
        return node.send(PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST).seid(s.upSeid()).build(), upf)
                .thenApply(r -> {
                    check("Session Deletion", r);
                    sessions.remove(s.cpSeid());
                    return r.findAll(IeType.USAGE_REPORT_SESSION_DELETION_RESPONSE, UsageReport.class);
                });
    }

    /** The sessions established and not deleted, with their current tunnels. */
    public Collection<SmfSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Session Report Requests received (and answered) so far, oldest first. */
    public List<SessionReportRequest> reports() {
        return new ArrayList<>(reports);
    }

    /** Called on the node's event loop for every accepted report; must not block. */
    public void onReport(Consumer<SessionReportRequest> listener) {
        reportListener = listener;
    }

    /**
     * §7.5.9 Session Report Response: accepted for a session we know (header SEID = its UP SEID, §7.2.2.4.2),
     * else cause "Session context not found" (65, §7.5.9.1).
     */
    /**
     * §6.2.7.2: an Association Update Request from the UPF; with PFCP Association Release Request SARR (§8.2.77) the
     * UPF asks us to release the association: accepted, then our sessions are forgotten and the Association Release
     * Request (§6.2.8) goes out once this response has left (sent from another thread, so it queues behind it).
     */
    private PfcpMessage associationUpdate(PfcpMessage m) {
        FlagsIe release = m.find(IeType.PFCP_ASSOCIATION_RELEASE_REQUEST, FlagsIe.class);
        if (release != null && release.has("SARR")) {
            CompletableFuture.runAsync(() -> {
                sessions.clear();
                node.send(PfcpMessage.builder(PfcpMessageType.ASSOCIATION_RELEASE_REQUEST).nodeId(nodeId).build(), upf)
                        .whenComplete((r, failure) -> LOG.log(System.Logger.Level.INFO,
                                "released at the UPF''s request: {0}",
                                failure != null ? failure.getMessage() : r.cause().description()));
            });
        }
        return m.responseBuilder().nodeId(nodeId).cause(PfcpCause.REQUEST_ACCEPTED).build();
    }

    private PfcpMessage report(PfcpMessage m) {
        SmfSession s = sessions.get(m.seid());
        if (s == null) {
            throw new PfcpRejectException(PfcpCause.SESSION_CONTEXT_NOT_FOUND,
                    "Session Report Request for unknown SEID " + Long.toUnsignedString(m.seid()));
        }
        SessionReportRequest r = (SessionReportRequest) m;
        reports.add(r);
        reportListener.accept(r);
        return m.responseBuilder().seid(s.upSeid()).cause(PfcpCause.REQUEST_ACCEPTED).build();
    }

    private PfcpMessage accepted(String procedure, CompletableFuture<PfcpMessage> response) {
        return await(response.thenApply(r -> check(procedure, r)));
    }

    private static PfcpMessage check(String procedure, PfcpMessage r) {
        if (r.cause() != PfcpCause.REQUEST_ACCEPTED) {
            String offending = r.offendingIe() >= 0 ? " (offending IE " + r.offendingIe() + ")" : "";
            throw new SmfException(procedure + " rejected" + offending, r.cause(), null);
        }
        return r;
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            throw c instanceof SmfException se ? se : new SmfException("no valid response: " + c, null, c);
        } catch (TimeoutException e) {
            throw new SmfException("no response within " + WAIT, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmfException("interrupted", null, e);
        }
    }

    private static InetAddress address(byte[] raw) {
        try {
            return raw == null ? null : InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
