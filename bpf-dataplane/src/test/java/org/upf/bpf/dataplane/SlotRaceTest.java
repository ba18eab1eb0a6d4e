package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Sessions.UE_V6;
import static org.upf.bpf.dataplane.Sessions.UE_V6_PREFIX;
import static org.upf.bpf.dataplane.Testbed.DN_HOST;
import static org.upf.bpf.dataplane.Testbed.DN_MAC;
import static org.upf.bpf.dataplane.Testbed.UPF_N6_MAC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfMap;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.packet.Packet;

/**
 * "A packet never sees half a rule" for the entry points a packet reads from a preallocated ARRAY, whose values the
 * kernel copies over in place in no defined order while other CPUs read them: the TEID sets (upf_teid_v1) and the
 * dense downlink slots (upf_dldense_v1), IPv4 and IPv6. Checked three ways: through the write log (every write of a
 * slot a packet may use changes its gate alone), with packets run on each intermediate state written directly (whole
 * old rules, whole new rules, or "not here"), and with packets run while another thread modifies the session back and
 * forth. Also: a new UE address's dense slot costs no lookup, and a load on pinned maps knows the live slots.
 */
class SlotRaceTest extends DenseSessionFixture {
    /** PDRs of the grown lists: an SDF filter (remote port 1) the test packets never match. */
    static final int PDR_UL_NEVER = 3;
    static final int PDR_DL_NEVER = 4;
    /** An uplink PDR of its own URR, to tell which set forwarded. */
    static final int PDR_UL_OTHER = 5;
    static final int URR_OTHER = 5;

