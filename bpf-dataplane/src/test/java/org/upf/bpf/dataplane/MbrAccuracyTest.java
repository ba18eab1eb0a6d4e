package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upf.bpf.packet.Packet;

/**
 * A policed uplink UDP stream through real veths: the gNB offers 1.5 times the QER's MBR for one second, the data
 * network must receive the MBR within 5%, as the URR counts it.
 */
@Isolated
class MbrAccuracyTest {
    static final int PAYLOAD = 1000;
    static final int INNER = PAYLOAD + 28;
    static final int TEID = 0x21;
    static final String UE = "198.19.200.1";
    static final int SINK_PORT = 9000;
    static final long SEND_NANOS = 1_000_000_000L;
    static VethUpf net;

    @BeforeAll
    static void setUp() {
        net = new VethUpf("mbr", DataplaneConfig.small(6));
    }

    @AfterAll
    static void tearDown() {
        net.close();
    }

    /** A trial whose sender stalled is repeated at most this many times in all. */
    static final int MAX_TRIALS = 4;

    @ParameterizedTest
    @ValueSource(longs = {1_000_000L, 10_000_000L, 100_000_000L})
    void deliversTheMaximumBitRate(long mbr) throws Exception {
        // A sender descheduled for longer than the burst covers loses policer credit it cannot win back: the
        // shortfall would be the host's, not the policer's. Such trials are repeated, not judged.
        long stallLimit = burst(mbr) * 8L * 1_000_000_000L / mbr;
        Trial t = trial(mbr);
        for (int attempt = 1; attempt < MAX_TRIALS && t.maxSendGapNanos() > stallLimit; attempt++) {
            t = trial(mbr);
        }
        assertThat(t.maxSendGapNanos()).as("longest pause of the sender in the last of %d trials (ns)", MAX_TRIALS)
                .isLessThanOrEqualTo(stallLimit);

        double deliveredBps = t.forwarded().uplinkBytes() * 8 / t.seconds();
        double offeredBps = t.sent() * INNER * 8 / t.seconds();
        assertThat(offeredBps).as("offered load").isGreaterThan(1.2 * mbr);
        assertThat(deliveredBps).as("delivered bit/s at MBR %d (offered %.0f)", mbr, offeredBps)
                .isBetween(0.95 * mbr, 1.05 * mbr);
        // The data network got them (a loaded host may still drop a few in the receiving socket).
        assertThat(t.received()).isBetween(t.forwarded().uplinkPackets() * 97 / 100, t.forwarded().uplinkPackets());
    }

    record Trial(long sent, double seconds, long maxSendGapNanos, Usage forwarded, long received) {
    }

    /** Installs the policed session afresh (meter and counters zeroed) and offers 1.5 x MBR for one second. */
    static Trial trial(long mbr) throws Exception {
        net.dp.install(SessionRules.builder(1, new UeSession(Sessions.v4(UE), null, 0))
                .far(1, FarRule.forwardToN6())
                .qer(1, new QerRule(true, true, QerRule.Rate.maximum(mbr, burst(mbr)), QerRule.Rate.UNLIMITED, null,
                        false))
                .urr(1)
                .pdr(1, new PdrRule(1, 1, 0, 1, 0, Direction.UPLINK, null, null))
                .uplinkTeid(TEID, 1).build());
        DatagramSocket sink = net.dnSocket(SINK_PORT);
        sink.setReceiveBufferSize(4 << 20);
        DatagramSocket gnb = net.gnbSocket();
        AtomicLong received = new AtomicLong();
        Thread receiver = new Thread(() -> count(sink, received), "dn-sink");
        receiver.start();

        byte[] gpdu = Packet.builder().gtpu(TEID).ipv4(UE, VethUpf.DN).udp(40000, SINK_PORT)
                .payload(new byte[PAYLOAD]).build();
        DatagramPacket packet = new DatagramPacket(gpdu, gpdu.length, new InetSocketAddress(VethUpf.UPF_N3, 2152));
        long interval = (long) (INNER * 8 * 1e9 / (1.5 * mbr));
        long start = System.nanoTime();
        long sent = 0;
        long last = start;
        long maxGap = 0;
        for (long next = start; next - start < SEND_NANOS; next += interval) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            gnb.send(packet);
            long now = System.nanoTime();
            maxGap = Math.max(maxGap, now - last);
            last = now;
            sent++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        receiver.join(3000);
        sink.close();
        gnb.close();
        return new Trial(sent, seconds, maxGap, net.dp.usage(1), received.get());
    }

    /**
     * 20 ms at the rate (at least two packets): a sender that is descheduled for a moment loses no credit, and the
     * burst adds at most 2% to one second's volume.
     */
    static int burst(long mbr) {
        return (int) Math.max(2 * INNER, mbr / 8 / 50);
    }

    /** Counts datagrams until the stream has been quiet for 500 ms. */
    static void count(DatagramSocket socket, AtomicLong received) {
        byte[] buf = new byte[2048];
        try {
            socket.setSoTimeout(500);
            while (received.get() < 1_000_000) {
                socket.receive(new DatagramPacket(buf, buf.length));
                received.incrementAndGet();
            }
        } catch (SocketTimeoutException e) {
            // end of the stream
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
