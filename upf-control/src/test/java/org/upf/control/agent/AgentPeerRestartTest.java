package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.control.session.MapCensus;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UintIe;

/**
 * associations.peerRestart over real UDP and real traffic: with keep, the sessions of an SMF whose Recovery Time Stamp
 * changed (TS 29.244 §6.2.3) stay and forward, the SMF sets the association up again with PFCP Session Retention
 * Information and goes on using them (§6.2.6.2.2), and a setup without it deletes them; with the default (delete,
 * also AgentN4Test.sessionsOfAnSmfThatRestartedAreDeleted) a retention request is refused.
 */
class AgentPeerRestartTest {
    static final NodeId SMF = NodeId.fqdn("smf-set.example.org");
    static final long RTS = 3_900_000_000L;

    @Test
    void keptSessionsForwardAndAreTakenOverByTheRestartedSmf() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8"),
                "associations.peerRestart", "keep"))) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.4");
            assertThat(smf.call(setup(RTS, false)).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            PfcpMessage est = smf.call(PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0)
                    .sequence(2).nodeId(SMF).add(FSeid.of(0x81, new byte[] {127, 0, 0, 4}, null))
                    .addAll(List.of(Requests.basicSession(TrafficSession.UE))).build());
            assertThat(est.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            int teid = (int) est.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(0).localFTeid().teid();
            long upSeid = est.fSeid().seid();

            // A new Recovery Time Stamp in a Heartbeat Request: the SMF restarted.
            PfcpMessage hb = PfcpMessage.builder(PfcpMessageType.HEARTBEAT_REQUEST).sequence(3)
                    .recoveryTimeStamp(RTS + 500).build();
            assertThat(smf.call(hb).type()).isEqualTo(PfcpMessageType.HEARTBEAT_RESPONSE);
            Thread.sleep(500);
            assertThat(bed.agent.sessions().count()).as("sessions kept for restoration").isEqualTo(1);
            assertThat(TrafficSession.roundTrips(bed, teid)).as("echo replies through the kept session")
                    .isEqualTo(TrafficSession.PACKETS);

            PfcpMessage again = smf.call(setup(RTS + 500, true));
            assertThat(again.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(bed.agent.sessions().count()).isEqualTo(1);
            PfcpMessage query = smf.call(Requests.modification(upSeid,
                    new GroupedIe(IeType.QUERY_URR, List.of(UintIe.of(IeType.URR_ID, 4, 1)))));
            assertThat(query.cause()).as("the restored SMF modifies its session").isEqualTo(PfcpCause.REQUEST_ACCEPTED);

            // §6.2.6.2.2: a setup without retention replaces the association and deletes its sessions.
            assertThat(smf.call(setup(RTS + 900, false)).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(bed.agent.sessions().count()).isZero();
            assertThat(MapCensus.total(bed.agent.dataplane())).isZero();
        }
    }

    @Test
    void withPeerRestartDeleteARetentionRequestIsRefused() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8")))) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.4");
            assertThat(smf.call(setup(RTS, true)).cause()).isEqualTo(PfcpCause.SERVICE_NOT_SUPPORTED);
            assertThat(bed.agent.associations().all()).isEmpty();
        }
    }

    /** Association Setup Request from SMF, with PFCP Session Retention Information (§7.4.4.1) if retain. */
    static PfcpMessage setup(long rts, boolean retain) {
        PfcpMessage.Builder b = PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(1).nodeId(SMF)
                .recoveryTimeStamp(rts);
        if (retain) {
            b.add(new GroupedIe(IeType.PFCP_SESSION_RETENTION_INFORMATION, List.of()));
        }
        return b.build();
    }
}
