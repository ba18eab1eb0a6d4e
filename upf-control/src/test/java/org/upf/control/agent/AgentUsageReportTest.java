package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.CpReason;
import org.upf.bpf.dataplane.DropReason;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.testing.Tshark;
import org.upf.control.session.MapCensus;
import org.upf.control.session.Requests;
import org.upf.control.session.UsageReporter;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;
import org.upf.pfcp.node.NtpTime;

/**
 * Usage reports the agent sends on its own (Session Report Request, TS 29.244 §7.5.8) for traffic that really went
 * through the XDP data path: volume threshold, volume quota, periodic reporting, time threshold; retransmitted
 * until answered; a "Session context not found" answer deletes the session. The SMF is a UDP socket on the UPF
 * namespace's loopback.
 */
class AgentUsageReportTest {
    static final String UE = "198.19.200.7";
    /** An inner IPv4/UDP packet with 2 octets of payload. */
    static final int PACKET_OCTETS = 30;
    static final long CP_SEID = 0xC5;

    @Test
    void volumeThresholdReportsTheUsageSinceTheLastReportAndIsRetransmittedUntilAnswered() throws Exception {
        try (Smf smf = new Smf(urr("VOLTH", FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 100, -1, -1)))) {
            smf.uplink(5);

            PfcpMessage first = smf.receive(3000);
            PfcpMessage again = smf.receive(3000);
            assertThat(again.sequence()).as("retransmission (T1 300 ms) of the unanswered request")
                    .isEqualTo(first.sequence());
            smf.answer(again, PfcpCause.REQUEST_ACCEPTED);
            assertThat(first.seid()).isEqualTo(CP_SEID);
            assertThat(first.find(IeType.REPORT_TYPE, FlagsIe.class).has("USAR")).isTrue();
            UsageReport r = only(first);
            assertThat(r.urrId()).isEqualTo(1);
            assertThat(r.urSeqn()).isZero();
            assertThat(r.trigger().setFlags()).containsExactly("VOLTH");
            assertVolume(r, 5 * PACKET_OCTETS, 5 * PACKET_OCTETS, 0);
            long now = NtpTime.seconds(java.time.Instant.now());
            assertThat(r.startTime()).isBetween(now - 10, now);
            assertThat(r.endTime()).isBetween(r.startTime(), now);

            smf.uplink(2); // 60 octets since the report: below the threshold
            assertThat(smf.receiveOrNull(1500)).as("no report below the threshold").isNull();
            smf.uplink(2);
            PfcpMessage second = smf.receive(3000);
            smf.answer(second, PfcpCause.REQUEST_ACCEPTED);
            UsageReport r2 = only(second);
            assertThat(r2.urSeqn()).isEqualTo(1);
            assertVolume(r2, 4 * PACKET_OCTETS, 4 * PACKET_OCTETS, 0);

            List<byte[]> frames = smf.n4.frames();
            assertThat(Tshark.fields(frames, "pfcp.msg_type")).extracting(f -> f.get(0)).contains("56");
            assertThat(Tshark.expertProblems(frames)).isEmpty();
        }
    }

    /**
     * The poller reads a volume-watched URR's counters only when the data path marked them as moved (and once more in
     * the pass after), after a modification of it, or on the first pass after a start: a new, idle session costs no
     * read, and traffic crossing the threshold is still reported at the next poll.
     */
    @Test
    void anIdleUrrIsNotReadAndTrafficCrossingItsThresholdIsReported() throws Exception {
        try (Smf smf = new Smf(urr("VOLTH", FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 100, -1, -1)))) {
            UsageReporter reporter = smf.bed.agent.usageReports();
            Thread.sleep(500); // five poll intervals
            long reads = reporter.volumeReads();
            assertThat(reads).as("reads of the new, idle URR (its counters start at zero)").isZero();

            smf.uplink(2); // 60 octets: read, below the threshold
            assertThat(smf.receiveOrNull(500)).as("no report below the threshold").isNull();
            long afterTraffic = settledReads(reporter);
            // the pass that finds a mark and the next; the two packets may be drained in two passes: then three
            assertThat(afterTraffic - reads).as("reads after traffic: its passes and the next").isBetween(1L, 3L);

            smf.uplink(2); // 120 octets
            PfcpMessage m = smf.receive(3000);
            smf.answer(m, PfcpCause.REQUEST_ACCEPTED);
            UsageReport r = only(m);
            assertThat(r.trigger().setFlags()).containsExactly("VOLTH");
            assertVolume(r, 4 * PACKET_OCTETS, 4 * PACKET_OCTETS, 0);
        }
    }

    /**
     * Packets forwarded while no agent runs (the pinned links and maps go on) cross the threshold and their marks are
     * drained before the restart: the restarted agent reads every URR rebuilt from its journal in its first pass and
     * reports them.
     */
    @Test
    void trafficWhileNoAgentRanIsReportedByTheRestartedAgent() throws Exception {
        try (Smf smf = new Smf(true, urr("VOLTH", FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 100, -1, -1)))) {
            smf.uplink(2); // 60 octets: below the threshold
            assertThat(smf.receiveOrNull(500)).isNull();
            smf.bed.stopAgent();
            smf.uplink(2); // 120 octets, forwarded and counted by the data path alone
            // as if the poller had drained the marks of these packets and then stopped: only the first pass over the
            // sessions restored from the journal (UrrIndex.trackRestored) can find the URR now
            assertThat(smf.bed.drainPinnedUrrMarks()).as("marks the packets left").isPositive();
            smf.bed.startAgentAgain();
            smf.n4.agentRestarted();

            PfcpMessage m = smf.receive(3000);
            smf.answer(m, PfcpCause.REQUEST_ACCEPTED);
            UsageReport r = only(m);
            assertThat(r.trigger().setFlags()).containsExactly("VOLTH");
            assertVolume(r, 4 * PACKET_OCTETS, 4 * PACKET_OCTETS, 0);
            assertThat(smf.bed.agent.usageReports().volumeReads()).as("the first pass read it").isPositive();
        }
    }

    /** The poller's volume reads once they stopped changing for three poll intervals (bounded: 5 s). */
    private static long settledReads(UsageReporter reporter) throws InterruptedException {
        long reads = reporter.volumeReads();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            long now = reporter.volumeReads();
            if (now == reads) {
                return now;
            }
            reads = now;
        }
        throw new AssertionError("the volume reads of an idle URR never stopped growing: " + reads);
    }

    @Test
    void usedUpVolumeQuotaIsReportedOnceAndStopsTrafficUntilANewQuota() throws Exception {
        try (Smf smf = new Smf(urr("VOLQU", FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_QUOTA, -1, 90, -1)))) {
            UsageReport r = smf.reportAfter(3, "VOLQU");
            assertVolume(r, 3 * PACKET_OCTETS, 3 * PACKET_OCTETS, 0);

            // TS 29.244 §5.2.2.2.1: no FAR ID for Quota Action, so the UPF stops forwarding (a DROP FAR).
            long dropped = smf.drops(DropReason.FAR_DROP);
            assertThat(smf.uplinkDelivered(3)).as("packets reaching the data network").isZero();
            assertThat(smf.drops(DropReason.FAR_DROP) - dropped).isEqualTo(3);
            assertThat(smf.receiveOrNull(1000)).as("the used-up quota is not reported again").isNull();

            // A new quota (Update URR) lets the traffic through again; it counts from the grant.
            PfcpMessage granted = smf.call(Requests.modification(smf.upSeid, new UpdateUrr(List.of(
                    UintIe.of(IeType.URR_ID, 4, 1), VolumeIe.volumes(IeType.VOLUME_QUOTA, -1, 60, -1)))));
            assertThat(granted.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            UsageReport again = smf.reportAfter(2, "VOLQU");
            assertThat(again.urSeqn()).isEqualTo(1);
            assertVolume(again, 2 * PACKET_OCTETS, 2 * PACKET_OCTETS, 0);
            assertThat(smf.uplinkDelivered(1)).as("stopped again after the second quota").isZero();
        }
    }

    /**
     * A Volume Quota of zero grants nothing: the new URR is read at its first pass though no packet marked it, reported
     * (VOLQU, nothing counted) and its traffic stopped.
     */
    @Test
    void aVolumeQuotaOfZeroIsReportedWithoutTraffic() throws Exception {
        try (Smf smf = new Smf(urr("VOLQU", FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_QUOTA, 0, -1, -1)))) {
            PfcpMessage m = smf.receive(1500);
            smf.answer(m, PfcpCause.REQUEST_ACCEPTED);
            UsageReport r = only(m);
            assertThat(r.trigger().setFlags()).containsExactly("VOLQU");
            assertVolume(r, 0, 0, 0);
            Thread.sleep(300); // the quota stop is applied on the event loop after the report
            assertThat(smf.uplinkDelivered(1)).as("nothing granted, nothing forwarded").isZero();
        }
    }

    @Test
    void usedUpQuotaAppliesTheFarIdForQuotaAction() throws Exception {
        CreateFar buffer = new CreateFar(List.of(UintIe.of(IeType.FAR_ID, 4, 3),
                FlagsIe.of(IeType.APPLY_ACTION, "BUFF")));
        try (Smf smf = new Smf(urr("VOLQU", FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_QUOTA, 60, -1, -1), UintIe.of(IeType.FAR_ID, 4, 3)), buffer)) {
            smf.reportAfter(2, "VOLQU");

            long buffered = smf.bed.agent.dataplane().controlPath().get(CpReason.BUFF).packets();
            long dropped = smf.drops(DropReason.FAR_DROP);
            assertThat(smf.uplinkDelivered(2)).isZero();
            assertThat(smf.bed.agent.dataplane().controlPath().get(CpReason.BUFF).packets() - buffered)
                    .as("packets the quota-action FAR (BUFF) took").isEqualTo(2);
            assertThat(smf.drops(DropReason.FAR_DROP)).isEqualTo(dropped);
        }
    }

    @Test
    void timeQuotaStopsTrafficWhenItElapses() throws Exception {
        try (Smf smf = new Smf(urr("TIMQU", FlagsIe.of(IeType.MEASUREMENT_METHOD, "DURAT", "VOLUM"),
                UintIe.of(IeType.TIME_QUOTA, 4, 1)))) {
            UsageReport r = smf.reportAfter(1, "TIMQU");
            assertThat(r.durationMeasurement()).isGreaterThanOrEqualTo(1);
            assertThat(smf.uplinkDelivered(2)).isZero();
        }
    }

    @Test
    void periodicReportsUntilTheSmfNoLongerKnowsTheSession() throws Exception {
        try (Smf smf = new Smf(urr("PERIO", FlagsIe.of(IeType.MEASUREMENT_METHOD, "DURAT",
                "VOLUM"), UintIe.of(IeType.MEASUREMENT_PERIOD, 4, 1)))) {
            UsageReport r = smf.reportAfter(3, "PERIO");
            assertThat(r.urSeqn()).isZero();
            assertVolume(r, 3 * PACKET_OCTETS, 3 * PACKET_OCTETS, 0);
            assertThat(r.durationMeasurement()).isBetween(0L, 2L);

            PfcpMessage next = smf.receive(3000);
            UsageReport r2 = only(next);
            assertThat(r2.urSeqn()).isEqualTo(1);
            assertVolume(r2, 0, 0, 0);

            // TS 29.244 §7.5.9.1: the SMF does not know the session any more, so neither does the UPF.
            smf.answer(next, PfcpCause.SESSION_CONTEXT_NOT_FOUND);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (smf.bed.agent.sessions().count() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(smf.bed.agent.sessions().count()).isZero();
            assertThat(MapCensus.total(smf.bed.agent.dataplane())).as("entries left in the maps").isZero();
        }
    }

    @Test
    void timeThresholdElapsed() throws Exception {
        try (Smf smf = new Smf(urr("TIMTH", FlagsIe.of(IeType.MEASUREMENT_METHOD, "DURAT",
                "VOLUM"), UintIe.of(IeType.TIME_THRESHOLD, 4, 1)))) {
            UsageReport r = smf.reportAfter(1, "TIMTH");
            assertThat(r.durationMeasurement()).isGreaterThanOrEqualTo(1);
            assertVolume(r, PACKET_OCTETS, PACKET_OCTETS, 0);
        }
    }

    private static CreateUrr urr(String trigger, Ie... ies) {
        List<Ie> all = new ArrayList<>(List.of(UintIe.of(IeType.URR_ID, 4, 1),
                FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, trigger)));
        all.addAll(Arrays.asList(ies));
        return new CreateUrr(all);
    }

    private static UsageReport only(PfcpMessage m) {
        assertThat(m.type()).isEqualTo(PfcpMessageType.SESSION_REPORT_REQUEST);
        List<UsageReport> reports = m.findAll(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }

    private static void assertVolume(UsageReport r, long total, long uplink, long downlink) {
        VolumeIe v = r.volumeMeasurement();
        assertThat(new long[] {v.total(), v.uplink(), v.downlink()}).containsExactly(total, uplink, downlink);
    }

    /** An agent, an associated SMF socket on 127.0.0.5 and one session with URR 1 as given on the uplink PDR. */
    static final class Smf implements AutoCloseable {
        final AgentTestbed bed;
        final SmfPeer n4;
        final long teid;
        final long upSeid;

        Smf(CreateUrr urr, Ie... extra) throws Exception {
            this(false, urr, extra);
        }

        /** keepState: maps, links and journal pinned, so that the agent can be stopped and started again. */
        Smf(boolean keepState, CreateUrr urr, Ie... extra) throws Exception {
            bed = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8"), "reports.usagePollInterval", "100ms",
                    "pfcp.t1", "300ms", "pfcp.n1", "3"), keepState);
            try {
                n4 = new SmfPeer(bed, "127.0.0.5");
                PfcpMessage setup = PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(1)
                        .nodeId(Requests.SMF).recoveryTimeStamp(3_900_000_000L).build();
                assertThat(call(setup).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                PfcpMessage est = PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0)
                        .sequence(2).nodeId(Requests.SMF).add(FSeid.of(CP_SEID, new byte[] {127, 0, 0, 5}, null))
                        .addAll(List.of(Requests.uplinkPdr(1, 1, 1), Requests.downlinkPdr(2, UE, 2), Requests.farToN6(1),
                                Requests.farToGnb(2, 0x2001), Requests.qer(1), urr))
                        .addAll(Arrays.asList(extra))
                        .build();
                PfcpMessage r = call(est);
                assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                teid = r.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(0).localFTeid().teid();
                upSeid = r.fSeid().seid();
            } catch (Exception | AssertionError e) {
                bed.close();
                throw e;
            }
        }

        PfcpMessage call(PfcpMessage request) throws Exception {
            return n4.call(request);
        }

        /** n uplink G-PDUs from the gNB namespace, UE -> data network (each PACKET_OCTETS inner octets). */
        void uplink(int n) throws Exception {
            assertThat(uplinkDelivered(n)).as("uplink packets forwarded to the data network").isEqualTo(n);
        }

        /** Sends n uplink G-PDUs; returns how many reached the data network (1 s timeout per missing one). */
        int uplinkDelivered(int n) throws Exception {
            InetSocketAddress upfN3 = new InetSocketAddress(AgentTestbed.UPF_N3, 2152);
            for (int k = 0; k < n; k++) {
                byte[] gpdu = Packet.builder().gtpu(teid).pduSessionContainerUl(9).ipv4(UE, AgentTestbed.DN)
                        .udp(30000 + k, AgentTestbed.ECHO_PORT).payload(new byte[2]).build();
                bed.gnbSocket.send(new DatagramPacket(gpdu, gpdu.length, upfN3));
            }
            bed.echo.setSoTimeout(1000);
            byte[] buf = new byte[2048];
            int delivered = 0;
            for (int k = 0; k < n; k++) {
                try {
                    bed.echo.receive(new DatagramPacket(buf, buf.length)); // forwarded by the data path
                    delivered++;
                } catch (java.net.SocketTimeoutException none) {
                    break;
                }
            }
            return delivered;
        }

        long drops(DropReason reason) {
            return bed.agent.dataplane().drops().get(reason).packets();
        }

        PfcpMessage receive(int timeoutMillis) throws Exception {
            return n4.receive(timeoutMillis);
        }

        PfcpMessage receiveOrNull(int timeoutMillis) throws Exception {
            return n4.receiveOrNull(timeoutMillis);
        }

        /** Sends n uplink packets, then receives and accepts the one report they cause, with trigger. */
        UsageReport reportAfter(int n, String trigger) throws Exception {
            uplink(n);
            PfcpMessage m = receive(3000);
            answer(m, PfcpCause.REQUEST_ACCEPTED);
            UsageReport r = only(m);
            assertThat(r.trigger().setFlags()).containsExactly(trigger);
            return r;
        }

        void answer(PfcpMessage request, PfcpCause cause) throws Exception {
            n4.answer(request, cause);
        }

        @Override
        public void close() {
            bed.close();
        }
    }
}
