package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_HOST_V6;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * A regression test of the gates of the UE slots that the UE-address hashes and trie name (docs/dataplane.md, "UE
 * slots of the hashes and the trie"). Up to layout 3 their elements held the whole value (fast entry with the FAR's
 * tunnel) and a modification replaced the element; since Linux 6.1 a replaced element may be reused at once by the next
 * update on that CPU, so a packet still reading UE A's element could be encapsulated into UE B's tunnel ("Modify,
 * downlink"). That window is too narrow to hit here (these races pass on layout 3 too); what they do catch is a broken
 * gate, e.g. a hashed hit that does not fall back to the slot's staging entry while the slot is closed. Several
 * sessions whose UEs are found by hash (exact IPv4, exact IPv6) and by the trie (an IPv6 /64 outside every dense range)
 * have their tunnel (peer TEID) modified round robin by one thread, while packets to every UE run on another: each
 * packet must leave whole in one of its own UE's two tunnels, never in another UE's, and never be lost (a modification
 * goes through the UE slot's staging entry). The batched variant (installAll rewrites) tolerates losses (a re-install
 * closes the slot before its BODY) and checks only that no packet leaves in another UE's tunnel or with other bytes.
 */
class HashedUeRaceTest {
    static final int SESSIONS = 8;
    static final int FAR_N3 = 2;
    static final int PDR_DL = 2;
    static final int QER = 1;
    static Testbed bed;

    @BeforeAll
    static void setUp() {
        bed = new Testbed(); // no dense ranges: every UE by hash or trie
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    /** The peer TEID of session i in version v (0 or 1): unique per session and version. */
    static int tunnel(int i, int v) {
        return 0x1000_0000 | i << 8 | v;
    }

    static String ipv4(int i) {
        return "198.19.210." + i;
    }

    static String ipv6(int i) {
        return "2001:db8:210:" + i + "::1";
    }

    /** In a /64 of its own, found by the trie: every address of it is the UE's. */
    static String prefixAddress(int i) {
        return "2001:db8:211:" + i + "::77";
    }

    /** Session i (slots of its own) with its downlink FAR toward the gNB in tunnel(i, v). */
    static SessionRules session(int i, int v) {
        int base = 10 * i;
        return SessionRules.builder(i, new UeSession(Sessions.v4(ipv4(i)), Sessions.v6("2001:db8:211:" + i + "::"),
                        64))
                .far(base + FAR_N3, FarRule.forwardGtpu(Sessions.addr(Testbed.UPF_N3), Sessions.addr(Testbed.GNB),
                        tunnel(i, v), Sessions.DSCP_EF_TOS))
                .qer(base + QER, QerRule.open(Sessions.QFI))
                .urr(base + 1)
                .pdr(base + PDR_DL, new PdrRule(base + FAR_N3, base + QER, 0, base + 1, 0, Direction.DOWNLINK, null,
                        null))
                .downlink(Sessions.v4(ipv4(i)), base + PDR_DL)
                .downlink(Sessions.v6(ipv6(i)), base + PDR_DL)
                .downlinkPrefix(Sessions.v6("2001:db8:211:" + i + "::"), 64, base + PDR_DL)
                .build();
    }

    static byte[][] frames(int i) {
        return new byte[][] {
            Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, ipv4(i)).udp(5001, 40000).payload(DownlinkTest.DATA).build(),
            Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, ipv6(i)).udp(5001, 40000).payload(DownlinkTest.DATA).build(),
            Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, prefixAddress(i)).udp(5001, 40000)
                    .payload(DownlinkTest.DATA).build()};
    }

    /** The peer TEID of an encapsulated frame (Ethernet, IPv4 without options, UDP, GTP-U). */
    static int teid(byte[] out) {
        return ByteBuffer.wrap(out).getInt(14 + 20 + 8 + 4);
    }

    /**
     * 8 sessions x (IPv4, IPv6, IPv6 /64 by the trie), tunnels modified round robin: at least 20,000 rounds of 24
     * packets and 1,000 modifications, at most 20,000 modifications or 20 s.
     */
    @Test
    void packetsRacingModificationsOfHashedUesNeverTakeAnotherUesTunnel() throws Exception {
        race("modifications", (n, version) -> {
            int i = 1 + n % SESSIONS;
            bed.dp.modify(session(i, version[i]), session(i, 1 - version[i]));
            version[i] = 1 - version[i];
        }, true);
    }

    /**
     * The same sessions written again all at once with the other tunnel ({@link Dataplane#installAll}): one batch per
     * map, so the UE keys of several sessions follow each other within one syscall. Up to layout 3 each key's element
     * was replaced there, and the element freed by one replacement could be taken at once by the next one on that CPU
     * (another UE's tunnel); now the keys are not rewritten, each UE slot is switched off and rewritten (so packets may
     * be lost while it is off, a re-install is no modification), never opened with another UE's value.
     */
    @Test
    void packetsRacingBatchedRewritesOfHashedUesNeverTakeAnotherUesTunnel() throws Exception {
        race("batched rewrites", (n, version) -> {
            List<SessionRules> all = new ArrayList<>();
            for (int i = 1; i <= SESSIONS; i++) {
                version[i] = 1 - version[i];
                all.add(session(i, version[i]));
            }
            assertThat(bed.dp.installAll(all)).containsOnlyNulls();
        }, false);
    }

    @FunctionalInterface
    interface Step {
        /** The n-th change; version[i]: session i's tunnel version, to update. */
        void change(int n, int[] version);
    }

    private static void race(String what, Step step, boolean lossless) throws Exception {
        byte[][][] frames = new byte[SESSIONS + 1][][];
        byte[][][][] expected = new byte[SESSIONS + 1][2][][];
        for (int i = 1; i <= SESSIONS; i++) {
            frames[i] = frames(i);
        }
        for (int v = 1; v >= 0; v--) { // each version's exact frames out; version 0 stays installed
            for (int i = 1; i <= SESSIONS; i++) {
                if (v == 1) {
                    bed.dp.install(session(i, 1));
                } else {
                    bed.dp.modify(session(i, 1), session(i, 0));
                }
                expected[i][v] = new byte[3][];
                for (int f = 0; f < 3; f++) {
                    TestRunResult r = bed.run(Role.N6, frames[i][f]);
                    assertThat(r.retval()).as("session %d version %d frame %d", i, v, f).isEqualTo(Xdp.REDIRECT);
                    assertThat(teid(r.dataOut())).isEqualTo(tunnel(i, v));
                    expected[i][v][f] = r.dataOut();
                }
            }
        }
        int[] version = new int[SESSIONS + 1];
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger changes = new AtomicInteger();
        Thread modifier = new Thread(() -> {
            int n = 0;
            while (!done.get() && n < 20_000) {
                step.change(n, version);
                changes.set(++n);
            }
        }, "hashed-ue-modifier");
        List<String> otherTunnel = new ArrayList<>();
        List<String> otherBytes = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        modifier.start();
        int rounds;
        try {
            rounds = bed.inNamespace(() -> {
                int n = 0;
                for (; (n < 20_000 || changes.get() < 1_000) && System.nanoTime() < deadline
                        && modifier.isAlive(); n++) {
                    for (int i = 1; i <= SESSIONS; i++) {
                        for (int f = 0; f < 3; f++) {
                            check(i, f, bed.testRun(Role.N6, frames[i][f]), expected, otherTunnel, otherBytes, lost);
                        }
                    }
                }
                return n;
            });
        } finally {
            done.set(true);
            modifier.join(30_000);
        }
        assertThat(modifier.isAlive()).isFalse();
        System.out.printf("HashedUeRaceTest, %s: %d rounds of %d packets against %d changes: %d in another UE's"
                + " tunnel, %d other bytes, %d lost%n", what, rounds, 3 * SESSIONS, changes.get(), otherTunnel.size(),
                otherBytes.size(), lost.size());
        for (int i = 1; i <= SESSIONS; i++) {
            bed.dp.remove(session(i, version[i]));
        }
        assertThat(changes.get()).as("changes raced").isGreaterThan(100);
        assertThat(rounds).isGreaterThan(100);
        assertThat(otherTunnel).as("packets encapsulated into another UE's tunnel in %d rounds against %d %s",
                rounds, changes.get(), what).isEmpty();
        assertThat(otherBytes).as("packets forwarded with other bytes in %d rounds against %d %s", rounds,
                changes.get(), what).isEmpty();
        if (lossless) {
            assertThat(lost).as("packets not forwarded in %d rounds against %d %s (drops %s)", rounds,
                    changes.get(), what, bed.dp.drops()).isEmpty();
        }
    }

    private static void check(int i, int f, TestRunResult r, byte[][][][] expected, List<String> otherTunnel,
            List<String> otherBytes, List<String> lost) {
        String what = "UE " + i + " frame " + f;
        if (r.retval() != Xdp.REDIRECT) {
            lost.add(what + ": " + r.retval());
            return;
        }
        byte[] out = r.dataOut();
        if (Arrays.equals(out, expected[i][0][f]) || Arrays.equals(out, expected[i][1][f])) {
            return;
        }
        int teid = out.length >= 14 + 20 + 8 + 8 ? teid(out) : 0;
        boolean own = teid == tunnel(i, 0) || teid == tunnel(i, 1);
        (own ? otherBytes : otherTunnel).add(what + ": TEID 0x" + Integer.toHexString(teid) + ", "
                + HexFormat.of().formatHex(out));
    }
}
