package org.upf.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.lab.Addresses;
import org.upf.lab.smf.SessionPlan;
import org.upf.lab.smf.SessionRules;
import org.upf.lab.smf.SmfEmulator;
import org.upf.lab.smf.SmfSession;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.message.HeartbeatRequest;
import org.upf.pfcp.message.SessionEstablishmentResponse;
import org.upf.pfcp.testing.PfcpPcapWriter;
import org.upf.pfcp.testing.Tshark;

/** The latency floor answers as the SMF emulator and Wireshark's PFCP dissector expect, over real UDP sockets. */
class FloorResponderTest {
    private static final InetAddress LOOPBACK = Addresses.parse("127.0.0.1");
    private static final InetAddress N3 = Addresses.parse("198.18.3.1");

    @Test
    void theEmulatorAssociatesAndCountsEveryEstablishmentAccepted() {
        try (FloorResponder floor = FloorResponder.start(new InetSocketAddress(LOOPBACK, 0), N3);
             SmfEmulator smf = SmfEmulator.start(new InetSocketAddress(LOOPBACK, 0), floor.localAddress())) {
            smf.associate();
            List<SmfSession> sessions = List.of(
                    smf.establish(SessionPlan.of(SignallingBench.ue(1), SignallingBench.GNB, 0x1001)),
                    smf.establish(SessionPlan.of(SignallingBench.ue(2), SignallingBench.GNB, 0x1002)));

            assertThat(smf.sessions()).hasSize(2);
            // Each got its own UP SEID and uplink TEID on the N3 address given, as from the agent.
            assertThat(sessions).extracting(SmfSession::upSeid).doesNotHaveDuplicates();
            assertThat(sessions).extracting(SmfSession::uplinkTeid).doesNotHaveDuplicates();
            assertThat(sessions).extracting(SmfSession::upfN3).containsOnly(N3);
        }
    }

    @Test
    void itsResponsesDecodeStrictlyAndWithoutErrorsInTshark() throws Exception {
        long cpSeid = 0x0102_0304_0506_0708L;
        PfcpMessage request = PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0)
                .sequence(0x123456).nodeId(NodeId.ipv4(LOOPBACK.getAddress())).add(FSeid.of(cpSeid,
                        LOOPBACK.getAddress(), null))
                .addAll(SessionRules.establishment(SessionPlan.of(SignallingBench.ue(7), SignallingBench.GNB, 7)))
                .build();
        try (FloorResponder floor = FloorResponder.start(new InetSocketAddress(LOOPBACK, 0), N3);
             DatagramSocket smf = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            smf.setSoTimeout(5_000);
            byte[] establishment = exchange(smf, floor, PfcpCodec.encode(request));
            byte[] heartbeat = exchange(smf, floor, PfcpCodec.encode(HeartbeatRequest.of(9, 3_900_000_000L)));

            // The project's decoder, with its mandatory-IE checks (§7.5.3), reads what the template patched.
            SessionEstablishmentResponse r = (SessionEstablishmentResponse) PfcpCodec.decode(establishment);
            assertThat(r.sequence()).isEqualTo(0x123456);
            assertThat(r.seid()).isEqualTo(cpSeid);
            assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(r.upFSeid().seid()).isNotZero();
            assertThat(r.createdPdrs()).singleElement().satisfies(c -> {
                assertThat(c.pdrId()).isEqualTo(SessionRules.PDR_UL);
                assertThat(c.localFTeid().ipv4()).isEqualTo(N3.getAddress());
            });
            assertThat(PfcpCodec.decode(heartbeat).type()).isEqualTo(PfcpMessageType.HEARTBEAT_RESPONSE);

            Path pcap = PfcpPcapWriter.write(Files.createTempFile("upf-floor-", ".pcap"),
                    List.of(establishment, heartbeat));
            try {
                List<Map<String, List<String>>> frames = Tshark.fields(pcap, List.of("pfcp.msg_type", "pfcp.seqno",
                        "pfcp.seid", "pfcp.cause", "pfcp.pdr_id", "pfcp.f_teid.ipv4_addr"));
                assertThat(frames).hasSize(2).allSatisfy(f -> assertThat(Tshark.errors(f)).isEmpty());
                assertThat(frames.get(0)).containsEntry("pfcp.msg_type", List.of("51"))
                        .containsEntry("pfcp.seqno", List.of(String.valueOf(0x123456)))
                        // The header's (the CP F-SEID's), then the UP F-SEID's: the floor's first session.
                        .containsEntry("pfcp.seid", List.of("0x0102030405060708", "0x0000000000000001"))
                        .containsEntry("pfcp.cause", List.of("1")).containsEntry("pfcp.pdr_id", List.of("1"))
                        .containsEntry("pfcp.f_teid.ipv4_addr", List.of("198.18.3.1"));
                assertThat(frames.get(1)).containsEntry("pfcp.msg_type", List.of("2"));
            } finally {
                Files.deleteIfExists(pcap);
            }
        }
    }

    @Test
    void anEstablishmentWithoutCpFSeidGetsNoAnswer() throws Exception {
        PfcpMessage request = PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0)
                .sequence(5).nodeId(NodeId.ipv4(LOOPBACK.getAddress())).build();
        try (FloorResponder floor = FloorResponder.start(new InetSocketAddress(LOOPBACK, 0), N3);
             DatagramSocket smf = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            smf.setSoTimeout(500);
            byte[] octets = PfcpCodec.encode(request);
            smf.send(new DatagramPacket(octets, octets.length, floor.localAddress()));
            // Nothing comes back: the floor answers only what the agent would accept.
            assertThatThrownBy(() -> smf.receive(new DatagramPacket(new byte[2048], 2048)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static byte[] exchange(DatagramSocket smf, FloorResponder floor, byte[] octets) throws Exception {
        smf.send(new DatagramPacket(octets, octets.length, floor.localAddress()));
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        smf.receive(in);
        return Arrays.copyOf(in.getData(), in.getLength());
    }
}
