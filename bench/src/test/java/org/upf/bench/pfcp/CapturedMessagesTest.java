package org.upf.bench.pfcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.IeType;

/** The benchmark's inputs are what SOURCES.md says, and the codec round-trips them exactly. */
class CapturedMessagesTest {
    @Test
    void sessionEstablishmentIsTheFullOpen5gsRequest() {
        byte[] wire = CapturedMessages.load(CapturedMessages.SESSION_ESTABLISHMENT);
        PfcpMessage m = PfcpCodec.decode(wire);
        assertThat(wire).hasSize(664);
        assertThat(m.type()).isEqualTo(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST);
        assertThat(m.ies().stream().filter(ie -> ie.type() == IeType.CREATE_PDR.code())).hasSize(4);
        assertThat(m.ies().stream().filter(ie -> ie.type() == IeType.CREATE_FAR.code())).hasSize(3);
        assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
    }

    @Test
    void sessionModificationUpdatesOneFar() {
        byte[] wire = CapturedMessages.load(CapturedMessages.SESSION_MODIFICATION);
        PfcpMessage m = PfcpCodec.decode(wire);
        assertThat(wire).hasSize(86);
        assertThat(m.type()).isEqualTo(PfcpMessageType.SESSION_MODIFICATION_REQUEST);
        assertThat(m.seid()).isEqualTo(0xe4aL);
        assertThat(m.ies()).singleElement().extracting(ie -> ie.type()).isEqualTo(IeType.UPDATE_FAR.code());
        assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
    }
}
