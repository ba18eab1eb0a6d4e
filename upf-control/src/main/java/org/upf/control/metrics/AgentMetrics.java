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
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.upf.bpf.dataplane.Counter;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.Direction;
import org.upf.control.api.ProgramRuns;
import org.upf.control.assoc.Associations;
import org.upf.control.gtpu.GtpuCounters;
import org.upf.control.session.SessionService;
import org.upf.control.session.UpResources;
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
                         Associations associations, UpResources resources) {
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
        n3(dp);
        n4(pfcp);
        programs("upf_bpf_program_runs", "Runs of each XDP program (kernel BPF statistics, counted while"
                + " bpf.runStats or the sysctl kernel.bpf_stats_enabled is on)", dp, p -> p.stats().runCount());
        programs("upf_bpf_program_run_seconds", "Time each XDP program ran (kernel BPF statistics, counted while"
                + " bpf.runStats or the sysctl kernel.bpf_stats_enabled is on)", dp,
                p -> p.stats().runTimeNanos() / 1e9);
        gauge("upf_pfcp_sessions", "PFCP sessions (one per PDU session served by this UPF)", sessions::count);
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

    /** Registers every metric and serves them on address (port 0: a free port, see {@link #port()}). */
    public static AgentMetrics start(InetSocketAddress address, Dataplane dp, PfcpCounters pfcp,
                                     SessionService sessions, Associations associations, UpResources resources) {
        return new AgentMetrics(address, dp, pfcp, sessions, associations, resources);
    }

    /**
     * TS 28.552 §5.4.1.1 GTP.InDataPktN3UPF and §5.4.1.2 GTP.OutDataPktN3UPF from the data path's forwarded
     * counters (upf_fwd_v1): uplink G-PDUs it decapsulated and forwarded, downlink packets it encapsulated toward the
     * (R)AN. The octet measurements (GTP.InDataOctN3UPF, GTP.OutDataOctN3UPF) are not exported: the data path counts
     * inner IP bytes, and the GTP-U overhead varies per packet (outer IPv4 or IPv6, extension headers, PDU Session
     * Container), so no exact N3 octet total can be derived from it.
     */
    private void n3(Dataplane dp) {
        CounterWithCallback.builder().name("upf_n3_gtp_in_data_packets")
                .help("TS 28.552 GTP.InDataPktN3UPF (§5.4.1.1): G-PDUs from the (R)AN the data path accepted and"
                        + " forwarded uplink; G-PDUs dropped by a rule after decapsulation are in"
                        + " upf_datapath_dropped_packets, and with n9.interface set N9 ingress is included")
                .callback(cb -> cb.call(dp.forwarded().get(Direction.UPLINK).packets()))
                .register(registry);
        CounterWithCallback.builder().name("upf_n3_gtp_out_data_packets")
                .help("TS 28.552 GTP.OutDataPktN3UPF (§5.4.1.2): G-PDUs the data path generated toward the (R)AN"
                        + " (downlink packets encapsulated and forwarded)")
                .callback(cb -> cb.call(dp.forwarded().get(Direction.DOWNLINK).packets()))
                .register(registry);
    }

    /**
     * The N4 measurements of TS 28.552 this UPF can count from its PFCP node: session establishment requests and
     * failures (SM.N4SessionEstabReq, SM.N4SessionEstabFail.cause) and the session reports it sends
     * (SM.N4SessionReport, SM.N4SessionReportSucc).
     */
    private void n4(PfcpCounters pfcp) {
        PfcpMessageType req = PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST;
        String accepted = PfcpCause.REQUEST_ACCEPTED.description();
        String response = PfcpMessageType.SESSION_ESTABLISHMENT_RESPONSE.displayName();
        CounterWithCallback.builder().name("upf_n4_session_establishment_requests")
                .help("TS 28.552 SM.N4SessionEstabReq: Session Establishment Requests received, malformed ones"
                        + " included, retransmissions answered from the response cache left out")
                .callback(cb -> cb.call(pfcp.get(Event.RECEIVED, req) - pfcp.get(Event.DUPLICATE_ANSWERED, req)
                        + pfcp.get(Event.REJECTED_MALFORMED, req)))
                .register(registry);
        CounterWithCallback.builder().name("upf_n4_session_establishment_failures")
                .help("TS 28.552 SM.N4SessionEstabFail.cause: Session Establishment Responses sent with a cause"
                        + " other than Request accepted, by cause (TS 29.244 §8.2.1); a retransmitted request"
                        + " answered again from the response cache counts again")
                .labelNames("cause")
                .callback(cb -> pfcp.forEach((counter, type, label, value) -> {
                    if (counter.equals(CAUSES + "sent") && response.equals(type) && !accepted.equals(label)) {
                        cb.call(value, label);
                    }
                }))
                .register(registry);
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

    private void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help + NOT_28552).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    @Override
    public void close() {
        server.close();
    }
}
