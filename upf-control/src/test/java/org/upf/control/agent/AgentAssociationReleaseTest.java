package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.upf.bpf.testing.Tshark;
import org.upf.control.session.MapCensus;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

/**
 * Association release in both directions over real UDP: the UPF asks its SMF to release (Association Update Request
 * with PFCP Association Release Request SARR, TS 29.244 §6.2.7.2, §8.2.77), as a stopping agent does, and the SMF's
 * Association Release Request (§6.2.8.3) deletes the association's sessions from the maps. tshark decodes what the
 * agent sent without expert problems.
 */
class AgentAssociationReleaseTest {
    static final NodeId SMF = NodeId.fqdn("smf-rel.example.org");

    @Test
    void upfAsksForTheReleaseAndTheSmfReleasesWithItsSessions() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8")))) {
            SmfPeer smf = associatedWithOneSession(bed);

            CompletableFuture<Integer> left = CompletableFuture.supplyAsync(() -> {
                try {
                    return bed.agent.releaseAssociations(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            PfcpMessage update = smf.receive(3000);
            assertThat(update.type()).isEqualTo(PfcpMessageType.ASSOCIATION_UPDATE_REQUEST);
            assertThat(update.nodeId()).isNotNull();
            assertThat(update.find(IeType.PFCP_ASSOCIATION_RELEASE_REQUEST, FlagsIe.class).setFlags())
                    .containsExactly("SARR");
            smf.answer(update, update.responseBuilder().nodeId(SMF).cause(PfcpCause.REQUEST_ACCEPTED).build());
            assertThat(bed.agent.sessions().count()).as("the UPF waits for the SMF to release").isEqualTo(1);

            PfcpMessage released = smf.call(PfcpMessage.builder(PfcpMessageType.ASSOCIATION_RELEASE_REQUEST)
                    .sequence(9).nodeId(SMF).build());
            assertThat(released.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(left.get()).as("associations left").isZero();
            assertThat(bed.agent.sessions().count()).isZero();
            assertThat(MapCensus.total(bed.agent.dataplane())).as("entries left in the maps").isZero();

            List<byte[]> frames = smf.frames();
            assertThat(Tshark.fields(frames, "pfcp.msg_type")).extracting(f -> f.get(0)).contains("7", "10");
            assertThat(Tshark.expertProblems(frames)).isEmpty();
        }
    }

    @Test
    void releaseWaitIsBoundedWhenTheSmfDoesNotRelease() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8")))) {
            SmfPeer smf = associatedWithOneSession(bed);

            long start = System.nanoTime();
            assertThat(bed.agent.releaseAssociations(Duration.ofMillis(700))).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(smf.receive(3000).type()).isEqualTo(PfcpMessageType.ASSOCIATION_UPDATE_REQUEST);
            assertThat(bed.agent.sessions().count()).as("nothing deleted without the SMF's release").isEqualTo(1);
        }
    }

    private static SmfPeer associatedWithOneSession(AgentTestbed bed) throws Exception {
        SmfPeer smf = new SmfPeer(bed, "127.0.0.4");
        assertThat(smf.call(PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(1).nodeId(SMF)
                .recoveryTimeStamp(3_900_000_000L).build()).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        PfcpMessage est = smf.call(PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0)
                .sequence(2).nodeId(SMF).add(FSeid.of(0x91, new byte[] {127, 0, 0, 4}, null))
                .addAll(List.of(Requests.basicSession("198.19.200.9"))).build());
        assertThat(est.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        return smf;
    }
}
