package org.upf.control.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.upf.bpf.dataplane.Counter;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.Direction;
import org.upf.bpf.dataplane.InterfaceCounter;
import org.upf.bpf.route.RouteChangeWatcher;
import org.upf.control.api.ProgramRuns;
import org.upf.control.assoc.Associations;
import org.upf.control.gtpu.GtpuCounters;
import org.upf.control.session.SessionJournal;
import org.upf.control.session.SessionService;
import org.upf.control.session.UpResources;
import org.upf.control.session.UsageReporter;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.node.PfcpCounters;
import org.upf.pfcp.node.PfcpCounters.Event;

/**
 * The agent's KPIs for Prometheus (client_java 1.x), read from their sources at scrape time: PFCP message and cause
 * counters of the node, session and association counts, allocator use, and the data path's per-reason drop and
 * control-path counters. Every HELP text names the TS 28.552 measurement a metric implements, or says it is an
 * implementation metric; docs/metrics.md lists them all. Served on /metrics, with /-/healthy for liveness.
 */
public final class AgentMetrics implements AutoCloseable {
    private static final String NOT_28552 = " (implementation metric; no TS 28.552 measurement)";
    private static final String MESSAGES = "pfcp_messages_";
    private static final String CAUSES = "pfcp_response_causes_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HTTPServer server;

