package org.upf.pfcp.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

/** The Netty transport for the node's UDP socket: native epoll when available, NIO otherwise. */
enum Transport {
    EPOLL(EpollDatagramChannel.class) {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }
    },
    NIO(NioDatagramChannel.class) {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }
    };

    final Class<? extends DatagramChannel> channelClass;

    Transport(Class<? extends DatagramChannel> channelClass) {
        this.channelClass = channelClass;
    }

    abstract IoHandlerFactory ioHandlerFactory();

    /** One event-loop thread: all node state lives on it, so it needs no locks. */
    EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, ioHandlerFactory());
    }

    static Transport select(boolean preferNative) {
        return preferNative && Epoll.isAvailable() ? EPOLL : NIO;
    }
}
