package org.upf.lab.ran;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.NetworkNamespace;

/** The data network's UDP server: returns every datagram to its sender, from a socket in the DN namespace. */
public final class UdpEchoResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicLong echoed = new AtomicLong();

    private UdpEchoResponder(NetworkNamespace ns, InetAddress address, int port) {
        socket = Netns.call(ns.name(), () -> new DatagramSocket(new InetSocketAddress(address, port)));
        Sockets.enlargeBuffers(socket);
        thread = new Thread(this::serve, "udp-echo-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    public static UdpEchoResponder start(NetworkNamespace ns, InetAddress address, int port) {
        return new UdpEchoResponder(ns, address, port);
    }

    public long echoed() {
        return echoed.get();
    }

    private void serve() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                echoed.incrementAndGet();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // an ICMP error from a previous send surfaced here: keep serving
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
