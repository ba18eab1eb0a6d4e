package org.upf.bench.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.time.Instant;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.message.AssociationSetupRequest;
import org.upf.pfcp.message.AssociationSetupResponse;
import org.upf.pfcp.message.HeartbeatResponse;
import org.upf.pfcp.node.NtpTime;

/**
 * The floor's event-loop handler ({@link FloorResponder}): a Session Establishment Request is answered from the
 * template without decoding it; an Association Setup or Heartbeat Request (once per run, not measured) is decoded
 * and answered through the project's codec; anything else is dropped with a warning. Responses written during a
 * burst of reads leave together when it ends, as the agent's node sends them.
 */
final class FloorInbound extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(FloorInbound.class.getName());
    /** §7.2.2: the S flag, set in every session message's header. */
    private static final int S = 0x01;

    private final EstablishmentTemplate template;
    private final NodeId nodeId;
    private final long recoveryTimeStamp = NtpTime.seconds(Instant.now());

    FloorInbound(EstablishmentTemplate template, InetAddress n4) {
        this.template = template;
        this.nodeId = NodeId.ipv4(n4.getAddress());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket p = (DatagramPacket) msg;
        try {
            ByteBuf in = p.content();
            int at = in.readerIndex();
            if (in.readableBytes() >= PfcpHeader.SESSION_HEADER_LENGTH
                    && in.getUnsignedByte(at + 1) == PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST.code()
                    && (in.getUnsignedByte(at) & S) != 0) {
                establish(ctx, p);
            } else {
                node(ctx, p);
            }
        } finally {
            p.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    private void establish(ChannelHandlerContext ctx, DatagramPacket p) {
        ByteBuf out = ctx.alloc().directBuffer(template.length());
        if (template.answer(p.content(), out)) {
            ctx.write(new DatagramPacket(out, p.sender()));
        } else {
            out.release();
            LOG.log(System.Logger.Level.WARNING, "floor: Session Establishment Request without CP F-SEID from {0}"
                    + " not answered", p.sender());
        }
    }

    private void node(ChannelHandlerContext ctx, DatagramPacket p) {
        PfcpMessage m;
        try {
            m = PfcpCodec.decode(p.content());
        } catch (PfcpDecodeException e) {
            LOG.log(System.Logger.Level.WARNING, "floor: undecodable datagram from {0} dropped: {1}", p.sender(),
                    e.getMessage());
            return;
        }
        PfcpMessage response;
        if (m instanceof AssociationSetupRequest a) {
            response = AssociationSetupResponse.of(a, nodeId, PfcpCause.REQUEST_ACCEPTED, recoveryTimeStamp);
        } else if (m.type() == PfcpMessageType.HEARTBEAT_REQUEST) {
            response = HeartbeatResponse.of(m.sequence(), recoveryTimeStamp);
        } else {
            LOG.log(System.Logger.Level.WARNING, "floor: {0} from {1} not answered (the floor answers Session"
                    + " Establishment, Association Setup and Heartbeat Requests)", m.type().displayName(), p.sender());
            return;
        }
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(PfcpCodec.encode(response)), p.sender()));
    }
}
