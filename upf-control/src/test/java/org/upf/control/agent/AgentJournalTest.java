package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;

/**
 * The journal keeps each URR's reporting state (TS 29.244 §5.2.2): an agent restarted on the pinned maps continues
 * the UR-SEQN sequence (§8.2.71), also after reports it sent on its own (Session Report Request), and reports only
 * usage it has not reported yet.
 */
class AgentJournalTest {
    private static final long OCTETS = TrafficSession.PACKETS * TrafficSession.INNER;
    private int sequence = 1;

    @Test
    void usageReportsContinueAcrossRestarts() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("journal.sync", "always", "reports.usagePollInterval",
                "100ms", "smf.allowed", List.of("127.0.0.0/8")), true)) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.6");
            long[] session = associateAndEstablish(bed, smf);
            long seid = session[0];
            int teid = (int) session[1];
            PfcpMessage report = smf.receive(3000); // the uplink threshold is reached: the agent reports
            smf.answer(report, PfcpCause.REQUEST_ACCEPTED);
            UsageReport first = report.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(first.urSeqn()).isZero();
            assertThat(first.volumeMeasurement().uplink()).isEqualTo(OCTETS);

            bed.restartAgent();

            UsageReport second = query(smf, seid);
            assertThat(second.urSeqn()).as("UR-SEQN goes on after the restart").isEqualTo(1);
            assertThat(second.volumeMeasurement().uplink()).as("usage reported before the restart is not again")
                    .isZero();
            bed.restartAgent(); // the second agent's compacted journal keeps the state too
            smf.agentRestarted();
            assertThat(TrafficSession.roundTrips(bed, teid)).isEqualTo(TrafficSession.PACKETS);
            PfcpMessage again = smf.receive(3000);
            smf.answer(again, PfcpCause.REQUEST_ACCEPTED);
            UsageReport third = again.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(third.urSeqn()).isEqualTo(2);
            assertThat(third.volumeMeasurement().uplink()).isEqualTo(OCTETS);
        }
    }

    /**
     * A usage report journaled and sent, but not answered when the agent stopped (or crashed), is sent again by the
     * restarted agent with the same UR-SEQN and usage (TS 29.244 §8.2.71): its usage is not lost. Once answered it is
     * not sent again, and the next report goes on with the next UR-SEQN.
     */
    @Test
    void aUsageReportTheSmfDidNotAnswerIsSentAgainAfterARestart() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("reports.usagePollInterval", "100ms", "pfcp.t1", "1s",
                "smf.allowed", List.of("127.0.0.0/8")), true)) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.6");
            long[] session = associateAndEstablish(bed, smf);
            PfcpMessage lost = smf.receive(3000); // the VOLTH report, never answered
            UsageReport first = lost.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(first.urSeqn()).isZero();

            bed.restartAgent(); // the report's transaction is cut short
            smf.agentRestarted();

            PfcpMessage again = smf.receive(3000);
            assertThat(again.type()).isEqualTo(PfcpMessageType.SESSION_REPORT_REQUEST);
            assertThat(again.sequence()).as("a new transaction").isNotEqualTo(lost.sequence());
            UsageReport resent = again.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(resent.urSeqn()).isZero();
            assertThat(resent.volumeMeasurement().uplink()).isEqualTo(OCTETS);
            smf.answer(again, PfcpCause.REQUEST_ACCEPTED);

            bed.restartAgent(); // answered: not sent a third time, also from the compacted journal
            smf.agentRestarted();
            assertThat(smf.receiveOrNull(1500)).as("nothing more to report").isNull();
            assertThat(TrafficSession.roundTrips(bed, (int) session[1])).isEqualTo(TrafficSession.PACKETS);
            PfcpMessage next = smf.receive(3000);
            smf.answer(next, PfcpCause.REQUEST_ACCEPTED);
            UsageReport third = next.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(third.urSeqn()).isEqualTo(1);
            assertThat(third.volumeMeasurement().uplink()).isEqualTo(OCTETS);
        }
    }

    /**
     * The SMF is briefly unreachable: a usage report whose transaction times out (T1 x N1 without an answer) stays
     * pending and is sent again by the running agent, unchanged (same UR-SEQN, same volume) in a new transaction;
     * once answered it is not sent again, and the next report of the URR goes on with the next UR-SEQN (the usage
     * arrived once).
     */
    @Test
    void aUsageReportWhoseTransactionTimedOutIsSentAgainUntilAnswered() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("reports.usagePollInterval", "100ms", "pfcp.t1", "300ms",
                "pfcp.n1", "1", "smf.allowed", List.of("127.0.0.0/8"), "metrics.address", "127.0.0.1:0"), true)) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.6");
            long[] session = associateAndEstablish(bed, smf);
            PfcpMessage lost = smf.receive(3000); // the VOLTH report: the SMF does not answer it nor its retransmission
            UsageReport first = lost.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(first.urSeqn()).isZero();

            PfcpMessage again = smf.receive(3000);
            for (int i = 0; i < 5 && again.sequence() == lost.sequence(); i++) {
                again = smf.receive(3000); // the node's retransmissions of the first transaction
            }
            assertThat(again.type()).isEqualTo(PfcpMessageType.SESSION_REPORT_REQUEST);
            assertThat(again.sequence()).as("a new transaction").isNotEqualTo(lost.sequence());
            UsageReport resent = again.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(resent.urSeqn()).as("the same report").isZero();
            assertThat(resent.trigger().setFlags()).isEqualTo(first.trigger().setFlags());
            assertThat(new long[] {resent.startTime(), resent.endTime()})
                    .containsExactly(first.startTime(), first.endTime());
            assertThat(resent.volumeMeasurement().uplink()).isEqualTo(OCTETS);
            smf.answer(again, PfcpCause.REQUEST_ACCEPTED);

            assertThat(smf.receiveOrNull(1500)).as("answered: nothing sent again").isNull();
            assertThat(bed.agent.usageReports().reportsResent()).isEqualTo(1);
            assertThat(AgentMetricsTest.value(AgentMetricsTest.scrape(bed, "/metrics"),
                    "upf_usage_reports_resent_total")).isEqualTo(1.0);
            assertThat(TrafficSession.roundTrips(bed, (int) session[1])).isEqualTo(TrafficSession.PACKETS);
            PfcpMessage next = smf.receive(3000);
            smf.answer(next, PfcpCause.REQUEST_ACCEPTED);
            UsageReport second = next.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
            assertThat(second.urSeqn()).isEqualTo(1);
            assertThat(second.volumeMeasurement().uplink()).as("only the usage since the first report")
                    .isEqualTo(OCTETS);
        }
    }

    /**
     * A usage report still unanswered when its session is deleted is given up (counted) instead of being sent again,
     * and is not sent again after a restart either.
     */
    @Test
    void anUnansweredUsageReportOfADeletedSessionIsGivenUp() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("reports.usagePollInterval", "100ms", "pfcp.t1", "300ms",
                "pfcp.n1", "1", "smf.allowed", List.of("127.0.0.0/8")), true)) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.6");
            long[] session = associateAndEstablish(bed, smf);
            PfcpMessage lost = smf.receive(3000); // never answered
            assertThat(lost.type()).isEqualTo(PfcpMessageType.SESSION_REPORT_REQUEST);
            assertThat(smf.call(PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST)
                    .seid(session[0]).sequence(sequence++).build()).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);

            for (int i = 0; i < 50 && bed.agent.usageReports().reportsGivenUp() == 0; i++) {
                PfcpMessage m = smf.receiveOrNull(100);
                assertThat(m == null || m.sequence() == lost.sequence()).as("only retransmissions of the report")
                        .isTrue();
            }
            assertThat(bed.agent.usageReports().reportsGivenUp()).isEqualTo(1);
            assertThat(bed.agent.usageReports().reportsResent()).isZero();

            bed.restartAgent();
            smf.agentRestarted();
            assertThat(smf.receiveOrNull(1500)).as("nothing to send again").isNull();
        }
    }

    /**
     * A long-running agent compacts its journal while it serves requests (journal.compactAbove): sessions come and go
     * until it did, one session lives throughout with usage reports and modifications; the agent restarted from the
     * compacted journal has exactly that session, with its SEID and its UR-SEQN sequence, and no other.
     */
    @Test
    void theJournalIsCompactedWhileRunningAndARestartRebuildsFromIt() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("journal.compactAbove", "64KiB", "reports.usagePollInterval",
                "100ms", "smf.allowed", List.of("127.0.0.0/8"), "metrics.address", "127.0.0.1:0"), true)) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.6");
            long[] session = associateAndEstablish(bed, smf);
            long seid = session[0];
            int teid = (int) session[1];
            PfcpMessage report = smf.receive(3000);
            smf.answer(report, PfcpCause.REQUEST_ACCEPTED);
            long seqn = report.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class).urSeqn();

            int churned = 0;
            while (bed.agent.journal().compactions() < 2 && churned < 2_000) {
                PfcpMessage other = establish(smf, "198.19.200." + (20 + churned % 200));
                assertThat(smf.call(PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST)
                        .seid(other.fSeid().seid()).sequence(sequence++).build()).cause())
                        .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                if (++churned % 40 == 0) {
                    UsageReport r = query(smf, seid);
                    assertThat(r.urSeqn()).isEqualTo(++seqn);
                }
            }
            assertThat(bed.agent.journal().compactions()).as("compactions after %d sessions", churned).isEqualTo(2);
            String metrics = AgentMetricsTest.scrape(bed, "/metrics");
            assertThat(AgentMetricsTest.value(metrics, "upf_journal_compactions_total")).isEqualTo(2.0);
            assertThat(AgentMetricsTest.value(metrics, "upf_journal_bytes")).isPositive().isLessThan(3 * 65536);

            bed.restartAgent();

            assertThat(bed.agent.sessions().seids()).containsExactly(seid);
            assertThat(query(smf, seid).urSeqn()).as("UR-SEQN goes on").isEqualTo(seqn + 1);
            assertThat(TrafficSession.roundTrips(bed, teid)).isEqualTo(TrafficSession.PACKETS);
        }
    }

    private void associate(SmfPeer smf) throws Exception {
        assertThat(smf.call(PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(sequence++)
                .nodeId(Requests.SMF).recoveryTimeStamp(3_900_000_000L).build()).cause())
                .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
    }

    /** Associates smf, establishes a session for TrafficSession.UE and sends its traffic: {SEID, uplink TEID}. */
    private long[] associateAndEstablish(AgentTestbed bed, SmfPeer smf) throws Exception {
        associate(smf);
        PfcpMessage est = establish(smf, TrafficSession.UE);
        int teid = (int) est.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(0).localFTeid().teid();
        assertThat(TrafficSession.roundTrips(bed, teid)).isEqualTo(TrafficSession.PACKETS);
        return new long[] {est.fSeid().seid(), teid};
    }

    /** A Session Establishment Request from smf with basicSession(ue) whose URR reports each PACKETS uplink. */
    private PfcpMessage establish(SmfPeer smf, String ue) throws Exception {
        Ie[] plan = Requests.basicSession(ue);
        plan[5] = new CreateUrr(List.of(UintIe.of(IeType.URR_ID, 4, 1), FlagsIe.of(IeType.REPORTING_TRIGGERS, 2,
                "VOLTH"), FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_THRESHOLD, -1, OCTETS, -1)));
        PfcpMessage est = smf.call(PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0)
                .sequence(sequence++).nodeId(Requests.SMF).add(FSeid.of(0xD1, new byte[] {127, 0, 0, 6}, null))
                .addAll(List.of(plan)).build());
        assertThat(est.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        return est;
    }

    /**
     * TS 29.244 §6.4: an SMF keeps its responses to the UPF's requests for its retransmission window; a restarted agent
     * must not number its first requests with numbers it used just before, or the SMF could answer one from that
     * cache without processing it. The agent's heartbeats before and after a restart carry distinct numbers, and
     * across a second restart (compacted journal) as well.
     */
    @Test
    void aRestartedAgentDoesNotReuseItsRecentRequestSequenceNumbers() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("pfcp.heartbeatInterval", "100ms",
                "smf.allowed", List.of("127.0.0.0/8")), true)) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.6");
            associate(smf);
            java.util.Set<Integer> used = new java.util.HashSet<>(heartbeatSequences(smf, 5));
            for (int restart = 0; restart < 2; restart++) {
                bed.restartAgent();
                smf.agentRestarted();
                List<Integer> next = heartbeatSequences(smf, 5);
                assertThat(next).as("requests after restart %d", restart + 1).doesNotContainAnyElementsOf(used);
                used.addAll(next);
            }
        }
    }

    /** The agent's next n Heartbeat Requests to smf, each answered (§7.4.2.2), as their sequence numbers. */
    private static List<Integer> heartbeatSequences(SmfPeer smf, int n) throws Exception {
        List<Integer> seqs = new java.util.ArrayList<>();
        while (seqs.size() < n) {
            PfcpMessage m = smf.receive(3000);
            if (m.type() == PfcpMessageType.HEARTBEAT_REQUEST) {
                smf.answer(m, m.responseBuilder().recoveryTimeStamp(3_900_000_000L).build());
                seqs.add(m.sequence());
            }
        }
        return seqs;
    }

    /** Session Modification Request with Query URR 1 (§7.5.4.10): its IMMER Usage Report. */
    private UsageReport query(SmfPeer smf, long seid) throws Exception {
        PfcpMessage m = smf.call(PfcpMessage.builder(PfcpMessageType.SESSION_MODIFICATION_REQUEST).seid(seid)
                .sequence(sequence++).add(new GroupedIe(IeType.QUERY_URR, List.of(UintIe.of(IeType.URR_ID, 4, 1))))
                .build());
        assertThat(m.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        return m.findAll(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, UsageReport.class).get(0);
    }
}
