package org.upf.pfcp.node;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Drops and counts datagrams larger than the configured maximum before they are decoded. The channel reads
 * into buffers one octet larger than the maximum, so a longer datagram shows up truncated to that size.
 */
final class OversizeFilter extends ChannelInboundHandlerAdapter {
    private final int maxMessageSize;
    private final PfcpCounters counters;

    OversizeFilter(int maxMessageSize, PfcpCounters counters) {
        this.maxMessageSize = maxMessageSize;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket p && p.content().readableBytes() > maxMessageSize) {
            p.release();
            counters.drop(PfcpDropReason.OVERSIZE);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
