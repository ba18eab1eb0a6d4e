package org.upf.control.agent;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.upf.bpf.BpfException;
import org.upf.bpf.BpfRunStats;
import org.upf.bpf.Netns;
import org.upf.bpf.ThreadPriority;
import org.upf.bpf.dataplane.CpReason;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.route.NextHopCacheGuard;
import org.upf.bpf.route.RouteChangeWatcher;
import org.upf.bpf.route.RoutingPolicy;
import org.upf.control.api.AgentApi;
import org.upf.control.assoc.Association;
import org.upf.control.assoc.AssociationService;
import org.upf.control.assoc.Associations;
import org.upf.control.config.AgentConfig;
import org.upf.control.config.ConfigException;
import org.upf.control.config.ConfigKey;
import org.upf.control.config.InterfaceConfig;
import org.upf.control.config.PeerRestart;
import org.upf.control.gtpu.ControlEventPump;
import org.upf.control.gtpu.GtpuService;
import org.upf.control.metrics.AgentMetrics;
import org.upf.control.session.DownlinkDataReporter;
import org.upf.control.session.GroupCommit;
import org.upf.control.session.JournalSync;
import org.upf.control.session.SessionJournal;
import org.upf.control.session.PeerReport;
import org.upf.control.session.SessionService;
import org.upf.control.session.UpResources;
import org.upf.control.session.UsageReporter;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionModificationRequest;
import org.upf.pfcp.node.PeerEvent;
import org.upf.pfcp.node.PfcpNode;
import org.upf.pfcp.ie.Ntp;
import org.upf.pfcp.node.PfcpNodeConfig;
import org.upf.pfcp.node.PfcpRequestHandler;
import org.upf.pfcp.node.PfcpRequestRouter;
import org.upf.pfcp.node.RequestSequences;

/**
 * The running UPF: the XDP data path on the N3/N6(/N9) interfaces and a PFCP node on N4 whose association and
 * session procedures program it. Start it in the network namespace that holds the interfaces.
 */
