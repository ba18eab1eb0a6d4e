package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.upf.control.assoc.AssociationService;
import org.upf.control.session.MapCensus;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;

/**
 * The running agent's N4 over real UDP: who may associate, what session messages get without an association, and
 * the causes and Offending IEs of malformed requests; none of it may leave anything in the maps.
 */
class AgentN4Test {
    private static AgentTestbed bed;

    @BeforeAll
    static void start() {
        bed = new AgentTestbed(Map.of());
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    private static PfcpMessage exchange(DatagramSocket s, byte[] request) throws Exception {
        return call(bed, s, request);
    }

    private static PfcpMessage exchange(DatagramSocket s, PfcpMessage request) throws Exception {
        return call(bed, s, PfcpCodec.encode(request));
    }

    /** Sends a request to b's agent and decodes the answer (3 s bound). */
    private static PfcpMessage call(AgentTestbed b, DatagramSocket s, byte[] request) throws Exception {
        s.setSoTimeout(3000);
        s.send(new DatagramPacket(request, request.length, b.agent.n4Address()));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return PfcpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
    }

    @Test
    void sessionsOfAnSmfThatRestartedAreDeleted() throws Exception {
        try (AgentTestbed own = new AgentTestbed(Map.of("smf.allowed", java.util.List.of("127.0.0.0/8")))) {
            DatagramSocket smf = own.n4Peer("127.0.0.4");
            smf.setSoTimeout(3000);
            PfcpMessage setup = PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(1)
                    .nodeId(org.upf.pfcp.ie.NodeId.fqdn("smf4.example.org")).recoveryTimeStamp(3_900_000_000L).build();
            assertThat(call(own, smf, setup).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            PfcpMessage est = PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0).sequence(2)
                    .nodeId(org.upf.pfcp.ie.NodeId.fqdn("smf4.example.org"))
                    .add(org.upf.pfcp.ie.FSeid.of(0x81, new byte[] {127, 0, 0, 4}, null))
                    .addAll(java.util.List.of(Requests.basicSession("198.19.200.8"))).build();
            assertThat(call(own, smf, est).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(own.agent.sessions().count()).isEqualTo(1);

            // TS 29.244 §6.2.3: a new Recovery Time Stamp in a Heartbeat Request means the SMF lost its state.
            PfcpMessage hb = PfcpMessage.builder(PfcpMessageType.HEARTBEAT_REQUEST).sequence(3)
                    .recoveryTimeStamp(3_900_000_500L).build();
            assertThat(call(own, smf, hb).type()).isEqualTo(PfcpMessageType.HEARTBEAT_RESPONSE);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (own.agent.sessions().count() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(own.agent.sessions().count()).isZero();
            assertThat(MapCensus.total(own.agent.dataplane())).isZero();
        }
    }

    private static PfcpMessage call(AgentTestbed b, DatagramSocket s, PfcpMessage request) throws Exception {
        return call(b, s, PfcpCodec.encode(request));
    }

    @Test
    void associatedSmfsGetHeartbeats() throws Exception {
        try (AgentTestbed hb = new AgentTestbed(Map.of("pfcp.heartbeatInterval", "200ms"))) {
            DatagramSocket smf = hb.n4Peer("127.0.0.1");
            smf.setSoTimeout(3000);
            byte[] setup = PfcpCodec.encode(Requests.associationSetup());
            smf.send(new DatagramPacket(setup, setup.length, hb.agent.n4Address()));
            byte[] buf = new byte[65535];
            boolean heartbeat = false;
            for (int i = 0; i < 5 && !heartbeat; i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                smf.receive(p);
                heartbeat = PfcpCodec.decode(Arrays.copyOf(p.getData(), p.getLength())).type()
                        == PfcpMessageType.HEARTBEAT_REQUEST;
            }
            assertThat(heartbeat).as("a Heartbeat Request after the association").isTrue();
        }
    }

    @Test
    void peersOffTheAllowListAreRejectedAndSessionsNeedAnAssociation() throws Exception {
        DatagramSocket stranger = bed.n4Peer("127.0.0.2");
        PfcpMessage r = exchange(stranger, Requests.associationSetup());
        assertThat(r.type()).isEqualTo(PfcpMessageType.ASSOCIATION_SETUP_RESPONSE);
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_REJECTED);
        assertThat(r.nodeId().text()).isEqualTo("127.0.0.1");
        assertThat(bed.agent.associations().all()).noneMatch(a -> a.peer().getAddress().getHostAddress()
                .equals("127.0.0.2"));

        PfcpMessage e = exchange(stranger, Requests.establishment(0x51, Requests.basicSession("198.19.200.9")));
        assertThat(e.cause()).isEqualTo(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION);
        assertThat(e.seid()).as("answered to the CP F-SEID").isEqualTo(0x51);
        assertThat(MapCensus.total(bed.agent.dataplane())).isZero();
    }

    @Test
    void associatedSmfGetsTruthfulFeaturesAndCausesForBrokenRequests() throws Exception {
        DatagramSocket smf = bed.n4Peer("127.0.0.1");
        PfcpMessage a = exchange(smf, Requests.associationSetup());
        assertThat(a.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        FlagsIe features = a.find(IeType.UP_FUNCTION_FEATURES, FlagsIe.class);
        assertThat(features.setFlags()).containsExactlyInAnyOrder("FTUP", "UEIP", "QUOAC");
        assertThat(features.octets()).isEqualTo(AssociationService.FEATURES.octets());
        assertThat(a.recoveryTimeStamp()).isPositive();

        // Invalid length: a PDN Type IE with no value (TS 29.244 §7.6.6 -> cause 68, Offending IE 113).
        byte[] ok = PfcpCodec.encode(Requests.establishment(0x61, Requests.basicSession("198.19.200.9")));
        byte[] bad = Arrays.copyOf(ok, ok.length + 4);
        ByteBuffer.wrap(bad, ok.length, 4).putShort((short) IeType.PDN_TYPE.code()).putShort((short) 0);
        ByteBuffer.wrap(bad).putShort(2, (short) (bad.length - 4));
        PfcpMessage r = exchange(smf, bad);
        assertThat(r.cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
        assertThat(r.offendingIe()).isEqualTo(IeType.PDN_TYPE.code());

        // Mandatory IE missing inside a grouped IE: Create FAR without Apply Action.
        CreateFar noAction = new CreateFar(java.util.List.of(UintIe.of(IeType.FAR_ID, 4, 1)));
        PfcpMessage m = exchange(smf, Requests.unchecked(0x62, Requests.uplinkPdr(1, 1, 1),
                Requests.downlinkPdr(2, "198.19.200.9", 2), noAction, Requests.farToGnb(2, 0x2001),
                Requests.qer(1), Requests.urr(1)));
        assertThat(m.cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
        assertThat(m.offendingIe()).isEqualTo(IeType.APPLY_ACTION.code());

        // Unknown SEID.
        PfcpMessage n = exchange(smf, Requests.modification(0x7777, Requests.removePdr(1)));
        assertThat(n.cause()).isEqualTo(PfcpCause.SESSION_CONTEXT_NOT_FOUND);
        assertThat(MapCensus.total(bed.agent.dataplane())).isZero();
        assertThat(bed.agent.sessions().count()).isZero();

        // And a good one still works afterwards.
        PfcpMessage g = exchange(smf, Requests.establishment(0x63, Requests.basicSession("198.19.200.9")));
        assertThat(g.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        PfcpMessage d = exchange(smf, Requests.deletion(g.fSeid().seid()));
        assertThat(d.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(MapCensus.total(bed.agent.dataplane())).isZero();
    }
}
