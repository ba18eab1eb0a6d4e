package org.upf.control.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.upf.bpf.dataplane.ControlEvent;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.DownlinkDataServiceInformation;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.message.SessionReportRequest;

/**
 * Downlink Data Reports (TS 29.244 §5.2.3.1 / §7.5.8.2): the data path raises a NOTIFY event (CpReason.NOTIFY) when
 * a downlink packet hits a FAR with NOCP, at most one per session per {@code reports.downlinkNotifyInterval}; the
 * event names the session slot and the PDR slot. This sends the session's CP function a Session Report Request with
 * Report Type DLDR (§8.2.21) and a Downlink Data Report: the PDR ID and, when the packet's QoS flow is known (the
 * PDR's flow QER carries a QFI), Downlink Data Service Information with that QFI (§8.2.27, QFII).
 *
 * <p>NOCP asks to notify "the arrival of a first downlink packet being buffered" (§8.2.26; TS 23.502 §4.2.3.3
 * step 2a): one report per FAR and idle period. After a report the FAR stays reported until the CP function sends an
 * Update FAR for it (typically FORW when the UE is reachable again, or a new BUFF|NOCP), however many events the data
 * path raises meanwhile. Events that arrive after the FAR stopped notifying (it was switched while the event was in
 * the ring) are dropped.
 */
public final class DownlinkDataReporter {
    /** §8.2.26 octet 5 bit 4. */
    static final int NOCP = 0x08;
    /** §8.2.27 octet 5 bit 2: QFI present. */
    private static final int QFII = 0x02;

    private final SessionService sessions;
    private final SessionReports send;
    private final AtomicLong sent = new AtomicLong();

    /** send: the PFCP node's {@code send(request, peer)}. */
    public DownlinkDataReporter(SessionService sessions,
                                BiFunction<PfcpMessage, InetSocketAddress, CompletableFuture<PfcpMessage>> send) {
        this.sessions = sessions;
        this.send = new SessionReports(sessions, send);
    }

    /** The NOTIFY handler for the {@code ControlEventPump} (its thread). */
    public void onNotify(ControlEvent e) {
        SessionRecord s = sessions.bySlot(e.session());
        PfcpMessage req = s == null ? null : report(s.state(), e.pdr(), sessions.resources().downlinkReported);
        if (req != null) {
            sent.incrementAndGet();
            send.send(s, req, "Downlink Data Report");
        }
    }

    /** Downlink Data Reports sent so far. */
    public long sent() {
        return sent.get();
    }

    /**
     * The Session Report Request for a NOTIFY event on PDR slot pdrSlot of s, or null when there is nothing to
     * report: an unknown PDR slot, a FAR that no longer notifies, or one reported already in this idle period.
     */
    static PfcpMessage report(SessionState s, int pdrSlot, SlotMarks reported) {
        PdrSpec pdr = pdrInSlot(s, pdrSlot);
        FarSpec far = pdr == null ? null : s.fars.get(pdr.farId());
        if (far == null || (far.applyAction() & NOCP) == 0 || !reported.mark(s.farSlots.get(far.id()))) {
            return null;
        }
        List<Ie> report = new ArrayList<>(2);
        report.add(UintIe.of(IeType.PDR_ID, pdr.id()));
        Integer qfi = qfi(s, pdr);
        if (qfi != null) {
            report.add(new DownlinkDataServiceInformation(QFII, DownlinkDataServiceInformation.ABSENT, qfi));
        }
        return SessionReportRequest.of(s.cpSeid, 0, FlagsIe.of(IeType.REPORT_TYPE, "DLDR"),
                new GroupedIe(IeType.DOWNLINK_DATA_REPORT, report));
    }

    private static PdrSpec pdrInSlot(SessionState s, int pdrSlot) {
        for (Map.Entry<Integer, Integer> e : s.pdrSlots.entrySet()) {
            if (e.getValue() == pdrSlot) {
                return s.pdrs.get(e.getKey());
            }
        }
        return null;
    }

    /** The QFI the data path marks the PDR's packets with: its flow QER's (the first one, RulesTranslator). */
    private static Integer qfi(SessionState s, PdrSpec pdr) {
        QerSpec flow = pdr.qerIds().isEmpty() ? null : s.qers.get(pdr.qerIds().get(0));
        return flow == null ? null : flow.qfi();
    }
}
