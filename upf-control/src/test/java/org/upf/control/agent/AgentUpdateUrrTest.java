package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.control.agent.AgentUsageReportTest.Smf;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;

/**
 * Update URR (TS 29.244 §7.5.4.4) changes a URR's reporting rules from the update on (§5.2.2.1), with traffic through
 * the XDP data path: a Volume Threshold lowered below the volume counted since the last report is reported at the
 * next poll without new traffic; Reporting Triggers gaining PERIO with a Measurement Period report periodically; a
 * rejected modification changes nothing; a restarted agent keeps the updated values (journal replay).
 */
class AgentUpdateUrrTest {
    private static final int OCTETS = AgentUsageReportTest.PACKET_OCTETS;
    private int sequence = 10;

    @Test
    void aVolumeThresholdLoweredBelowTheCountedVolumeIsReportedWithoutNewTraffic() throws Exception {
        try (Smf smf = new Smf(volth(1000))) {
            smf.uplink(3); // 90 octets: below 1000
            assertThat(smf.receiveOrNull(500)).isNull();

            assertThat(smf.call(update(smf, VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 60, -1, -1))).cause())
                    .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            UsageReport r = report(smf, 1500, "VOLTH");
            assertThat(r.volumeMeasurement().total()).isEqualTo(3 * OCTETS);
        }
    }

    @Test
    void reportingTriggersGainingPerioReportPeriodically() throws Exception {
        try (Smf smf = new Smf(volth(1000))) {
            smf.uplink(1);
            assertThat(smf.receiveOrNull(1500)).as("no periodic report before the update").isNull();

            assertThat(smf.call(update(smf, FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, "PERIO", "VOLTH"),
                    UintIe.of(IeType.MEASUREMENT_PERIOD, 4, 1))).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            UsageReport r = report(smf, 3000, "PERIO");
            assertThat(r.volumeMeasurement().total()).isEqualTo(OCTETS);
            assertThat(report(smf, 3000, "PERIO").urSeqn()).isEqualTo(r.urSeqn() + 1);
        }
    }

    @Test
    void aRejectedUpdateChangesNothing() throws Exception {
        try (Smf smf = new Smf(volth(100))) {
            // URR 1 lowered, URR 9 unknown: the whole request fails (§7.5.4: all or nothing).
            PfcpMessage bad = smf.call(modification(smf,
                    new UpdateUrr(List.of(UintIe.of(IeType.URR_ID, 4, 1),
                            VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 30, -1, -1))),
                    new UpdateUrr(List.of(UintIe.of(IeType.URR_ID, 4, 9),
                            VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 30, -1, -1)))));
            assertThat(bad.cause()).isEqualTo(PfcpCause.RULE_CREATION_MODIFICATION_FAILURE);
            FailedRuleId failed = bad.find(IeType.FAILED_RULE_ID, FailedRuleId.class);
            assertThat(failed.ruleType()).isEqualTo(FailedRuleId.URR);
            assertThat(failed.ruleId()).isEqualTo(9);

            // An Update URR without its URR ID: Mandatory IE missing, naming it.
            PfcpMessage missing = smf.call(modification(smf,
                    new UpdateUrr(List.of(VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 30, -1, -1)))));
            assertThat(missing.cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
            assertThat(missing.offendingIe()).isEqualTo(IeType.URR_ID.code());

            smf.uplink(2); // 60 octets: over the rejected 30, below the 100 in force
            assertThat(smf.receiveOrNull(1000)).as("the threshold in force is still 100").isNull();
            smf.uplink(2);
            assertThat(report(smf, 3000, "VOLTH").volumeMeasurement().total()).isEqualTo(4 * OCTETS);
        }
    }

    @Test
    void aRestartedAgentKeepsTheUpdatedThreshold() throws Exception {
        try (Smf smf = new Smf(true, volth(1000))) {
            assertThat(smf.call(update(smf, VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 100, -1, -1))).cause())
                    .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            smf.bed.stopAgent();
            smf.bed.startAgentAgain();
            smf.n4.agentRestarted();

            smf.uplink(2); // 60 octets: below 100
            assertThat(smf.receiveOrNull(1000)).isNull();
            smf.uplink(2); // 120 octets: over the updated 100, far below the created 1000
            assertThat(report(smf, 3000, "VOLTH").volumeMeasurement().total()).isEqualTo(4 * OCTETS);
        }
    }

    private static CreateUrr volth(long octets) {
        return new CreateUrr(List.of(UintIe.of(IeType.URR_ID, 4, 1), FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, "VOLTH"),
                FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_THRESHOLD, octets, -1, -1)));
    }

    /** A Session Modification Request with one Update URR of URR 1 carrying ies. */
    private PfcpMessage update(Smf smf, Ie... ies) {
        List<Ie> all = new ArrayList<>(List.of(UintIe.of(IeType.URR_ID, 4, 1)));
        all.addAll(List.of(ies));
        return modification(smf, new UpdateUrr(all));
    }

    /** A Session Modification Request with a sequence number of its own (a repeated one is a retransmission). */
    private PfcpMessage modification(Smf smf, Ie... ies) {
        return PfcpMessage.builder(PfcpMessageType.SESSION_MODIFICATION_REQUEST).seid(smf.upSeid)
                .sequence(sequence++).addAll(List.of(ies)).build();
    }

    /** The next Session Report Request (answered), with its one Usage Report of trigger. */
    private static UsageReport report(Smf smf, int timeoutMillis, String trigger) throws Exception {
        PfcpMessage m = smf.receive(timeoutMillis);
        smf.answer(m, PfcpCause.REQUEST_ACCEPTED);
        assertThat(m.type()).isEqualTo(PfcpMessageType.SESSION_REPORT_REQUEST);
        List<UsageReport> reports = m.findAll(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).trigger().setFlags()).containsExactly(trigger);
        return reports.get(0);
    }
}
