package org.upf.pfcp.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpDecoder;
import org.upf.pfcp.PfcpMessage;

/**
 * UDP datagram to {@link PfcpEnvelope}s (one per message; several if FO chains them, §7.2.2.1).
 * A datagram that fails to decode becomes one {@link PfcpDecodeFailure}; messages before the failure in
 * an FO chain are still passed on.
 */
public final class PfcpMessageDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private final PfcpDecoder decoder;

    public PfcpMessageDecoder() {
        this(PfcpDecoder.strict());
    }

    public PfcpMessageDecoder(PfcpDecoder decoder) {
        super(DatagramPacket.class);
        this.decoder = decoder;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        var buf = packet.content();
        try {
            PfcpMessage m;
            do {
                int start = buf.readerIndex();
                m = decoder.decode(buf);
                out.add(new PfcpEnvelope(m, packet.sender(), packet.recipient(),
                        Fingerprint.of(buf, start, buf.readerIndex())));
            } while (m.header().followOn() && buf.isReadable());
        } catch (PfcpDecodeException e) {
            out.add(new PfcpDecodeFailure(e, packet.sender(), packet.recipient()));
        }
    }
}
