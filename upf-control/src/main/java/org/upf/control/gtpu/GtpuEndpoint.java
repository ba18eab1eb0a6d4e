package org.upf.control.gtpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The agent's GTP-U socket on one interface address (N3 or N9), UDP port 2152 (TS 29.281 §4.4.2.0). The XDP program
 * hands every GTP-U message that is not a G-PDU to the kernel stack (docs/dataplane.md, GTPU_SIGNALLING), so they
 * arrive here: Echo Requests are answered, the rest is counted and logged. Messages we originate (Error
 * Indication, End Marker) leave from this socket too, so their UDP source port is 2152.
 */
public final class GtpuEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GtpuEndpoint.class.getName());
    public static final int PORT = 2152;
    /**
     * Comprehension-required extension header types the UPF handles (the data path's upf_ext_known, upf_gtpu.h):
     * RAN Container, Long PDCP PDU Number, Xw RAN Container, NR RAN Container, PDU Session Container (§5.2.2.7),
     * PDCP PDU Number. Types without bit 8 (e.g. UDP Port 0x40) need no comprehension.
     */
    static final List<Integer> UNDERSTOOD_EXTENSIONS = List.of(0x81, 0x82, 0x83, 0x84, 0x85, 0xc0);

    private final DatagramSocket socket;
    private final InetAddress address;
    private final GtpuCounters counters;
    private final Thread reader;
    private final AtomicInteger sequence = new AtomicInteger();
    /** Supported Extension Headers Notifications, at most one per peer per interval (read on the reader thread). */
    private final PeerRateLimiter notifications;
    private final BiConsumer<InetAddress, Long> errorIndications;

    private GtpuEndpoint(DatagramSocket socket, InetAddress address, GtpuCounters counters, String name,
                         PeerRateLimiter notifications, BiConsumer<InetAddress, Long> errorIndications) {
        this.notifications = notifications;
        this.errorIndications = errorIndications;
        this.socket = socket;
        this.address = address;
        this.counters = counters;
        reader = new Thread(this::readLoop, "gtpu-" + name);
        reader.setDaemon(true);
    }

    /**
     * Binds address:2152 in the calling thread's network namespace and starts answering; notifications limits the
     * Supported Extension Headers Notifications per peer (used only by this endpoint's reader thread);
     * errorIndications gets (peer address, TEID) of each Error Indication received.
     */
    static GtpuEndpoint open(String name, InetAddress address, GtpuCounters counters, PeerRateLimiter notifications,
                             BiConsumer<InetAddress, Long> errorIndications) {
        DatagramSocket s;
        try {
            s = new DatagramSocket(new InetSocketAddress(address, PORT));
        } catch (SocketException e) {
            throw new UncheckedIOException("GTP-U socket on " + address.getHostAddress() + ":" + PORT, e);
        }
        GtpuEndpoint ep = new GtpuEndpoint(s, address, counters, name, notifications, errorIndications);
        ep.reader.start();
        return ep;
    }

    public InetAddress address() {
        return address;
    }

    /** Sends m to peer; a send failure is logged and counted, never thrown (the caller is the data path's pump). */
    public void send(GtpuMessage m, InetSocketAddress peer) {
        byte[] b = GtpuEncoder.encode(m);
        try {
            socket.send(new DatagramPacket(b, b.length, peer));
            counters.sent(m.type());
        } catch (IOException e) {
            counters.sendFailed();
            LOG.log(System.Logger.Level.WARNING, "GTP-U message " + m.type() + " to " + peer + " not sent: " + e);
        }
    }

    /** The next Sequence Number of messages we originate with S set (Error Indication). */
    int nextSequence() {
        return sequence.getAndIncrement() & 0xffff;
    }

    private void readLoop() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "GTP-U socket on " + address.getHostAddress() + ": " + e);
                }
                continue;
            }
            handle(buf, p.getLength(), (InetSocketAddress) p.getSocketAddress());
        }
    }

    private void handle(byte[] d, int len, InetSocketAddress from) {
        GtpuHeader h;
        GtpuMessage m;
        try {
            h = GtpuHeader.parse(d, len);
            m = GtpuDecoder.decode(h, d);
        } catch (IllegalArgumentException e) {
            counters.countMalformed();
            LOG.log(System.Logger.Level.DEBUG, () -> "malformed GTP-U from " + from + ": " + e.getMessage());
            return;
        }
        counters.received(m.type());
        int unknownExtension = h.firstNotUnderstood(UNDERSTOOD_EXTENSIONS);
        if (unknownExtension >= 0) {
            // §5.2.1: a comprehension-required extension header we do not know: the message is discarded and the
            // sender told what we support (the data path hands such G-PDUs to the stack, CpReason.UNKNOWN_EXT).
            LOG.log(System.Logger.Level.DEBUG, () -> "GTP-U message " + m.type() + " from " + from
                    + " with unknown extension header 0x" + Integer.toHexString(unknownExtension));
            if (notifications.tryAcquire(from.getAddress(), System.nanoTime())) {
                send(GtpuMessage.supportedExtensionHeaders(nextSequence(), UNDERSTOOD_EXTENSIONS),
                        new InetSocketAddress(from.getAddress(), PORT));
            } else {
                counters.notificationLimited();
            }
        } else if (m.type() == GtpuMessage.ECHO_REQUEST) {
            // §7.2.2 / §4.4.2.2: the response goes back to the request's source address and port.
            send(GtpuMessage.echoResponse(Math.max(m.sequence(), 0)), from);
        } else if (m.type() == GtpuMessage.ERROR_INDICATION) {
            errorIndication(m, from);
        }
    }

    /**
     * §7.3.1: TEID Data I and GTP-U Peer Address (the destination of the G-PDU that triggered it, i.e. the peer's
     * own address) name the tunnel the peer dropped; without the address IE (malformed) its source address is used.
     */
    private void errorIndication(GtpuMessage m, InetSocketAddress from) {
        GtpuIe.TeidDataI teid = m.find(GtpuIe.TeidDataI.class);
        GtpuIe.PeerAddress peer = m.find(GtpuIe.PeerAddress.class);
        LOG.log(System.Logger.Level.WARNING, () -> "Error Indication from " + from + " for TEID "
                + (teid == null ? "?" : Long.toHexString(teid.teid())));
        if (teid != null) {
            errorIndications.accept(peer != null ? peer.address() : from.getAddress(), teid.teid());
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