public final class UpfAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UpfAgent.class.getName());

    private final Dataplane dataplane;
    private final Associations associations = new Associations();
    private final SessionService sessions;
    private final AssociationService assoc;
    private final PfcpNode node;
    private final AgentMetrics metrics;
    private final GtpuService gtpu;
    private final UsageReporter reporter;
    private final DownlinkDataReporter downlinkReports;
    /** The one reader of the data path's events: Error Indications (GTP-U) and Downlink Data Reports (PFCP). */
    private final ControlEventPump pump;
    private final SessionJournal journal;
    private final AgentApi api;
    private final BpfRunStats.Enabled runStats;
    private final PeerRestart peerRestart;
    /** Keeps the next-hop cache in step with the routing (null with routing.watchChanges false). */
    private final RouteChangeWatcher routes;
    /** Nicer background threads (threads.backgroundNice), or null with 0. */
    private final BackgroundPriority background;

    private UpfAgent(AgentConfig c) {
        dataplane = load(c);
        RouteChangeWatcher watcher = null;
        try {
            attach(Dataplane.Role.N3, c.n3());
            attach(Dataplane.Role.N6, c.n6());
            if (c.n9() != null) {
                attach(Dataplane.Role.N9, c.n9());
            }
            watcher = watchRoutes(c);
            routes = watcher;
            NodeId nodeId = nodeId(c.nodeId());
            UpResources res = new UpResources(c.dataplane(), c.uePools(), c.n3().address(),
                    c.n9() == null ? null : c.n9().address());
            InetAddress n4 = c.n4().getAddress();
            byte[] raw = n4.getAddress();
            boolean v4 = n4 instanceof Inet4Address;
            sessions = new SessionService(dataplane, res, associations, nodeId,
                    seid -> FSeid.of(seid, v4 ? raw : null, v4 ? null : raw));
            PfcpNodeConfig nc = PfcpNodeConfig.defaults().withBindAddress(c.n4()).withNodeId(nodeId)
                    .withRetransmission(c.t1(), c.n1()).withHeartbeatInterval(c.heartbeatInterval());
            journal = c.stateDirectory() == null ? null : restore(c.stateDirectory(), nc, c.journalSync());
            if (journal != null) {
                nc = nc.withRecoveryTimeStamp(Ntp.toInstant(journalRts));
                journal.compactAbove(c.journalCompactAbove());
            }
            assoc = new AssociationService(associations, c.allowedSmfs(), nodeId, nc.recoveryTimeStampNtp(),
                    sessions::deleteAll, c.peerRestart() == PeerRestart.KEEP);
            peerRestart = c.peerRestart();
            // At the end of each burst of requests, before its responses leave: batched map writes, one journal sync.
            GroupCommit commit = new GroupCommit(sessions, journal);
            PfcpRequestRouter router = new PfcpRequestRouter();
            router.on(PfcpMessageType.ASSOCIATION_SETUP_REQUEST,
                            (m, p) -> done(heartbeats(journaled(assoc.setup(m, p), m, p, true), p, true)))
                    .on(PfcpMessageType.ASSOCIATION_UPDATE_REQUEST, (m, p) -> done(assoc.update(m, p)))
                    .on(PfcpMessageType.ASSOCIATION_RELEASE_REQUEST,
                            (m, p) -> done(heartbeats(journaled(assoc.release(m, p), m, p, false), p, false)))
                    .on(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST,
                            (m, p) -> sessions.establishLater((SessionEstablishmentRequest) m, p))
                    .on(PfcpMessageType.SESSION_MODIFICATION_REQUEST,
                            (m, p) -> done(sessions.modify((SessionModificationRequest) m, p)))
                    .on(PfcpMessageType.SESSION_DELETION_REQUEST, (m, p) -> done(sessions.delete(m, p)));
            PfcpRequestHandler handler = new PfcpRequestHandler() {
                @Override
                public CompletionStage<PfcpMessage> handle(PfcpMessage request, InetSocketAddress peer) {
                    return router.handle(request, peer);
                }

                @Override
                public void readComplete() {
                    commit.flush();
                }

                /** §7.2.2.4.2: rejections of undecodable session requests carry the SMF's SEID. */
                @Override
                public long peerSeidFor(PfcpHeader requestHeader, InetSocketAddress peer) {
                    return sessions.peerSeid(requestHeader.seid());
                }
            };
            gtpu = GtpuService.start(c.n3().address(), c.n9() == null ? null : c.n9().address(),
                    c.errorIndicationInterval());
            sessions.onTunnelSwitch(gtpu::endMarker);
            try {
                node = PfcpNode.start(nc, handler, this::onPeerEvent, requestSequences());
            } catch (RuntimeException e) {
                gtpu.close();
                throw e;
            }
            if (!nc.heartbeatInterval().isZero()) {
                associations.all().forEach(a -> node.monitor(a.peer())); // restored from the journal
            }
            gtpu.onErrorIndication(this::reportErrorIndication);
            try {
                metrics = c.metrics() == null ? null
                        : AgentMetrics.start(c.metrics(), dataplane, node.counters(), sessions, associations, res,
                        c.n9() != null);
                if (metrics != null) {
                    metrics.registerGtpu(gtpu.counters());
                    metrics.registerRouting(dataplane, routes);
                    if (journal != null) {
                        metrics.registerJournal(journal);
                    }
                }
            } catch (RuntimeException e) {
                node.close();
                gtpu.close();
                throw e;
            }
            BpfRunStats.Enabled stats = null;
            try {
                stats = c.runStats() ? BpfRunStats.enable() : null;
                api = c.api() == null ? null
                        : AgentApi.start(c.api(), dataplane, sessions, associations, c.runStats());
            } catch (RuntimeException e) {
                if (stats != null) {
                    stats.close();
                }
                if (metrics != null) {
                    metrics.close();
                }
                node.close();
                gtpu.close();
                throw e;
            }
            runStats = stats;
            reporter = UsageReporter.start(sessions, node::send, node::execute, c.usagePoll());
            if (metrics != null) {
                metrics.registerUsageReports(reporter);
            }
            downlinkReports = new DownlinkDataReporter(sessions, node::send);
            pump = gtpu.registerOn(new ControlEventPump(dataplane))
                    .on(CpReason.NOTIFY, downlinkReports::onNotify).start();
            background = schedule(c);
        } catch (RuntimeException e) {
            if (watcher != null) {
                watcher.close();
            }
            dataplane.close();
            throw e;
        }
    }

    /**
     * In this thread's namespace: a route watcher flushing the next-hop cache on changes, or (without
     * routing.watchChanges) one check of the policy routing; either turns the cache off while the routing needs
     * every packet looked up, unless the TTL was configured (docs/dataplane.md, "Invalidation").
     */
    private RouteChangeWatcher watchRoutes(AgentConfig c) {
        NextHopCacheGuard guard = new NextHopCacheGuard(dataplane, c.dataplane().nextHopTtl(),
                c.routing().nextHopTtlExplicit());
        if (c.routing().watchChanges()) {
            return RouteChangeWatcher.start(guard);
        }
        guard.routingPolicy(RoutingPolicy.check());
        return null;
    }

    /**
     * The PFCP event loop first (docs/performance.md, "Scheduling the event loop first"): it asks for a short time
     * slice (threads.pfcpSlice), so that it preempts a background thread when a request wakes it, and the background
     * threads get a higher nice value (threads.backgroundNice). Both are tuning: where the kernel refuses them (the
     * agent already runs under another policy, e.g. chrt or systemd CPUSchedulingPolicy: EPERM; a sandbox: ENOSYS)
     * the agent starts with a warning.
     */
    private BackgroundPriority schedule(AgentConfig c) {
        if (!c.pfcpSlice().isZero()) {
            CompletableFuture.runAsync(() -> {
                try {
                    ThreadPriority.setSlice(0, c.pfcpSlice());
                } catch (BpfException e) {
                    LOG.log(System.Logger.Level.WARNING, "threads.pfcpSlice {0} not applied, the PFCP event loop keeps"
                            + " the kernel''s slice: {1}", c.pfcpSlice(), e.getMessage());
                }
            }, node::execute).join();
        }
        return BackgroundPriority.start(c.backgroundNice());
    }

    /** Loads and attaches the data path and starts serving N4, in the calling thread's network namespace. */
    public static UpfAgent start(AgentConfig config) {
        return new UpfAgent(config);
    }

    public InetSocketAddress n4Address() {
        return node.localAddress();
    }

    public SessionService sessions() {
        return sessions;
    }

    public Associations associations() {
        return associations;
    }

    public Dataplane dataplane() {
        return dataplane;
    }

    /** The usage reports the agent sends on its own (reports.usagePollInterval). */
    public UsageReporter usageReports() {
        return reporter;
    }

    /** The journal (state.directory), or null without one. */
    public SessionJournal journal() {
        return journal;
    }

    /** Downlink Data Reports (Session Report Request DLDR) from the data path's NOTIFY events. */
    public DownlinkDataReporter downlinkReports() {
        return downlinkReports;
    }

    /** The GTP-U control path (Echo, Error Indication, End Marker). */
    public GtpuService gtpu() {
        return gtpu;
    }

    /**
     * §6.2.3 / TS 23.007: a CP function whose Recovery Time Stamp changed lost its sessions; ours for it are
     * deleted (keeping them for restoration is a later option).
     */
    private void onPeerEvent(PeerEvent e) {
        if (e instanceof PeerEvent.Unreachable u) {
            LOG.log(System.Logger.Level.WARNING, "CP function at {0} does not answer heartbeats", u.peer());
        } else if (e instanceof PeerEvent.Restarted r) {
            Association a = associations.byAddress(r.peer());
            if (a == null) {
                return;
            }
            // TS 23.527 §4.3: the UPF deletes the sessions of a restarted SMF, unless it keeps them for an SMF set's
            // restoration (TS 29.244 §5.22, §6.2.6.2.2: the setup again with PFCP Session Retention Information).
            if (peerRestart == PeerRestart.KEEP) {
                LOG.log(System.Logger.Level.WARNING, "CP function {0} restarted; its sessions are kept for"
                        + " restoration (associations.peerRestart keep)", a.nodeId());
            } else {
                int n = sessions.deleteAll(a.nodeId());
                LOG.log(System.Logger.Level.WARNING, "CP function {0} restarted; deleted its {1} sessions",
                        a.nodeId(), n);
            }
        }
    }

    /** Our Recovery Time Stamp as the journal kept it (NTP seconds). */
    private long journalRts;
    /** The last request sequence number the journal reserved for our PFCP node, 0 if none. */
    private int journalSequences;

    /**
     * TS 29.244 §6.4: an SMF may still hold responses to our last requests when we restart, so our node continues
     * after the numbers its previous run reserved in the journal (one synced record per 65,536 requests), or starts at
     * a random number without a journal.
     */
    private RequestSequences requestSequences() {
        if (journal == null) {
            return RequestSequences.random();
        }
        return RequestSequences.resume(journalSequences, limit -> {
            journal.append(new SessionJournal.SequencesReserved(limit));
            journal.sync();
        });
    }

    /**
     * Restart without loss: rebuilds associations and sessions from the journal in dir (the pinned maps still hold
     * their rules, so nothing is written to the kernel), keeps our old Recovery Time Stamp, and starts a compacted
     * journal holding only what is alive. Sessions the journal cannot rebuild are logged and left out.
     */
    private SessionJournal restore(Path dir, PfcpNodeConfig nc, JournalSync journalSync) {
        Path file = dir.resolve("sessions.journal");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create state.directory " + dir, e);
        }
        SessionJournal.Contents old = SessionJournal.read(file);
        journalRts = old == null ? nc.recoveryTimeStampNtp() : old.recoveryTimeStamp();
        Map<String, SessionJournal.Entry> assocs = new LinkedHashMap<>();
        List<Map.Entry<Long, SessionJournal.Entry>> requests = new ArrayList<>();
        for (SessionJournal.Entry e : old == null ? List.<SessionJournal.Entry>of() : old.entries()) {
            if (e instanceof SessionJournal.Associated a) {
                associations.put(new Association(a.nodeId(), a.peer(), a.recoveryTimeStamp()));
                assocs.put(a.nodeId(), a);
            } else if (e instanceof SessionJournal.Released r) {
                associations.remove(r.nodeId());
                assocs.remove(r.nodeId());
            } else if (e instanceof SessionJournal.Request r) {
                PfcpMessage resp = sessions.replay(r);
                if (resp.cause() != PfcpCause.REQUEST_ACCEPTED) {
                    LOG.log(System.Logger.Level.ERROR, "journal: {0} from {1} not rebuilt: {2}",
                            r.message().type().displayName(), r.peer(), resp.cause().description());
                    continue;
                }
                long seid = resp.fSeid() != null ? resp.fSeid().seid() : r.message().seid();
                requests.add(Map.entry(seid, e));
            } else if (e instanceof SessionJournal.Gone g) {
                sessions.replayGone(g.seid());
            } else if (e instanceof SessionJournal.Metered m) {
                sessions.replayMeter(m);
            } else if (e instanceof SessionJournal.ReportPending || e instanceof SessionJournal.ReportAnswered) {
                sessions.replayReport(e);
            } else if (e instanceof SessionJournal.SequencesReserved q) {
                journalSequences = q.limit();
            }
        }
        Set<Long> live = sessions.seids();
        List<SessionJournal.Entry> compacted = new ArrayList<>(assocs.values());
        requests.stream().filter(r -> live.contains(r.getKey())).forEach(r -> compacted.add(r.getValue()));
        compacted.addAll(sessions.meterRecords());
        compacted.addAll(sessions.unansweredReports());
        if (journalSequences != 0) {
            compacted.add(new SessionJournal.SequencesReserved(journalSequences));
        }
        if (old != null) {
            LOG.log(System.Logger.Level.INFO, "journal: {0} associations and {1} sessions rebuilt",
                    associations.all().size(), live.size());
        }
        SessionJournal j = SessionJournal.create(file, journalRts, compacted, journalSync);
        sessions.journalTo(j);
        return j;
    }

    /** Records an accepted association set-up or release in the journal before the response leaves. */
    private PfcpMessage journaled(PfcpMessage response, PfcpMessage request, InetSocketAddress peer, boolean setup) {
        if (journal != null && response.cause() == PfcpCause.REQUEST_ACCEPTED) {
            String id = request.nodeId().text();
            journal.append(setup ? new SessionJournal.Associated(id, peer, request.recoveryTimeStamp())
                    : new SessionJournal.Released(id));
        }
        return response;
    }

    /** A gNB/peer UPF dropped a tunnel we send to: its sessions' CP functions learn it (TS 29.244 §7.5.8.4). */
    private void reportErrorIndication(InetAddress peer, long teid) {
        for (PeerReport r : sessions.errorIndicationReports(peer, teid)) {
            node.send(r.request(), r.cp()).whenComplete((resp, failure) -> {
                if (failure != null || resp.cause() != PfcpCause.REQUEST_ACCEPTED) {
                    LOG.log(System.Logger.Level.WARNING, "Error Indication Report to " + r.cp() + " not accepted: "
                            + (failure != null ? failure.getMessage() : resp.cause()));
                }
            });
        }
    }

    /** §6.2.2: associated peers get our Heartbeat Requests (pfcp.heartbeatInterval; 0 turns them off). */
    private PfcpMessage heartbeats(PfcpMessage response, InetSocketAddress peer, boolean start) {
        if (response.cause() == PfcpCause.REQUEST_ACCEPTED && !node.config().heartbeatInterval().isZero()) {
            if (start) {
                node.monitor(peer);
            } else {
                node.unmonitor(peer);
            }
        }
        return response;
    }

    /**
     * The data path; a pinned dense index of another size than maps.ueDenseSlots, or pinned UE maps of layout 3 under
     * bpf.pinRoot that the load cannot migrate (with more UEs than free UE slots: maps.ueDenseSlots), is a
     * configuration error naming that key.
     */
    private static Dataplane load(AgentConfig c) {
        try {
            return Dataplane.load(c.dataplane(), c.pinRoot());
        } catch (Dataplane.DenseSlotsMismatch e) {
            throw new ConfigException(ConfigKey.MAPS_UE_DENSE_SLOTS.key(), e.getMessage());
        } catch (Dataplane.OlderUeMaps e) {
            ConfigKey key = e.tooFewUeSlots() ? ConfigKey.MAPS_UE_DENSE_SLOTS : ConfigKey.BPF_PIN_ROOT;
            throw new ConfigException(key.key(), e.getMessage());
        }
    }

    private void attach(Dataplane.Role role, InterfaceConfig nif) {
        dataplane.attach(role, Netns.ifindex(nif.name()));
    }

    private static NodeId nodeId(String text) {
        try {
            InetAddress a = InetAddress.getByName(text);
            if (text.chars().allMatch(ch -> ch == '.' || ch == ':' || Character.digit(ch, 16) >= 0)) {
                return a instanceof Inet4Address ? NodeId.ipv4(a.getAddress()) : NodeId.ipv6(a.getAddress());
            }
        } catch (java.net.UnknownHostException notAnAddress) {
            // an FQDN
        }
        return NodeId.fqdn(text);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /**
     * Graceful release before a shutdown (TS 29.244 §6.2.7.2, §6.2.8.2): asks every associated CP function, with an
     * Association Update Request carrying PFCP Association Release Request SARR, to release its association, and
     * waits until they all did (their Association Release Requests delete the sessions, §6.2.8.3) or wait is over.
     * Returns how many associations are left. Call from any thread but the PFCP event loop.
     */
    public int releaseAssociations(Duration wait) throws InterruptedException {
        List<Association> all = associations.all();
        if (all.isEmpty() || wait.isZero()) {
            return all.size();
        }
        PfcpMessage request = assoc.releaseRequest();
        for (Association a : all) {
            node.send(request, a.peer()).whenComplete((resp, failure) -> {
                if (failure != null || resp.cause() != PfcpCause.REQUEST_ACCEPTED) {
                    LOG.log(System.Logger.Level.WARNING, "CP function {0} did not accept the release request: {1}",
                            a.nodeId(), failure != null ? failure.getMessage() : resp.cause().description());
                }
            });
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!associations.all().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int left = associations.all().size();
        LOG.log(System.Logger.Level.INFO, "graceful release: {0} of {1} associations released by their CP function",
                all.size() - left, all.size());
        return left;
    }

    /** The local API's port (api.address), or -1 without one. */
    public int apiPort() {
        return api == null ? -1 : api.port();
    }

    /** The metrics endpoint's port, or -1 without one. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    @Override
    public void close() {
        if (background != null) {
            background.close();
        }
        pump.close();
        reporter.close();
        if (api != null) {
            api.close();
        }
        if (runStats != null) {
            runStats.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        node.close();
        gtpu.close();
        if (journal != null) {
            journal.close(); // after the node: no request is being handled any more
        }
        if (routes != null) {
            routes.close();
        }
        dataplane.close();
    }
}
