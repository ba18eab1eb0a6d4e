package org.upf.pfcp.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import org.upf.pfcp.PfcpEncoder;

/** {@link PfcpEnvelope} to a UDP datagram addressed to {@link PfcpEnvelope#peer()}. */
public final class PfcpMessageEncoder extends MessageToMessageEncoder<PfcpEnvelope> {

    public PfcpMessageEncoder() {
        super(PfcpEnvelope.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, PfcpEnvelope msg, List<Object> out) {
        ByteBuf buf = ctx.alloc().ioBuffer(256);
        try {
            PfcpEncoder.encode(msg.message(), buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        out.add(new DatagramPacket(buf, msg.peer(), msg.local()));
    }
}
