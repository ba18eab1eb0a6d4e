package org.upf.control.gtpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.testing.Tshark;

/** The GTP-U signalling messages byte for byte (TS 29.281 §5.1, §7, §8) and as Wireshark reads them. */
class GtpuCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void echoResponseCarriesTheRequestSequenceAndRecoveryZero() {
        byte[] b = GtpuEncoder.encode(GtpuMessage.echoResponse(0x1234));
        // 0x32: version 1, PT 1, S; type 2; Length 6 = optional 4 + Recovery IE (14, 0)
        assertThat(HEX.formatHex(b)).isEqualTo("32020006" + "00000000" + "12340000" + "0e00");
        GtpuMessage m = GtpuDecoder.decode(b, b.length);
        assertThat(m).isEqualTo(new GtpuMessage(2, 0, 0x1234, List.of(new GtpuIe.Recovery(0))));
    }

    @Test
    void errorIndicationHasTeidZeroTheUnknownTeidAndOurAddress() throws Exception {
        InetAddress ours = InetAddress.getByName("198.18.3.1");
        byte[] b = GtpuEncoder.encode(GtpuMessage.errorIndication(7, 0xDEADBEEFL, ours));
        assertThat(HEX.formatHex(b)).isEqualTo("321a0010" + "00000000" + "00070000" + "10deadbeef"
                + "850004c6120301");
        GtpuMessage m = GtpuDecoder.decode(b, b.length);
        assertThat(m.find(GtpuIe.TeidDataI.class).teid()).isEqualTo(0xDEADBEEFL);
        assertThat(m.find(GtpuIe.PeerAddress.class).address()).isEqualTo(ours);

        byte[] v6 = GtpuEncoder.encode(GtpuMessage.errorIndication(1, 5, InetAddress.getByName("2001:db8::1")));
        assertThat(GtpuDecoder.decode(v6, v6.length).find(GtpuIe.PeerAddress.class).address())
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
    }

    @Test
    void endMarkerIsTheOldTeidAndNothingElse() {
        byte[] b = GtpuEncoder.encode(GtpuMessage.endMarker(0x2001));
        assertThat(HEX.formatHex(b)).isEqualTo("30fe0000" + "00002001");
    }

    @Test
    void supportedExtensionHeadersNotificationListsTypesWithAOneOctetLength() {
        byte[] b = GtpuEncoder.encode(GtpuMessage.supportedExtensionHeaders(4, List.of(0x85, 0xc0)));
        assertThat(HEX.formatHex(b)).isEqualTo("321f0008" + "00000000" + "00040000" + "8d02" + "85c0");
        assertThat(GtpuDecoder.decode(b, b.length).find(GtpuIe.ExtensionHeaderTypeList.class).types())
                .containsExactly(0x85, 0xc0);
    }

    @Test
    void wiresharkDecodesEveryMessageWithoutExpertProblems() throws Exception {
        List<byte[]> frames = List.of(frame(GtpuMessage.echoResponse(9)),
                frame(GtpuMessage.errorIndication(3, 0x0100_00AB, InetAddress.getByName("198.18.3.1"))),
                frame(GtpuMessage.endMarker(0x2001)),
                frame(GtpuMessage.supportedExtensionHeaders(5, List.of(0x85, 0xc0))));
        assertThat(Tshark.fields(frames, "gtp.message", "gtp.teid", "gtp.seq_number", "gtp.recovery",
                "gtp.teid_data", "gtp.gsn_ipv4", "gtp.ext_hdr_type"))
                .containsExactly(List.of("0x02", "0x00000000", "0x0009", "0", "", "", ""),
                        List.of("0x1a", "0x00000000", "0x0003", "", "0x010000ab", "198.18.3.1", ""),
                        List.of("0xfe", "0x00002001", "", "", "", "", ""),
                        List.of("0x1f", "0x00000000", "0x0005", "", "", "", "133,192"));
        assertThat(Tshark.expertProblems(frames)).isEmpty();
    }

    @Test
    void decoderSkipsExtensionHeadersAndUnknownTlvIes() {
        // Echo Request with a UDP Port extension header (type 0x40, 1 unit) and a Private Extension IE (255).
        byte[] b = HEX.parseHex("3601000c" + "00000000" + "00050040" + "01084400" + "ff0001" + "aa" + "0e00");
        b[3] = (byte) (b.length - 8);
        GtpuHeader h = GtpuHeader.parse(b, b.length);
        assertThat(h.extensionTypes()).containsExactly(0x40);
        assertThat(h.firstNotUnderstood(List.of(0x85))).as("0x40 needs no comprehension").isEqualTo(-1);
        GtpuMessage m = GtpuDecoder.decode(h, b);
        assertThat(m.type()).isEqualTo(GtpuMessage.ECHO_REQUEST);
        assertThat(m.sequence()).isEqualTo(5);
        assertThat(m.ies()).containsExactly(new GtpuIe.Recovery(0));
    }

    @Test
    void malformedMessagesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> GtpuDecoder.decode(HEX.parseHex("320100"), 3)).hasMessageContaining("8 octets");
        assertThatThrownBy(() -> GtpuDecoder.decode(HEX.parseHex("5201000000000000"), 8))
                .hasMessageContaining("not GTPv1-U");
        assertThatThrownBy(() -> GtpuDecoder.decode(HEX.parseHex("3201000800000000"), 8))
                .hasMessageContaining("beyond the datagram");
        assertThatThrownBy(() -> GtpuDecoder.decode(HEX.parseHex("321a0005000000000001000010"), 13))
                .hasMessageContaining("runs past the message");
        assertThatThrownBy(() -> GtpuDecoder.decode(HEX.parseHex("3401000400000000000000400000"), 12))
                .hasMessageContaining("extension header");
    }

    private static byte[] frame(GtpuMessage m) {
        return Packet.builder().eth("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("198.18.3.1", "198.18.3.2")
                .udp(2152, 2152).payload(GtpuEncoder.encode(m)).build();
    }
}
