package org.upf.pfcp.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpProblem;
import org.upf.pfcp.conformance.ConformanceCaptures;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.message.HeartbeatRequest;
import org.upf.pfcp.message.HeartbeatResponse;

/** {@link PfcpMessageDecoder} and {@link PfcpMessageEncoder} in a Netty pipeline ({@link EmbeddedChannel}). */
class PfcpHandlersTest {
    private static final InetSocketAddress SMF = new InetSocketAddress("198.18.0.1", 8805);
    private static final InetSocketAddress UPF = new InetSocketAddress("198.18.0.2", 8805);

    private static DatagramPacket datagram(byte[] payload) {
        return new DatagramPacket(Unpooled.wrappedBuffer(payload), UPF, SMF);
    }

    @Test
    void datagramBecomesMessageWithItsSender() {
        EmbeddedChannel ch = new EmbeddedChannel(new PfcpMessageDecoder());
        DatagramPacket in = datagram(PfcpCodec.encode(HeartbeatRequest.of(42, 3_900_000_000L)));
        assertThat(ch.writeInbound(in)).isTrue();
        PfcpEnvelope env = ch.readInbound();
        assertThat(env.peer()).isEqualTo(SMF);
        assertThat(env.local()).isEqualTo(UPF);
        assertThat(env.message()).isInstanceOf(HeartbeatRequest.class);
        assertThat(env.message().sequence()).isEqualTo(42);
        assertThat(in.refCnt()).isZero();
        assertThat(ch.inboundMessages()).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void followOnChainYieldsEveryMessage() {
        PfcpMessage first = HeartbeatRequest.of(1, 7).toBuilder()
                .header(HeartbeatRequest.of(1, 7).header().withFollowOn(true)).build();
        byte[] both = ByteBufUtil.getBytes(Unpooled.wrappedBuffer(PfcpCodec.encode(first),
                PfcpCodec.encode(HeartbeatResponse.of(2, 7))));
        EmbeddedChannel ch = new EmbeddedChannel(new PfcpMessageDecoder());
        ch.writeInbound(datagram(both));
        assertThat(((PfcpEnvelope) ch.readInbound()).message().sequence()).isEqualTo(1);
        assertThat(((PfcpEnvelope) ch.readInbound()).message().sequence()).isEqualTo(2);
        assertThat(ch.inboundMessages()).isEmpty();
    }

    /** The fingerprint the node's duplicate detection compares (TS 29.244 §6.4): each message's own octets. */
    @Test
    void fingerprintHashesEachMessagesReceivedOctets() {
        PfcpMessage first = HeartbeatRequest.of(1, 7).toBuilder()
                .header(HeartbeatRequest.of(1, 7).header().withFollowOn(true)).build();
        byte[] second = PfcpCodec.encode(HeartbeatResponse.of(2, 7));
        EmbeddedChannel ch = new EmbeddedChannel(new PfcpMessageDecoder());
        ch.writeInbound(datagram(ByteBufUtil.getBytes(Unpooled.wrappedBuffer(PfcpCodec.encode(first), second))));
        ch.writeInbound(datagram(second));
        ch.writeInbound(datagram(second.clone()));
        ch.writeInbound(datagram(PfcpCodec.encode(HeartbeatResponse.of(2, 8))));
        long chainedFirst = ((PfcpEnvelope) ch.readInbound()).fingerprint();
        long chainedSecond = ((PfcpEnvelope) ch.readInbound()).fingerprint();
        long alone = ((PfcpEnvelope) ch.readInbound()).fingerprint();
        long again = ((PfcpEnvelope) ch.readInbound()).fingerprint();
        long otherContent = ((PfcpEnvelope) ch.readInbound()).fingerprint();
        assertThat(chainedSecond).isEqualTo(alone).isEqualTo(again);
        assertThat(chainedFirst).isNotEqualTo(alone);
        assertThat(otherContent).isNotEqualTo(alone);
    }

    @Test
    void malformedDatagramBecomesAFailureTheNodeCanAnswer() {
        // Heartbeat Request whose Recovery Time Stamp is one octet short.
        EmbeddedChannel ch = new EmbeddedChannel(new PfcpMessageDecoder());
        ch.writeInbound(datagram(Hex.parse("2001000b00000900" + "00600003e5a1b2")));
        PfcpDecodeFailure f = ch.readInbound();
        assertThat(f.peer()).isEqualTo(SMF);
        assertThat(f.error().problem()).isEqualTo(PfcpProblem.IE_TOO_SHORT);
        assertThat(f.error().cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
        assertThat(f.error().offendingIeType()).isEqualTo(96);
        assertThat(f.error().header().sequence()).isEqualTo(9);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void envelopeBecomesDatagramToThePeer() {
        EmbeddedChannel ch = new EmbeddedChannel(new PfcpMessageEncoder());
        HeartbeatResponse resp = HeartbeatResponse.of(42, 7);
        assertThat(ch.writeOutbound(new PfcpEnvelope(resp, SMF, null))).isTrue();
        DatagramPacket out = ch.readOutbound();
        assertThat(out.recipient()).isEqualTo(SMF);
        assertThat(ByteBufUtil.getBytes(out.content())).isEqualTo(PfcpCodec.encode(resp));
        out.release();
    }

    @Test
    void everyCapturedMessageRoundTripsThroughThePipeline() {
        EmbeddedChannel encoder = new EmbeddedChannel(new PfcpMessageEncoder());
        EmbeddedChannel decoder = new EmbeddedChannel(new PfcpMessageDecoder());
        int n = 0;
        for (byte[] payload : ConformanceCaptures.allPayloads()) {
            decoder.writeInbound(datagram(payload));
            PfcpEnvelope in = decoder.readInbound();
            encoder.writeOutbound(new PfcpEnvelope(in.message(), in.peer(), null));
            DatagramPacket out = encoder.readOutbound();
            ByteBuf content = out.content();
            assertThat(ByteBufUtil.getBytes(content)).isEqualTo(Arrays.copyOf(payload, content.readableBytes()));
            assertThat(out.recipient()).isEqualTo(SMF);
            out.release();
            n++;
        }
        assertThat(n).isEqualTo(ConformanceCaptures.EXPECTED.values().stream().mapToInt(Integer::intValue).sum());
    }
}
