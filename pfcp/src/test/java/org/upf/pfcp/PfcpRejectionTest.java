package org.upf.pfcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

class PfcpRejectionTest {
    private static final PfcpRejection.Self SELF =
            new PfcpRejection.Self(NodeId.ipv4(new byte[] {(byte) 198, 18, 0, 2}), 3_900_000_000L);

    private static PfcpDecodeException failure(String hex) {
        return catchThrowableOfType(PfcpDecodeException.class, () -> PfcpCodec.decode(Hex.parse(hex)));
    }

    @Test
    void sessionEstablishmentWithoutCpFSeidGetsMandatoryIeMissingNamingFSeid() {
        // Session Establishment Request, SEID 0, seq 5, only a Node ID.
        PfcpDecodeException e = failure("2132001500000000000000000000050000" + "3c000500c6120001");
        PfcpMessage resp = PfcpRejection.responseTo(e, SELF, 0x77).orElseThrow();
        assertThat(resp.type()).isEqualTo(PfcpMessageType.SESSION_ESTABLISHMENT_RESPONSE);
        assertThat(resp.sequence()).isEqualTo(5);
        assertThat(resp.seid()).isEqualTo(0x77);
        assertThat(resp.cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
        assertThat(resp.offendingIe()).isEqualTo(IeType.F_SEID.code());
        assertThat(resp.nodeId().text()).isEqualTo("198.18.0.2");
        assertThat(PfcpCodec.decode(PfcpCodec.encode(resp)).cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
    }

    @Test
    void otherVersionGetsVersionNotSupportedWithTheSameSequence() {
        PfcpMessage resp = PfcpRejection.responseTo(failure("4001000c00002a00" + "0060000400000001"), SELF, 0)
                .orElseThrow();
        assertThat(resp.type()).isEqualTo(PfcpMessageType.VERSION_NOT_SUPPORTED_RESPONSE);
        assertThat(resp.sequence()).isEqualTo(0x2a);
        assertThat(PfcpCodec.encode(resp)).isEqualTo(Hex.parse("200b000400002a00"));
    }

    @Test
    void heartbeatResponsesAndUnreadableHeadersAreDiscarded() {
        assertThat(PfcpRejection.responseTo(failure("2001000b00000900" + "00600003e5a1b2"), SELF, 0)).isEmpty();
        assertThat(PfcpRejection.responseTo(failure("2002000b00000900" + "00600003e5a1b2"), SELF, 0)).isEmpty();
        assertThat(PfcpRejection.responseTo(failure("20"), SELF, 0)).isEmpty();
    }
}
