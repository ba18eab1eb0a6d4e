package org.upf.pfcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.message.HeartbeatRequest;

class PfcpCodecTest {

    @Test
    void heartbeatRequestEncodesPerSpecAndDecodesBack() {
        HeartbeatRequest req = HeartbeatRequest.of(0x123456, 0xE5A1B2C3L);
        byte[] wire = PfcpCodec.encode(req);
        // §7.2.2: version 1, S=0, type 1, length 12, seq 0x123456, spare; §8.2.65 Recovery Time Stamp
        assertThat(Hex.of(wire)).isEqualTo("2001000c" + "12345600" + "00600004e5a1b2c3");
        PfcpMessage back = PfcpCodec.decode(wire);
        assertThat(back).isInstanceOf(HeartbeatRequest.class);
        assertThat(back.sequence()).isEqualTo(0x123456);
        assertThat(back.recoveryTimeStamp()).isEqualTo(0xE5A1B2C3L);
        assertThat(PfcpCodec.encode(back)).isEqualTo(wire);
    }

    @Test
    void responseBuilderCopiesSequenceAndPriority() {
        PfcpMessage req = PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST).seid(7).sequence(99)
                .priority(3).build();
        PfcpMessage resp = req.responseBuilder().seid(42).cause(PfcpCause.REQUEST_ACCEPTED).build();
        assertThat(resp.type()).isEqualTo(PfcpMessageType.SESSION_DELETION_RESPONSE);
        assertThat(resp.sequence()).isEqualTo(99);
        assertThat(resp.header().priority()).isEqualTo(3);
        assertThat(resp.seid()).isEqualTo(42);
        assertThat(PfcpCodec.decode(PfcpCodec.encode(resp)).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
    }
}
