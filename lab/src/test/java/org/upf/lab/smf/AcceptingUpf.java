package org.upf.lab.smf;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;
import org.upf.pfcp.message.AssociationSetupRequest;
import org.upf.pfcp.message.AssociationSetupResponse;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionEstablishmentResponse;
import org.upf.pfcp.message.SessionReportRequest;
import org.upf.pfcp.node.PfcpNode;
import org.upf.pfcp.node.PfcpNodeConfig;
import org.upf.pfcp.node.PfcpRejectException;
import org.upf.pfcp.node.PfcpRequestRouter;

/**
 * A PFCP peer for testing the SMF emulator over real UDP on loopback: accepts every procedure, chooses TEIDs for
 * CH=1 F-TEIDs (one per CHOOSE ID), records every request, and can send Session Report Requests. Not a UPF: it
 * programs nothing.
 */
final class AcceptingUpf implements AutoCloseable {
    static final byte[] N3 = {(byte) 198, 18, 3, 1};
    static final NodeId NODE_ID = NodeId.ipv4(new byte[] {127, 0, 0, 1});

    final PfcpNode node;
    final List<PfcpMessage> requests = new CopyOnWriteArrayList<>();
    /** UP SEID -> CP F-SEID of the SMF. */
    final Map<Long, Long> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextSeid = new AtomicLong(0x1000);
    private final AtomicLong nextTeid = new AtomicLong(0x100);

    AcceptingUpf() {
        PfcpRequestRouter router = new PfcpRequestRouter()
                .on(PfcpMessageType.ASSOCIATION_SETUP_REQUEST, (m, p) -> done(AssociationSetupResponse.of(
                        (AssociationSetupRequest) record(m), NODE_ID, PfcpCause.REQUEST_ACCEPTED, 3_900_000_000L,
                        FlagsIe.of(IeType.UP_FUNCTION_FEATURES, "FTUP"))))
                .on(PfcpMessageType.ASSOCIATION_RELEASE_REQUEST, (m, p) -> done(accept(m, -1)))
                .on(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST, (m, p) -> done(establish(m)))
                .on(PfcpMessageType.SESSION_MODIFICATION_REQUEST, (m, p) -> done(accept(m, smfSeid(m))))
                .on(PfcpMessageType.SESSION_DELETION_REQUEST, (m, p) -> done(delete(m)));
        node = PfcpNode.start(PfcpNodeConfig.defaults().withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withNodeId(NODE_ID), router, e -> { });
    }

    InetSocketAddress address() {
        return node.localAddress();
    }

    <T extends PfcpMessage> List<T> received(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Sends a usage report (VOLTH) for the session with UP SEID upSeid to the SMF; returns its response. */
    PfcpMessage report(long upSeid, InetSocketAddress smf) throws Exception {
        UsageReport u = new UsageReport(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, List.of(
                UintIe.of(IeType.URR_ID, 4, SessionRules.URR_SESSION), UintIe.of(IeType.UR_SEQN, 4, 0),
                FlagsIe.of(IeType.USAGE_REPORT_TRIGGER, 3, "VOLTH"),
                VolumeIe.volumes(IeType.VOLUME_MEASUREMENT, 2000, 1000, 1000)));
        return node.send(SessionReportRequest.of(sessions.getOrDefault(upSeid, 0xdeadL), 0,
                FlagsIe.of(IeType.REPORT_TYPE, "USAR"), u), smf).get();
    }

    private PfcpMessage record(PfcpMessage m) {
        requests.add(m);
        return m;
    }

    private PfcpMessage establish(PfcpMessage m) {
        SessionEstablishmentRequest r = (SessionEstablishmentRequest) record(m);
        long up = nextSeid.incrementAndGet();
        sessions.put(up, r.fSeid().seid());
        Map<Integer, FTeid> chosen = new ConcurrentHashMap<>();
        List<CreatedPdr> created = r.createPdrs().stream().filter(p -> p.pdi().localFTeid() != null
                && p.pdi().localFTeid().choose()).map((CreatePdr p) -> CreatedPdr.of(p.pdrId(),
                        chosen.computeIfAbsent(p.pdi().localFTeid().chooseId(),
                                id -> FTeid.of(nextTeid.incrementAndGet(), N3, null)))).toList();
        return SessionEstablishmentResponse.accepted(r, NODE_ID, FSeid.of(up, new byte[] {127, 0, 0, 1}, null),
                created);
    }

    private PfcpMessage delete(PfcpMessage m) {
        long smf = smfSeid(record(m));
        sessions.remove(m.seid());
        return m.responseBuilder().seid(smf).cause(PfcpCause.REQUEST_ACCEPTED).build();
    }

    private PfcpMessage accept(PfcpMessage m, long smfSeid) {
        PfcpMessage.Builder b = record(m).responseBuilder();
        if (smfSeid >= 0) {
            b.seid(smfSeid);
        } else {
            b.nodeId(NODE_ID);
        }
        return b.cause(PfcpCause.REQUEST_ACCEPTED).build();
    }

    private long smfSeid(PfcpMessage m) {
        Long s = sessions.get(m.seid());
        if (s == null) {
            throw new PfcpRejectException(PfcpCause.SESSION_CONTEXT_NOT_FOUND, "unknown SEID");
        }
        return s;
    }

    private static CompletableFuture<PfcpMessage> done(PfcpMessage m) {
        return CompletableFuture.completedFuture(m);
    }

    @Override
    public void close() {
        node.close();
    }
}