    private AgentMetrics(InetSocketAddress address, Dataplane dp, PfcpCounters pfcp, SessionService sessions,
                         Associations associations, UpResources resources, boolean n9) {
        CounterWithCallback.builder().name("upf_pfcp_messages")
                .help("PFCP messages by message type and what happened to them (received, sent, retransmitted,"
                        + " timed_out, duplicate_answered, rejected_malformed, handler_failed); the received Session"
                        + " Establishment/Modification/Deletion Requests are the N4 session requests" + NOT_28552)
                .labelNames("message_type", "event")
                .callback(cb -> pfcp.forEach((counter, type, label, value) -> {
                    if (counter.startsWith(MESSAGES)) {
                        cb.call(value, type, counter.substring(MESSAGES.length()));
                    }
                }))
                .register(registry);
        CounterWithCallback.builder().name("upf_pfcp_responses")
                .help("PFCP responses by message type, cause (TS 29.244 §8.2.1) and direction; rejection causes of"
                        + " Session Establishment/Modification/Deletion Responses sent are the failed N4 session"
                        + " requests" + NOT_28552)
                .labelNames("message_type", "cause", "direction")
                .callback(cb -> pfcp.forEach((counter, type, label, value) -> {
                    if (counter.startsWith(CAUSES)) {
                        cb.call(value, type, label, counter.substring(CAUSES.length()));
                    }
                }))
                .register(registry);
        CounterWithCallback.builder().name("upf_pfcp_dropped")
                .help("PFCP datagrams dropped without an answer, by reason" + NOT_28552)
                .labelNames("reason")
                .callback(cb -> pfcp.forEach((counter, type, label, value) -> {
                    if (counter.equals("pfcp_dropped")) {
                        cb.call(value, label);
                    }
                }))
                .register(registry);
        byReason("upf_datapath_dropped_packets", "Packets the XDP data path dropped, by reason", dp::drops, false);
        byReason("upf_datapath_dropped_bytes", "Frame bytes the XDP data path dropped, by reason", dp::drops, true);
        byReason("upf_datapath_control_path_packets", "Packets the XDP data path handed to the control path (GTP-U"
                + " signalling, buffering notifications), by reason", dp::controlPath, false);
        byLabel("upf_datapath_forwarded_packets", "direction", "Packets the XDP data path forwarded, by direction"
                + " (uplink N3/N9 -> N6, downlink N6 -> N3/N9)", dp::forwarded, false);
        byLabel("upf_datapath_forwarded_bytes", "direction", "Inner (UE) IP bytes the XDP data path forwarded, by"
                + " direction", dp::forwarded, true);
        CounterWithCallback.builder().name("upf_datapath_forwarded_path_packets")
                .help("Packets the XDP data path forwarded, by direction and by the fast reads they took: usual_fast"
                        + " (the usual frame read in one bounds check, the rules from a fast entry), usual_walk,"
                        + " generic_fast, generic_walk (the generic parse, the rule walk)" + NOT_28552)
                .labelNames("direction", "path")
                .callback(cb -> {
                    for (Direction d : Direction.values()) {
                        dp.forwardedByPath(d).forEach((path, c) -> cb.call(c.packets(),
                                d.name().toLowerCase(Locale.ROOT), path.name().toLowerCase(Locale.ROOT)));
                    }
                })
                .register(registry);
        userPlane(dp, n9);
        n4(pfcp);
        programs("upf_bpf_program_runs", "Runs of each XDP program (kernel BPF statistics, counted while"
                + " bpf.runStats or the sysctl kernel.bpf_stats_enabled is on)", dp, p -> p.stats().runCount());
        programs("upf_bpf_program_run_seconds", "Time each XDP program ran (kernel BPF statistics, counted while"
                + " bpf.runStats or the sysctl kernel.bpf_stats_enabled is on)", dp,
                p -> p.stats().runTimeNanos() / 1e9);
        gauge("upf_pfcp_sessions", "PFCP sessions (one per PDU session served by this UPF)", sessions::count);
        gauge("upf_qos_flows", "QoS flows of the PFCP sessions: per session the distinct QFIs its PDRs match or its"
                + " QERs mark", sessions::qosFlows);
        gauge("upf_pfcp_associations", "Established PFCP associations with SMFs", () -> associations.all().size());
        gauge("upf_teids_in_use", "Local TEIDs allocated (F-TEID CHOOSE or reserved for SMF-chosen F-TEIDs)",
                resources::teidsInUse);
        gauge("upf_agent_up", "1 while the agent serves N4 with the data path attached", () -> 1);
        try {
            server = HTTPServer.builder().inetAddress(address.getAddress()).port(address.getPort())
                    .registry(registry).registerHealthHandler(true).buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Registers every metric and serves them on address (port 0: a free port, see {@link #port()}); n9: the data path
     * also serves an N9 interface (n9.interface), so the N9 GTP-U counters are exported too.
     */
    public static AgentMetrics start(InetSocketAddress address, Dataplane dp, PfcpCounters pfcp,
                                     SessionService sessions, Associations associations, UpResources resources,
                                     boolean n9) {
        return new AgentMetrics(address, dp, pfcp, sessions, associations, resources, n9);
    }

    /**
     * The TS 28.552 §5.4 user-plane measurements from the data path's per-interface counters (upf_ifstat_v4):
     * GTP-U data PDUs and their octets accepted on N3 (§5.4.1.1, §5.4.1.3) and generated toward the (R)AN (§5.4.1.2,
     * §5.4.1.4), the same on N9 when the UPF has an N9 interface (n9), and the IP packets and octets received and sent
     * on N6, the counts behind the N6 link usage measurements (IP.N6IncLinkUsage, IP.N6OutLinkUsage: rate(octets) *
     * 8). A GTP data PDU is a G-PDU, "GTP-U header and a T-PDU" (TS 29.281 §3.1, TS 29.274 §3.1): its octets run from
     * the GTP-U header to the end of the T-PDU, the outer IP/UDP headers are not part of it. N9 G-PDUs are those
     * received on n9.interface and those sent by a FAR toward another UPF (Destination Interface Core with Outer
     * Header Creation, TS 29.244 §8.2.24).
     */
    private void userPlane(Dataplane dp, boolean n9) {
        gtp("n3", "TS 28.552 GTP.InDataPktN3UPF (§5.4.1.1): G-PDUs from the (R)AN accepted by the GTP-U entity on N3",
                "TS 28.552 GTP.InDataOctN3UPF (§5.4.1.3): ", "TS 28.552 GTP.OutDataPktN3UPF (§5.4.1.2): G-PDUs the"
                        + " data path generated and sent toward the (R)AN on N3", "TS 28.552 GTP.OutDataOctN3UPF"
                        + " (§5.4.1.4): ", dp, InterfaceCounter.GTP_IN, InterfaceCounter.GTP_OUT);
        if (n9) {
            // No TS 28.552 N9 measurement name could be confirmed: these mirror the N3 ones for the N9 interface.
            gtp("n9", "G-PDUs from another UPF accepted by the GTP-U entity on N9 (n9.interface; mirrors TS 28.552"
                    + " GTP.InDataPktN3UPF for N9)", "Octets (mirrors TS 28.552 GTP.InDataOctN3UPF for N9) of ",
                    "G-PDUs the data path generated and sent toward another UPF on N9 (FAR Destination Interface Core;"
                    + " mirrors TS 28.552 GTP.OutDataPktN3UPF for N9)",
                    "Octets (mirrors TS 28.552 GTP.OutDataOctN3UPF for N9) of ", dp, InterfaceCounter.GTP_IN_N9,
                    InterfaceCounter.GTP_OUT_N9);
        }
        interfaceCounter("upf_n6_incoming_packets", "IP packets received on N6 for a UE address with rules (the"
                + " packets behind TS 28.552 IP.N6IncLinkUsage)", dp, InterfaceCounter.N6_IN, false);
        interfaceCounter("upf_n6_incoming_octets", "TS 28.552 IP.N6IncLinkUsage (N6 incoming link usage) as a"
                + " counter: octets of the IP packets received on N6 for a UE; rate(...) * 8 is the link usage in"
                + " bit/s", dp, InterfaceCounter.N6_IN, true);
        interfaceCounter("upf_n6_outgoing_packets", "IP packets the data path sent on N6 (the packets behind"
                + " TS 28.552 IP.N6OutLinkUsage)", dp, InterfaceCounter.N6_OUT, false);
        interfaceCounter("upf_n6_outgoing_octets", "TS 28.552 IP.N6OutLinkUsage (N6 outgoing link usage) as a"
                + " counter: octets of the IP packets sent on N6; rate(...) * 8 is the link usage in bit/s", dp,
                InterfaceCounter.N6_OUT, true);
    }

    /**
     * upf_{iface}_gtp_{in,out}_data_{packets,octets}: the HELP of the packet counters, and the start of the octet
     * counters' HELP (which goes on with what the octets cover).
     */
    private void gtp(String iface, String inPackets, String inOctets, String outPackets, String outOctets,
                     Dataplane dp, InterfaceCounter in, InterfaceCounter out) {
        String octets = "those G-PDUs, GTP-U header to the end of the T-PDU (outer IP/UDP headers not included)";
        String prefix = "upf_" + iface + "_gtp_";
        interfaceCounter(prefix + "in_data_packets", inPackets + ", counted once their TEID is known, whatever the"
                + " rules did with them next (drops are in upf_datapath_dropped_packets)", dp, in, false);
        interfaceCounter(prefix + "in_data_octets", inOctets + octets, dp, in, true);
        interfaceCounter(prefix + "out_data_packets", outPackets, dp, out, false);
        interfaceCounter(prefix + "out_data_octets", outOctets + octets, dp, out, true);
    }

    private void interfaceCounter(String name, String help, Dataplane dp, InterfaceCounter c, boolean octets) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            Counter v = dp.interfaceCounters().get(c);
            cb.call(octets ? v.bytes() : v.packets());
        }).register(registry);
    }

    /**
     * The N4 measurements of TS 28.552 this UPF can count from its PFCP node: session establishment requests and
     * failures (SM.N4SessionEstabReq, SM.N4SessionEstabFail.cause) and the session reports it sends
     * (SM.N4SessionReport, SM.N4SessionReportSucc).
     */
    private void n4(PfcpCounters pfcp) {
        n4Requests(pfcp, "establishment", PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST,
                PfcpMessageType.SESSION_ESTABLISHMENT_RESPONSE, "TS 28.552 SM.N4SessionEstabReq: ",
                "TS 28.552 SM.N4SessionEstabFail.cause: ");
        // TS 28.552 §5.4.2 defines no measurement for modifications and deletions; counted the same way.
        n4Requests(pfcp, "modification", PfcpMessageType.SESSION_MODIFICATION_REQUEST,
                PfcpMessageType.SESSION_MODIFICATION_RESPONSE, "", "");
        n4Requests(pfcp, "deletion", PfcpMessageType.SESSION_DELETION_REQUEST,
                PfcpMessageType.SESSION_DELETION_RESPONSE, "", "");
        CounterWithCallback.builder().name("upf_n4_session_reports")
                .help("TS 28.552 SM.N4SessionReport: Session Report Requests sent (usage, downlink data and error"
                        + " indication reports; retransmissions not counted)")
                .callback(cb -> cb.call(pfcp.get(Event.SENT, PfcpMessageType.SESSION_REPORT_REQUEST)))
                .register(registry);
        CounterWithCallback.builder().name("upf_n4_session_reports_accepted")
                .help("TS 28.552 SM.N4SessionReportSucc: Session Report Responses received with cause Request"
                        + " accepted")
                .callback(cb -> cb.call(pfcp.causes(PfcpCounters.Direction.RECEIVED,
                        PfcpMessageType.SESSION_REPORT_RESPONSE, PfcpCause.REQUEST_ACCEPTED)))
                .register(registry);
    }

    /**
     * upf_n4_session_{what}_requests (received, malformed ones included, retransmissions answered from the response
     * cache left out) and upf_n4_session_{what}_failures by cause (responses sent with another cause than Request
     * accepted). measurement prefixes the HELP with the TS 28.552 name; empty: an implementation metric.
     */
    private void n4Requests(PfcpCounters pfcp, String what, PfcpMessageType req, PfcpMessageType resp,
                            String reqMeasurement, String failMeasurement) {
        String accepted = PfcpCause.REQUEST_ACCEPTED.description();
        String response = resp.displayName();
        String noName = reqMeasurement.isEmpty() ? NOT_28552 : "";
        CounterWithCallback.builder().name("upf_n4_session_" + what + "_requests")
                .help(reqMeasurement + req.displayName() + "s received, malformed ones included, retransmissions"
                        + " answered from the response cache left out" + noName)
                .callback(cb -> cb.call(pfcp.get(Event.RECEIVED, req) - pfcp.get(Event.DUPLICATE_ANSWERED, req)
                        + pfcp.get(Event.REJECTED_MALFORMED, req)))
                .register(registry);
        CounterWithCallback.builder().name("upf_n4_session_" + what + "_failures")
                .help(failMeasurement + response + "s sent with a cause other than Request accepted, by cause"
                        + " (TS 29.244 §8.2.1); a retransmitted request answered again from the response cache counts"
                        + " again" + noName)
                .labelNames("cause")
                .callback(cb -> pfcp.forEach((counter, type, label, value) -> {
                    if (counter.equals(CAUSES + "sent") && response.equals(type) && !accepted.equals(label)) {
                        cb.call(value, label);
                    }
                }))
                .register(registry);
    }

    /** Adds the usage reports sent again after a timeout, and those given up (docs/agent.md, Usage reporting). */
    public void registerUsageReports(UsageReporter r) {
        counter("upf_usage_reports_resent", "Session Report Requests with usage reports sent again in a new"
                + " transaction, unchanged, after their transaction timed out (T1 x N1)", r::reportsResent);
        counter("upf_usage_reports_given_up", "Unanswered Session Report Requests with usage reports given up because"
                + " their session was deleted", r::reportsGivenUp);
    }

    /** Adds the GTP-U control path's counters (docs/agent.md, GTP-U control path). */
    public void registerGtpu(GtpuCounters g) {
        CounterWithCallback.builder().name("upf_gtpu_messages")
                .help("GTP-U messages on the agent's UDP 2152 sockets by type (TS 29.281 §6.1) and direction:"
                        + " Echo, Error Indication, Supported Extension Headers Notification, End Marker; g_pdu"
                        + " received are G-PDUs the data path handed to the stack" + NOT_28552)
                .labelNames("message_type", "direction")
                .callback(cb -> GtpuCounters.TYPE_NAMES.forEach((type, name) -> {
                    cb.call(g.receivedOf(type), name, "received");
                    cb.call(g.sentOf(type), name, "sent");
                }))
                .register(registry);
        CounterWithCallback.builder().name("upf_gtpu_not_handled")
                .help("GTP-U datagrams not handled or not answered by the agent, by reason (malformed, send_failed,"
                        + " error_indication_limited, notification_limited: per-peer gtpu.errorIndicationInterval)"
                        + NOT_28552)
                .labelNames("reason")
                .callback(cb -> {
                    cb.call(g.malformed(), "malformed");
                    cb.call(g.sendFailures(), "send_failed");
                    cb.call(g.errorIndicationsLimited(), "error_indication_limited");
                    cb.call(g.notificationsLimited(), "notification_limited");
                })
                .register(registry);
    }

    /** Adds the journal's size and compactions (state.directory; docs/agent.md, Restart without loss). */
    public void registerJournal(SessionJournal journal) {
        gauge("upf_journal_bytes", "Size of the session journal (state.directory/sessions.journal) in octets; compacted"
                + " while running once it reaches journal.compactAbove and twice its size after the last compaction",
                journal::size);
        counter("upf_journal_compactions", "Compactions of the session journal while the agent ran (the one at"
                + " start-up not counted)", journal::compactions);
    }

    /**
     * Adds the next-hop cache's TTL in force and, with a route watcher (routing.watchChanges; null without), its
     * flushes and lost notifications (docs/dataplane.md, "Invalidation: the route watcher").
     */
    public void registerRouting(Dataplane dp, RouteChangeWatcher watcher) {
        gauge("upf_nexthop_ttl_seconds", "TTL of the data path's next-hop cache in force: routing.nextHopTtl, or 0"
                + " while the routing needs every packet looked up (rules by source or port, ECMP, source-specific"
                + " routes)", () -> dp.nextHopTtl().toMillis() / 1000.0);
        if (watcher == null) {
            return;
        }
        counter("upf_nexthop_flushes", "Flushes of the next-hop cache by the route watcher after route, link, rule,"
                + " forwarding-setting or neighbour-MAC changes (coalesced; the one at start counted)", watcher::flushes);
        counter("upf_route_notifications_lost", "Overruns of the route watcher's netlink socket: notifications lost,"
                + " each answered by a flush and a re-read of neighbours, rules and routes", watcher::overruns);
    }

    public int port() {
        return server.getPort();
    }

    private <R extends Enum<R>> void byReason(String name, String help, Supplier<Map<R, Counter>> counters,
                                              boolean bytes) {
        byLabel(name, "reason", help, counters, bytes);
    }

    private <R extends Enum<R>> void byLabel(String name, String label, String help,
                                             Supplier<Map<R, Counter>> counters, boolean bytes) {
        CounterWithCallback.builder().name(name).help(help + NOT_28552).labelNames(label)
                .callback(cb -> counters.get().forEach((r, c) -> cb.call(bytes ? c.bytes() : c.packets(),
                        r.name().toLowerCase(Locale.ROOT))))
                .register(registry);
    }

    private void programs(String name, String help, Dataplane dp, ToDoubleFunction<ProgramRuns> value) {
        CounterWithCallback.builder().name(name).help(help + NOT_28552).labelNames("program")
                .callback(cb -> ProgramRuns.of(dp).forEach(p -> cb.call(value.applyAsDouble(p), p.program())))
                .register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help + NOT_28552).callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }

    private void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help + NOT_28552).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    @Override
    public void close() {
        server.close();
    }
}
