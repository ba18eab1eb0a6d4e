package org.upf.lab.ran;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.packet.GtpuLayer;
import org.upf.bpf.packet.GtpuView;
import org.upf.bpf.packet.Ipv4View;
import org.upf.bpf.packet.Ipv6View;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketBuilder;
import org.upf.bpf.packet.PacketView;

/**
 * A gNB's N3 user plane: one UDP socket on port 2152 (TS 29.281 §4.4.2) bound in the gNB namespace. Sends the UEs'
 * uplink T-PDUs as G-PDUs with a PDU Session Container (UL PDU Session Information, QFI; TS 38.415 §5.5.2.2) on the
 * UPF's TEID, and checks every downlink datagram: a known TEID, the flow's QFI, a reply of ours to that UE inside;
 * End Marker packets (message type 254) close a tunnel (TS 29.281 §7.3.2).
 */
public final class GnbEmulator implements AutoCloseable {
    public static final int GTPU_PORT = 2152;

    private final String name;
    private final InetAddress address;
    private final DatagramSocket socket;
    private final TrafficStats stats;
    private final Map<Long, UeTunnel> tunnels = new ConcurrentHashMap<>();
    private final Set<Long> ended = ConcurrentHashMap.newKeySet();
    private final Thread receiver;
    private final AtomicLong downlink = new AtomicLong();

    private GnbEmulator(String name, NetworkNamespace ns, InetAddress address, TrafficStats stats) {
        this.name = name;
        this.address = address;
        this.stats = stats;
        this.socket = Netns.call(ns.name(), () -> new DatagramSocket(new InetSocketAddress(address, GTPU_PORT)));
        Sockets.enlargeBuffers(this.socket);
        receiver = new Thread(this::receive, "gnb-" + name);
        receiver.setDaemon(true);
        receiver.start();
    }

    /** A gNB with N3 address address (already configured in ns), counting into stats. */
    public static GnbEmulator start(String name, NetworkNamespace ns, InetAddress address, TrafficStats stats) {
        return new GnbEmulator(name, ns, address, stats);
    }

    public String name() {
        return name;
    }

    public InetAddress address() {
        return address;
    }

    /** Downlink on teid belongs to ue (see {@link UeTunnel#attach}). */
    void register(long teid, UeTunnel ue) {
        ended.remove(teid);
        tunnels.put(teid, ue);
    }

    /** Tunnels of this gNB closed by an End Marker. */
    public int endedTunnels() {
        return ended.size();
    }

    /** G-PDUs this gNB received on its tunnels. */
    public long downlinkPackets() {
        return downlink.get();
    }

    /** Sends one uplink packet of flow for ue toward dn; returns the size of the G-PDU. */
    int send(UeTunnel ue, Flow flow, int sequence, InetAddress dn, int payloadSize) throws IOException {
        byte[] data = new Probe(flow, ue.index(), sequence, System.nanoTime()).encode(payloadSize);
        PacketBuilder b = Packet.builder().gtpu(ue.uplinkTeid()).pduSessionContainerUl(ue.qfi(flow));
        b = ue.address() instanceof Inet6Address ? b.ipv6(ue.address().getHostAddress(), dn.getHostAddress())
                : b.ipv4(ue.address().getHostAddress(), dn.getHostAddress());
        byte[] gpdu = switch (flow) {
            case ICMP -> b.icmpEcho(ue.index() & 0xffff, sequence & 0xffff, data).build();
            case UDP -> b.udp(sourcePort(ue), Flow.ECHO_PORT).payload(data).build();
            case UDP_DEDICATED -> b.udp(sourcePort(ue), Flow.DEDICATED_PORT).payload(data).build();
        };
        socket.send(new DatagramPacket(gpdu, gpdu.length, new InetSocketAddress(ue.upfN3(), GTPU_PORT)));
        return gpdu.length;
    }

    private static int sourcePort(UeTunnel ue) {
        return 40000 + ue.index() % 20000;
    }

    private void receive() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            check(Arrays.copyOf(p.getData(), p.getLength()), System.nanoTime());
        }
    }

    private void check(byte[] datagram, long now) {
        // PacketView reads GTP-U on UDP port 2152: give the datagram back the outer headers the socket took off.
        PacketView v = PacketView.ofIp(Packet.builder().ipv4(address.getHostAddress(), address.getHostAddress())
                .udp(GTPU_PORT, GTPU_PORT).payload(datagram).build());
        GtpuView g = v.find(GtpuView.class).orElse(null);
        if (g == null) {
            stats.problem(TrafficStats.Problem.WRONG_INNER);
            return;
        }
        if (g.messageType() == GtpuLayer.END_MARKER) {
            if (ended.add(g.teid())) {
                stats.endMarker();
            }
            return;
        }
        UeTunnel ue = tunnels.get(g.teid());
        if (g.messageType() != GtpuLayer.G_PDU || ue == null) {
            stats.problem(TrafficStats.Problem.UNKNOWN_TEID);
            return;
        }
        downlink.incrementAndGet();
        if (ended.contains(g.teid())) {
            stats.problem(TrafficStats.Problem.AFTER_END_MARKER);
        }
        PacketView inner = v.inner();
        byte[] tpdu = inner.bytes();
        Probe probe = Probe.decode(tpdu, inner.payloadOffset(), tpdu.length - inner.payloadOffset());
        boolean toUe = inner.find(Ipv4View.class).map(Ipv4View::dst)
                .or(() -> inner.find(Ipv6View.class).map(Ipv6View::dst)).map(ue.address()::equals).orElse(false);
        if (probe == null || probe.ue() != ue.index() || !toUe) {
            stats.problem(TrafficStats.Problem.WRONG_INNER);
            return;
        }
        if (g.qfi() != ue.qfi(probe.flow())) {
            stats.problem(TrafficStats.Problem.WRONG_QFI);
        }
        stats.received(probe, ue.address() instanceof Inet6Address, datagram.length, now);
    }

    @Override
    public void close() {
        socket.close();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