    /** The basic session with uplink list ul and downlink list dl (every PDR below defined), as session slot session. */
    static SessionRules lists(int session, List<Integer> ul, List<Integer> dl) {
        SdfFilter never = SdfFilter.any().withRemotePorts(1, 1);
        SessionRules.Builder b = SessionRules.builder(session, Sessions.ue())
                .far(Sessions.FAR_N6, FarRule.forwardToN6()).far(Sessions.FAR_N3, Sessions.toGnbV4())
                .qer(Sessions.QER, QerRule.open(QFI)).urr(Sessions.URR).urr(URR_OTHER)
                .pdr(Sessions.PDR_UL, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, Sessions.URR, 0, Direction.UPLINK,
                        QFI, null))
                .pdr(Sessions.PDR_DL, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, 0,
                        Direction.DOWNLINK, null, null))
                .pdr(PDR_UL_NEVER, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, Sessions.URR, 0, Direction.UPLINK,
                        QFI, never))
                .pdr(PDR_DL_NEVER, new PdrRule(Sessions.FAR_N3, Sessions.QER, 0, Sessions.URR, 0,
                        Direction.DOWNLINK, null, never))
                .pdr(PDR_UL_OTHER, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, URR_OTHER, 0, Direction.UPLINK,
                        QFI, null))
                .uplinkTeid(TEID, ul.toArray(Integer[]::new))
                .downlink(Sessions.v4(UE), dl.toArray(Integer[]::new))
                .downlinkPrefix(Sessions.v6(UE_V6_PREFIX), 64, dl.toArray(Integer[]::new));
        return b.build();
    }

    static SessionRules basic() {
        return Sessions.basic(Sessions.toGnbV4()).build();
    }

    static byte[] uplink() {
        return UplinkTest.gpdu(TEID, b -> b.ipv4(UE, DN_HOST).udp(40000, 5001).payload(UplinkTest.DATA)).build();
    }

    static byte[] downlinkV4() {
        return Packet.eth(DN_MAC, UPF_N6_MAC).ipv4(DN_HOST, UE).udp(5001, 40000).payload(DownlinkTest.DATA).build();
    }

    static byte[] downlinkV6() {
        return DownlinkTest.toUeV6(UE_V6);
    }

    static int teidSlot() {
        return TEID & (bed.dp.map(PdrSet.TEID_MAP).maxEntries() - 1);
    }

    static int v4Slot() {
        return bed.dp.denseIndex().slot(Sessions.v4(UE));
    }

    static int v6Slot() {
        return bed.dp.denseIndex().slot(Sessions.v6(UE_V6_PREFIX), 64);
    }

    static ByteBuffer slotKey(int slot) {
        return ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, slot);
    }

    static byte[] slotOctets(String map, int slot) {
        return get(bed.dp, map, slot);
    }

    static void write(String map, int slot, Dataplane.Writer value) {
        put(bed.dp, map, slot, value);
    }

    /** Whether the staging entry of slot (in upf_teidstg_v2 or upf_dlstg_v2) is open. */
    static boolean stagingOpen(String staging, int slot) {
        byte[] octets = slotOctets(staging, slot);
        return staging.equals(PdrSet.STAGING_MAP) ? Gates.gate(octets) == TEID : (octets[0] & DenseIndex.LIVE) != 0;
    }

    /**
     * The write log's view of the three slots and their staging entries: a write of a TEID set open before or after
     * (its teid word the TEID) may change only the slot bits of that word; a write of a dense slot live before or
     * after only its flags octet. A staging entry's octets change only while its slot is open or the entry closed (a
     * packet reads it while the slot is closed and it is open), but by its gate alone when it closes. A slot closed
     * from open either finds its staging entry closed (a removal: it may not open while the slot stays closed) or open
     * with what the slot holds when it opens again (a modification).
     */
    static final class Gates implements Dataplane.WriteLog {
        /** Recorded at a close with the staging entry closed. */
        private static final byte[] NONE = new byte[0];
        final int mask = bed.dp.map(PdrSet.TEID_MAP).maxEntries() - 1;
        /** The slots' and staging entries' octets (map/slot -> value), as read at the start and written since. */
        final Map<String, byte[]> held = new HashMap<>();
        /** Slot -> its staging entry's octets when it closed from open (NONE: closed), until it opens again. */
        final Map<String, byte[]> closedWith = new HashMap<>();
        /** Slots closed when the log started (a refused modification may have left them so): not closed from open. */
        final Set<String> closedAtStart = new HashSet<>();
        final List<String> writes = new ArrayList<>();
        final List<String> unsafe = new ArrayList<>();
        final List<String> staged = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        Gates() {
            for (String map : List.of(PdrSet.TEID_MAP, PdrSet.STAGING_MAP)) {
                held.put(map + "/" + teidSlot(), slotOctets(map, teidSlot()));
            }
            for (String map : List.of(DenseIndex.VALUES_MAP, DenseIndex.STAGING_MAP)) {
                for (int slot : List.of(v4Slot(), v6Slot())) {
                    held.put(map + "/" + slot, slotOctets(map, slot));
                }
            }
            for (String slot : List.of(PdrSet.TEID_MAP + "/" + teidSlot(), DenseIndex.VALUES_MAP + "/" + v4Slot(),
                    DenseIndex.VALUES_MAP + "/" + v6Slot())) {
                boolean teids = slot.startsWith(PdrSet.TEID_MAP);
                if (!open(teids, held.get(slot))) {
                    byte[] staging = held.get(stagingOf(slot));
                    closedWith.put(slot, open(teids, staging) ? staging : NONE);
                    closedAtStart.add(slot);
                }
            }
        }

        /** The staging entry of slot (map/slot). */
        private static String stagingOf(String slot) {
            return slot.startsWith(PdrSet.TEID_MAP) ? slot.replace(PdrSet.TEID_MAP, PdrSet.STAGING_MAP)
                    : slot.replace(DenseIndex.VALUES_MAP, DenseIndex.STAGING_MAP);
        }

        @Override
        public void written(String map, ByteBuffer key, ByteBuffer value) {
            int slot = key.getInt(key.position());
            String at = map + "/" + slot;
            byte[] before = held.get(at);
            if (before == null) {
                return;
            }
            byte[] next = new byte[before.length];
            value.get(value.position(), next);
            String write = at + " " + HexFormat.of().formatHex(before) + " -> " + HexFormat.of().formatHex(next);
            boolean teids = map.equals(PdrSet.TEID_MAP) || map.equals(PdrSet.STAGING_MAP);
            boolean wasOpen = open(teids, before);
            boolean open = open(teids, next);
            held.put(at, next);
            if (map.equals(PdrSet.STAGING_MAP) || map.equals(DenseIndex.STAGING_MAP)) {
                staged.add(write);
                String slotAt = (teids ? PdrSet.TEID_MAP : DenseIndex.VALUES_MAP) + "/" + slot;
                if (!closedWith.containsKey(slotAt)) {
                    return; // the slot is open: no packet reads its staging entry
                }
                if (wasOpen && !(open ? Arrays.equals(before, next) : gateOnly(teids, before, next))) {
                    unsafe.add(write + ": an open staging entry rewritten while " + slotAt + " is closed");
                } else if (!wasOpen && open) {
                    unsafe.add(write + ": opened while " + slotAt + " is closed");
                }
                closedWith.put(slotAt, open ? next : NONE);
                return;
            }
            writes.add(write);
            if (!gateOnly(teids, before, next)) {
                unsafe.add(write);
            }
            if (wasOpen && !open) {
                byte[] staging = held.get(stagingOf(at));
                closedWith.put(at, open(teids, staging) ? staging : NONE);
            } else if (!wasOpen && open) {
                byte[] stagedThen = closedWith.remove(at);
                if (!closedAtStart.remove(at) && stagedThen != null && stagedThen != NONE && !Arrays.equals(stagedThen, next)) {
                    unsafe.add(write + ": staged " + HexFormat.of().formatHex(stagedThen) + " while closed");
                }
            }
        }

        private static boolean open(boolean teids, byte[] octets) {
            return teids ? gate(octets) == TEID : (octets[0] & DenseIndex.LIVE) != 0;
        }

        private boolean gateOnly(boolean teids, byte[] before, byte[] next) {
            return teids ? teidGateOnly(before, next) : liveFlagOnly(before, next);
        }

        static int gate(byte[] set) {
            return ByteBuffer.wrap(set).order(ByteOrder.nativeOrder()).getInt(PdrSet.C.offset("teid"));
        }

        @Override
        public void read(String map, ByteBuffer key) {
            reads.incrementAndGet();
        }

        private boolean teidGateOnly(byte[] before, byte[] next) {
            int word = PdrSet.C.offset("teid");
            int was = ByteBuffer.wrap(before).order(ByteOrder.nativeOrder()).getInt(word);
            int now = ByteBuffer.wrap(next).order(ByteOrder.nativeOrder()).getInt(word);
            if (was != TEID && now != TEID) {
                return true; // closed throughout: no packet reads the slot
            }
            return Arrays.equals(before, 0, word, next, 0, word) && ((was ^ now) & ~mask) == 0;
        }

        private static boolean liveFlagOnly(byte[] before, byte[] next) {
            if (((before[0] | next[0]) & DenseIndex.LIVE) == 0) {
                return true;
            }
            return Arrays.equals(before, 1, before.length, next, 1, next.length);
        }
    }

    @Test
    void everyWriteOfASlotAPacketMayUseChangesItsGateAlone() {
        SessionRules grown = lists(Sessions.SESSION, List.of(PDR_UL_NEVER, Sessions.PDR_UL),
                List.of(PDR_DL_NEVER, Sessions.PDR_DL));
        SessionRules reordered = lists(Sessions.SESSION, List.of(Sessions.PDR_UL, PDR_UL_NEVER),
                List.of(Sessions.PDR_DL, PDR_DL_NEVER));
        SessionRules otherSession = lists(2, List.of(Sessions.PDR_UL, PDR_UL_NEVER),
                List.of(Sessions.PDR_DL, PDR_DL_NEVER));
        SessionRules shrunk = lists(Sessions.SESSION, List.of(PDR_UL_OTHER), List.of(PDR_DL_NEVER, Sessions.PDR_DL));
        Gates gates = new Gates();
        bed.dp.writeLog(gates);

        bed.dp.modify(basic(), grown); // [1] -> [3, 1], downlink [2] -> [4, 2]
        bed.dp.modify(grown, reordered); // [1, 3], [2, 4]
        bed.dp.modify(reordered, otherSession); // the same lists, another session slot
        bed.dp.modify(otherSession, shrunk); // [5], [4, 2]
        bed.dp.modify(shrunk, basic()); // [1], [2]
        bed.dp.modify(basic(), basic()); // nothing changes: each slot rewritten with its own octets
        for (String slot : List.of(PdrSet.TEID_MAP + "/" + teidSlot(), DenseIndex.VALUES_MAP + "/" + v4Slot(),
                DenseIndex.VALUES_MAP + "/" + v6Slot())) {
            String[] mapSlot = slot.replace(PdrSet.TEID_MAP, PdrSet.STAGING_MAP)
                    .replace(DenseIndex.VALUES_MAP, DenseIndex.STAGING_MAP).split("/");
            assertThat(slotOctets(mapSlot[0], Integer.parseInt(mapSlot[1]))).as("%s's staging entry: open, the value"
                    + " the slot holds", slot).isEqualTo(gates.held.get(slot));
        }
        bed.dp.remove(basic());
        assertThat(stagingOpen(PdrSet.STAGING_MAP, teidSlot()) || stagingOpen(DenseIndex.STAGING_MAP, v4Slot())
                || stagingOpen(DenseIndex.STAGING_MAP, v6Slot())).as("removal closes the staging entries").isFalse();
        bed.dp.install(basic());
        bed.dp.remove(basic());
        assertThat(bed.dp.installAll(List.of(basic()))).containsOnlyNulls();

        assertThat(gates.unsafe).as("writes changing more than the gate of a slot a packet may use, of %s",
                gates.writes).isEmpty();
        assertThat(gates.staged).as("each of the 5 changing modifications stages the TEID set and both dense slots,"
                + " the first removal closes them, later ones find them closed").hasSize(5 * 3 + 3);
        assertThat(gates.writes).as("per slot: 5 modifications 3 each, 1 unchanged, remove 1, install 2, remove 1,"
                + " installAll 2").hasSize(3 * (5 * 3 + 1 + 1 + 2 + 1 + 2));
        assertThat(gates.reads.get()).as("lookups: every slot was known").isZero();
        gates.held.forEach((at, octets) -> {
            String[] mapSlot = at.split("/");
            assertThat(slotOctets(mapSlot[0], Integer.parseInt(mapSlot[1]))).as("the log follows the map: %s", at)
                    .isEqualTo(octets);
        });
        assertThat(bed.run(Role.N3, uplink()).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(bed.run(Role.N6, downlinkV4()).dataOut()).isEqualTo(DenseDownlinkTest.encapsulated(UE,
                Sessions.GNB_TEID));
        assertThat(bed.run(Role.N6, downlinkV6()).retval()).isEqualTo(Xdp.REDIRECT);
    }

    /** Removal leaves each slot's rules whole under its closed gate: the TEID set's, the dense slots' values. */
    @Test
    void removalClosesTheGatesAndKeepsTheRestWhole() {
        int mask = bed.dp.map(PdrSet.TEID_MAP).maxEntries() - 1;
        bed.dp.remove(basic());
        try {
            ByteBuffer set = ByteBuffer.allocate(PdrSet.C.size()).order(ByteOrder.nativeOrder());
            new PdrSet(List.of(Sessions.PDR_UL), Sessions.SESSION, TEID).closed(mask).write(set, 0);
            assertThat(slotOctets(PdrSet.TEID_MAP, teidSlot())).isEqualTo(set.array());
            assertThat(slotOctets(DenseIndex.VALUES_MAP, v4Slot())[0] & DenseIndex.LIVE).isZero();
            assertThat(slotOctets(DenseIndex.VALUES_MAP, v6Slot())[0] & DenseIndex.LIVE).isZero();
            long unknown = bed.drops(DropReason.UNKNOWN_TEID);
            long stack = bed.controlPath(CpReason.STACK);

            assertThat(bed.run(Role.N3, uplink()).retval()).isEqualTo(Xdp.DROP);
            assertThat(bed.run(Role.N6, downlinkV4()).retval()).isEqualTo(Xdp.PASS);
            assertThat(bed.run(Role.N6, downlinkV6()).retval()).isEqualTo(Xdp.PASS);
            assertThat(bed.drops(DropReason.UNKNOWN_TEID)).isEqualTo(unknown + 1);
            assertThat(bed.controlPath(CpReason.STACK)).isEqualTo(stack + 2);
        } finally {
            bed.dp.install(basic());
        }
    }

    /**
     * Each state a TEID slot passes through in a modification, written directly: closed with the old set and the new
     * set staged open (the staged set forwards, whole), open again (its own set), closed with its staging entry closed
     * (removed: unknown TEID), or open for another TEID of the slot (an earlier generation: unknown TEID).
     */
    @Test
    void aPacketOnAClosedTeidSlotTakesTheStagedSetWhole() {
        int mask = bed.dp.map(PdrSet.TEID_MAP).maxEntries() - 1;
        SessionRules walk = lists(Sessions.SESSION, List.of(PDR_UL_NEVER, Sessions.PDR_UL), List.of(Sessions.PDR_DL));
        bed.dp.modify(basic(), walk); // two PDRs: no uplink fast entry, packets read the TEID set
        PdrSet next = new PdrSet(List.of(PDR_UL_OTHER), Sessions.SESSION, TEID);
        try {
            PdrSet old = new PdrSet(List.of(PDR_UL_NEVER, Sessions.PDR_UL), Sessions.SESSION, TEID);
            write(PdrSet.TEID_MAP, teidSlot(), old.closed(mask));
            write(PdrSet.STAGING_MAP, teidSlot(), next);
            assertThat(forwardedOn(URR_OTHER)).as("closed, new set staged: the new set").isTrue();

            write(PdrSet.TEID_MAP, teidSlot(), old);
            assertThat(forwardedOn(Sessions.URR)).as("open: the slot's own set").isTrue();

            write(PdrSet.TEID_MAP, teidSlot(), old.closed(mask));
            write(PdrSet.STAGING_MAP, teidSlot(), next.closed(mask));
            long unknown = bed.drops(DropReason.UNKNOWN_TEID);
            assertThat(bed.run(Role.N3, uplink()).retval()).isEqualTo(Xdp.DROP);
            assertThat(bed.drops(DropReason.UNKNOWN_TEID)).as("closed, staging closed").isEqualTo(unknown + 1);

            write(PdrSet.STAGING_MAP, teidSlot(), new PdrSet(List.of(PDR_UL_OTHER), Sessions.SESSION,
                    TEID + mask + 1));
            assertThat(bed.run(Role.N3, uplink()).retval()).isEqualTo(Xdp.DROP);
            assertThat(bed.drops(DropReason.UNKNOWN_TEID)).as("closed, staging open for another TEID")
                    .isEqualTo(unknown + 2);
        } finally {
            write(PdrSet.STAGING_MAP, teidSlot(), next.closed(mask));
            write(PdrSet.TEID_MAP, teidSlot(), new PdrSet(List.of(PDR_UL_NEVER, Sessions.PDR_UL), Sessions.SESSION,
                    TEID));
            bed.dp.modify(walk, basic());
        }
    }

    /** Whether the uplink packet is forwarded and counted in urr alone (of the two URRs of {@link #lists}). */
    private static boolean forwardedOn(int urr) {
        int other = urr == Sessions.URR ? URR_OTHER : Sessions.URR;
        Usage was = bed.dp.usage(urr);
        Usage otherWas = bed.dp.usage(other);
        TestRunResult r = bed.run(Role.N3, uplink());
        return r.retval() == Xdp.REDIRECT && bed.dp.usage(urr).uplinkPackets() == was.uplinkPackets() + 1
                && bed.dp.usage(other).uplinkPackets() == otherWas.uplinkPackets();
    }

    /**
     * Each state a dense slot passes through, IPv4 and IPv6, written directly: LIVE off over the old value with the new
     * value staged live (the new tunnel, whole), live (the slot's own value), LIVE off with the staging entry's LIVE off
     * too ("not here").
     */
    @Test
    void aPacketOnADenseSlotWithoutLiveTakesTheStagedValueWhole() {
        SessionRules moved = DenseDownlinkTest.moved();
        bed.dp.modify(basic(), moved);
        byte[] newV4 = bed.run(Role.N6, downlinkV4()).dataOut();
        byte[] newV6 = bed.run(Role.N6, downlinkV6()).dataOut();
        bed.dp.modify(moved, basic());
        byte[] oldV4 = bed.run(Role.N6, downlinkV4()).dataOut();
        byte[] oldV6 = bed.run(Role.N6, downlinkV6()).dataOut();
        assertThat(newV4).isEqualTo(DenseDownlinkTest.encapsulated(UE, 0x777)).isNotEqualTo(oldV4);
        assertThat(newV6).isNotEqualTo(oldV6);
        UeSet old = UeSet.of(basic(), List.of(Sessions.PDR_DL));
        UeSet next = UeSet.of(moved, List.of(Sessions.PDR_DL));
        try {
            for (int slot : List.of(v4Slot(), v6Slot())) {
                write(DenseIndex.VALUES_MAP, slot, old.inDenseSlot(false, true));
                write(DenseIndex.STAGING_MAP, slot, next.inDenseSlot(true, true));
            }
            assertThat(bed.run(Role.N6, downlinkV4()).dataOut()).as("LIVE off, staged: the new value").isEqualTo(newV4);
            assertThat(bed.run(Role.N6, downlinkV6()).dataOut()).as("LIVE off, staged: the new value").isEqualTo(newV6);

            for (int slot : List.of(v4Slot(), v6Slot())) {
                write(DenseIndex.VALUES_MAP, slot, old.inDenseSlot(true, true));
            }
            assertThat(bed.run(Role.N6, downlinkV4()).dataOut()).as("live: the slot's value").isEqualTo(oldV4);
            assertThat(bed.run(Role.N6, downlinkV6()).dataOut()).as("live: the slot's value").isEqualTo(oldV6);

            for (int slot : List.of(v4Slot(), v6Slot())) {
                write(DenseIndex.VALUES_MAP, slot, old.inDenseSlot(false, true));
                write(DenseIndex.STAGING_MAP, slot, next.inDenseSlot(false, true));
            }
            long stack = bed.controlPath(CpReason.STACK);
            assertThat(bed.run(Role.N6, downlinkV4()).retval()).isEqualTo(Xdp.PASS);
            assertThat(bed.run(Role.N6, downlinkV6()).retval()).isEqualTo(Xdp.PASS);
            assertThat(bed.controlPath(CpReason.STACK)).as("LIVE off, nothing staged: no UE").isEqualTo(stack + 2);
        } finally {
            for (int slot : List.of(v4Slot(), v6Slot())) {
                write(DenseIndex.STAGING_MAP, slot, next.inDenseSlot(false, true));
                write(DenseIndex.VALUES_MAP, slot, old.inDenseSlot(true, true));
            }
        }
    }

    /**
     * One thread runs the uplink and both downlink packets (each matched by PDR 1 / 2 in every list) while another
     * modifies the session's lists back and forth ([1] -> [3, 1] -> [1, 3] -> [1], downlink alike): every packet
     * forwarded is forwarded with the same bytes, and none is lost (NO_PDR, an unknown TEID, the stack). Bounded: 20,000
     * modifications or 20 s.
     */
    @Test
    void packetsRacingModificationsOfTheirListsAreForwardedWhole() throws Exception {
        byte[] ul = bed.run(Role.N3, uplink()).dataOut();
        byte[] v4 = bed.run(Role.N6, downlinkV4()).dataOut();
        byte[] v6 = bed.run(Role.N6, downlinkV6()).dataOut();
        List<SessionRules> cycle = List.of(basic(),
                lists(Sessions.SESSION, List.of(PDR_UL_NEVER, Sessions.PDR_UL), List.of(PDR_DL_NEVER, Sessions.PDR_DL)),
                lists(Sessions.SESSION, List.of(Sessions.PDR_UL, PDR_UL_NEVER), List.of(Sessions.PDR_DL, PDR_DL_NEVER)));
        long noPdr = bed.drops(DropReason.NO_PDR);
        long unknown = bed.drops(DropReason.UNKNOWN_TEID);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger modifications = new AtomicInteger();
        Thread modifier = new Thread(() -> {
            int i = 0;
            while (!done.get() && i < 20_000) {
                bed.dp.modify(cycle.get(i % 3), cycle.get((i + 1) % 3));
                i++;
                modifications.set(i);
            }
            // back to basic for the next test
            bed.dp.modify(cycle.get(i % 3), basic());
        }, "slotrace-modifier");
        List<String> wrong = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        byte[][] frames = {uplink(), downlinkV4(), downlinkV6()};
        modifier.start();
        int rounds;
        try {
            rounds = bed.inNamespace(() -> {
                int n = 0;
                // at least 20,000 rounds and 1,000 modifications (a modifier slow to start, e.g. still compiling,
                // must not end the race before it began), at most the modifier's 20,000 or 20 s
                for (; (n < 20_000 || modifications.get() < 1_000) && System.nanoTime() < deadline
                        && modifier.isAlive(); n++) {
                    check(wrong, lost, "uplink", bed.testRun(Role.N3, frames[0]), ul);
                    check(wrong, lost, "downlink IPv4", bed.testRun(Role.N6, frames[1]), v4);
                    check(wrong, lost, "downlink IPv6", bed.testRun(Role.N6, frames[2]), v6);
                }
                return n;
            });
        } finally {
            done.set(true);
            modifier.join(30_000);
        }
        assertThat(modifier.isAlive()).isFalse();
        assertThat(modifications.get()).as("modifications raced").isGreaterThan(100);
        assertThat(rounds).isGreaterThan(100);
        assertThat(wrong).as("packets forwarded with other bytes in %d rounds against %d modifications", rounds,
                modifications.get()).isEmpty();
        // Staging in gated ARRAYs (docs/dataplane.md, "Writing rules without half-rules"): a packet that read its slot
        // closed finds the staging entry open, whole, until the next modification; without staging, or with the gate
        // order broken, every modification loses the packets racing its close (about 200 per 1,000 here).
        assertThat(lost).as("packets not forwarded in %d rounds against %d modifications (drops %s)", rounds,
                modifications.get(), bed.dp.drops()).isEmpty();
        assertThat(bed.drops(DropReason.NO_PDR) + bed.drops(DropReason.UNKNOWN_TEID)).isEqualTo(noPdr + unknown);
    }

    /** A packet forwarded with other bytes goes to wrong, one not forwarded at all to lost. */
    private static void check(List<String> wrong, List<String> lost, String what, TestRunResult r, byte[] expected) {
        if (r.retval() != Xdp.REDIRECT) {
            lost.add(what + ": " + r.retval());
        } else if (!Arrays.equals(r.dataOut(), expected)) {
            wrong.add(what + ": " + HexFormat.of().formatHex(r.dataOut()) + " expected "
                    + HexFormat.of().formatHex(expected));
        }
    }

    /** Installing UEs on slots no session holds looks nothing up: two writes of each slot, no other syscall for it. */
    @Test
    void aNewUeAddressesSlotCostsNoLookup() {
        Gates gates = new Gates();
        List<String> denseWrites = new ArrayList<>();
        bed.dp.writeLog(new Dataplane.WriteLog() {
            @Override
            public void written(String map, ByteBuffer key, ByteBuffer value) {
                if (map.equals(DenseIndex.VALUES_MAP)) {
                    denseWrites.add(map + "/" + key.getInt(key.position()));
                }
            }

            @Override
            public void read(String map, ByteBuffer key) {
                gates.read(map, key);
            }
        });
        for (int i = 10; i < 42; i++) {
            SessionRules other = DenseDownlinkTest.otherUe("198.19.200." + i);
            bed.dp.install(other);
            bed.dp.remove(other);
        }
        assertThat(gates.reads.get()).as("lookups for 32 new UE addresses").isZero();
        assertThat(denseWrites).as("per UE: not live, live, removal").hasSize(32 * 3);

        SessionRules onTheBasicUesSlot = DenseDownlinkTest.otherUe(UE); // another session's UE: the later write wins
        bed.dp.install(onTheBasicUesSlot);
        bed.dp.remove(onTheBasicUesSlot);
        assertThat(gates.reads.get()).as("a slot that may be live is looked up").isEqualTo(1);
    }

    /**
     * An agent killed between the steps of a modification leaves a slot closed with its staging entry open (here: TEID
     * slot closed over the old set, dense slot off over the old value, the new ones staged): the next load on the
     * pinned maps finishes the modification (the slots hold the staged set and value, open; the staging entries stay
     * open with the same octets), and its removal closes both.
     */
    @Test
    void aLoadFinishesAModificationAKilledAgentLeftStaged() {
        Path pins = bed.topology.pinRoot().resolve("slotrace-staged");
        int mask = bed.dp.map(PdrSet.TEID_MAP).maxEntries() - 1;
        PdrSet staged = new PdrSet(List.of(PDR_UL_OTHER), Sessions.SESSION, TEID);
        UeSet stagedValue = UeSet.of(DenseDownlinkTest.moved(), List.of(Sessions.PDR_DL));
        UeSet old = UeSet.of(basic(), List.of(Sessions.PDR_DL));
        try (Dataplane first = Dataplane.load(DenseDownlinkTest.CONFIG, pins)) {
            first.install(basic());
            put(first, PdrSet.STAGING_MAP, teidSlot(), staged);
            put(first, PdrSet.TEID_MAP, teidSlot(), new PdrSet(List.of(Sessions.PDR_UL), Sessions.SESSION, TEID)
                    .closed(mask));
            put(first, DenseIndex.STAGING_MAP, v4Slot(), stagedValue.inDenseSlot(true, true));
            put(first, DenseIndex.VALUES_MAP, v4Slot(), old.inDenseSlot(false, true));
        }
        try (Dataplane second = Dataplane.load(DenseDownlinkTest.CONFIG, pins)) {
            assertThat(get(second, PdrSet.TEID_MAP, teidSlot())).isEqualTo(octets(staged, PdrSet.C.size()));
            assertThat(get(second, DenseIndex.VALUES_MAP, v4Slot()))
                    .isEqualTo(octets(stagedValue.inDenseSlot(true, true), UeSet.C.size()));
            assertThat(get(second, PdrSet.STAGING_MAP, teidSlot())).isEqualTo(octets(staged, PdrSet.C.size()));
            assertThat(get(second, DenseIndex.STAGING_MAP, v4Slot()))
                    .isEqualTo(octets(stagedValue.inDenseSlot(true, true), UeSet.C.size()));
            second.remove(basic());
            assertThat(get(second, PdrSet.STAGING_MAP, teidSlot())).isEqualTo(octets(staged.closed(mask),
                    PdrSet.C.size()));
            assertThat(get(second, DenseIndex.STAGING_MAP, v4Slot()))
                    .isEqualTo(octets(stagedValue.inDenseSlot(false, true), UeSet.C.size()));
        }
    }

    private static void put(Dataplane dp, String map, int key, Dataplane.Writer value) {
        BpfMap m = dp.map(map);
        ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
        value.write(v, 0);
        m.update(slotKey(key), v, UpdateFlags.ANY);
    }

    private static byte[] get(Dataplane dp, String map, int slot) {
        BpfMap m = dp.map(map);
        ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
        assertThat(m.lookup(slotKey(slot), v)).isTrue();
        byte[] out = new byte[m.valueSize()];
        v.get(0, out);
        return out;
    }

    private static byte[] octets(Dataplane.Writer value, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        value.write(b, 0);
        return b.array();
    }

    /** A load on pinned maps reads which dense slots are live: a slot live there is looked up, a free one is not. */
    @Test
    void aLoadOnPinnedMapsKnowsTheLiveSlots() {
        Path pins = bed.topology.pinRoot().resolve("slotrace");
        AtomicInteger reads = new AtomicInteger();
        try (Dataplane first = Dataplane.load(DenseDownlinkTest.CONFIG, pins)) {
            first.install(basic());
        }
        try (Dataplane second = Dataplane.load(DenseDownlinkTest.CONFIG, pins)) {
            second.writeLog(new Dataplane.WriteLog() {
                @Override
                public void written(String map, ByteBuffer key, ByteBuffer value) {
                }

                @Override
                public void read(String map, ByteBuffer key) {
                    reads.incrementAndGet();
                }
            });
            SessionRules free = DenseDownlinkTest.otherUe("198.19.200.9");
            second.install(free);
            assertThat(reads.get()).as("a free slot").isZero();
            second.remove(free);
            SessionRules taken = DenseDownlinkTest.otherUe(UE);
            second.install(taken);
            assertThat(reads.get()).as("the pinned session's slot").isEqualTo(1);
            second.remove(taken);
            second.remove(basic());
        }
    }
}
