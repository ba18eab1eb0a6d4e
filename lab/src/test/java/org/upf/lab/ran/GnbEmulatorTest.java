package org.upf.lab.ran;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.upf.bpf.Netns;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.packet.GtpuLayer;
import org.upf.bpf.packet.GtpuView;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.packet.PacketView;
import org.upf.lab.Addresses;

/**
 * The gNB emulator's own checks, with a hand-written UPF side on real UDP sockets in a namespace: what it sends
 * uplink (TEID, QFI per flow, PDU type UL) and how it classifies downlink datagrams.
 */
class GnbEmulatorTest {
    static final InetAddress GNB = Addresses.parse("198.18.3.2");
    static final InetAddress UPF = Addresses.parse("198.18.3.1");
    static final InetAddress UE = Addresses.parse("198.19.0.10");
    static final InetAddress DN = Addresses.parse("198.18.6.2");

    @Test
    void sendsTaggedUplinkAndChecksDownlink() throws Exception {
        try (Topology t = Topology.create("gnbt")) {
            NetworkNamespace ns = t.namespace("ran");
            ns.ip("link", "set", "lo", "up");
            ns.ip("addr", "add", "198.18.3.1/32", "dev", "lo");
            ns.ip("addr", "add", "198.18.3.2/32", "dev", "lo");
            DatagramSocket upf = t.track(Netns.call(ns.name(), () -> new DatagramSocket(new InetSocketAddress(UPF, 2152))));
            upf.setSoTimeout(2000);
            TrafficStats stats = new TrafficStats();
            GnbEmulator gnb = t.track(GnbEmulator.start("gnb", ns, GNB, stats));
            UeTunnel ue = new UeTunnel(7, UE, 0x55, UPF, 9, 5);
            ue.attach(gnb, 0x100);

            assertThat(new TrafficGenerator(List.of(ue), List.of(DN), stats, 40).run(1000, Duration.ofSeconds(2), 3)).isEqualTo(3);
            List<GtpuView> uplink = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                upf.receive(p);
                assertThat(p.getAddress()).isEqualTo(GNB);
                uplink.add(PacketView.ofIp(Packet.builder().ipv4("198.18.3.2", "198.18.3.1").udp(2152, 2152)
                        .payload(Arrays.copyOf(p.getData(), p.getLength())).build()).gtpu());
            }
            assertThat(uplink).extracting(GtpuView::teid).containsOnly(0x55L);
            assertThat(uplink).extracting(GtpuView::qfi).containsExactly(9, 9, 5);
            assertThat(uplink).allSatisfy(g -> assertThat(g.pduSession().orElseThrow().pduType()).as("UL PDU").isEqualTo(1));
            assertThat(stats.sent()).isEqualTo(3);

            downlink(upf, 0x100, 9, new Probe(Flow.UDP, 7, 1, System.nanoTime()));
            await(() -> stats.received(Flow.UDP) == 1);
            downlink(upf, 0x100, 9, new Probe(Flow.UDP, 7, 1, System.nanoTime()));
            await(() -> stats.problems(TrafficStats.Problem.DUPLICATE) == 1);
            downlink(upf, 0x100, 9, new Probe(Flow.UDP_DEDICATED, 7, 2, System.nanoTime()));
            await(() -> stats.problems(TrafficStats.Problem.WRONG_QFI) == 1);
            downlink(upf, 0x999, 9, new Probe(Flow.UDP, 7, 3, System.nanoTime()));
            await(() -> stats.problems(TrafficStats.Problem.UNKNOWN_TEID) == 1);
            downlink(upf, 0x100, 9, new Probe(Flow.UDP, 8, 4, System.nanoTime()));
            await(() -> stats.problems(TrafficStats.Problem.WRONG_INNER) == 1);

            upf.send(new DatagramPacket(endMarker(0x100), endMarker(0x100).length, new InetSocketAddress(GNB, 2152)));
            await(() -> stats.endMarkers() == 1);
            assertThat(gnb.endedTunnels()).isEqualTo(1);
            downlink(upf, 0x100, 9, new Probe(Flow.UDP, 7, 5, System.nanoTime()));
            await(() -> stats.problems(TrafficStats.Problem.AFTER_END_MARKER) == 1);
            assertThat(stats.received()).isEqualTo(3);
            assertThat(stats.latencies().count()).isEqualTo(3);
        }
    }

    private static void downlink(DatagramSocket upf, long teid, int qfi, Probe probe) throws Exception {
        byte[] g = Packet.builder().gtpu(teid).pduSessionContainerDl(qfi)
                .ipv4("198.18.6.2", probe.ue() == 7 ? "198.19.0.10" : "198.19.0.11")
                .udp(Flow.ECHO_PORT, 40007).payload(probe.encode(40)).build();
        upf.send(new DatagramPacket(g, g.length, new InetSocketAddress(GNB, 2152)));
    }

    /** TS 29.281 §7.3.2: End Marker, no payload. */
    private static byte[] endMarker(long teid) {
        return Packet.builder().gtpu(teid, o -> o.messageType(GtpuLayer.END_MARKER)).build();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition within 3 s").isTrue();
    }
}
