package org.upf.pfcp.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;

/** A foreign PFCP peer on a plain UDP socket: sends raw octets and receives what the node sends. */
final class RawPeer implements AutoCloseable {
    /** Generous bound on waiting for a datagram that must arrive. */
    static final int RECEIVE_TIMEOUT_MS = 5000;

    private final DatagramSocket socket;

    RawPeer(InetAddress address) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(byte[] octets, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(octets, octets.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(PfcpMessage message, InetSocketAddress to) {
        send(PfcpCodec.encode(message), to);
    }

    /** The next datagram; fails the test if none arrives within {@link #RECEIVE_TIMEOUT_MS}. */
    Received receive() {
        Received r = receive(RECEIVE_TIMEOUT_MS);
        if (r == null) {
            throw new AssertionError("no datagram within " + RECEIVE_TIMEOUT_MS + " ms");
        }
        return r;
    }

    /** The next datagram, or null if none arrives within the timeout. */
    Received receive(int timeoutMs) {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout(timeoutMs);
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Received(Arrays.copyOf(buf, p.getLength()), (InetSocketAddress) p.getSocketAddress());
    }

    @Override
    public void close() {
        socket.close();
    }

    record Received(byte[] octets, InetSocketAddress from) {
        PfcpMessage message() {
            return PfcpCodec.decode(octets);
        }
    }
}
