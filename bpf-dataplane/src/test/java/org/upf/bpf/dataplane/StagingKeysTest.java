package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.UE;
import static org.upf.bpf.dataplane.Sessions.UE_V6_PREFIX;
import static org.upf.bpf.dataplane.Testbed.GNB;
import static org.upf.bpf.dataplane.Testbed.UPF_N3;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfException;
import org.upf.bpf.BpfMap;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.dataplane.Dataplane.Role;

/**
 * The staging entries a modification leaves open, and slots whose content the callers' rules do not tell: an open
 * staging entry is closed before its slot when the slot closes by another path (a demotion, another session's install,
 * a removal); the rollback of a modification the kernel refused part-way changes each slot by its gate alone, closing
 * it as it is, and rewrites no open staging entry while its slot is closed; a session whose UE address another
 * session took over leaves that slot alone; a session refused at a hash opened no entry point. Checked with packets
 * and with {@link SlotRaceTest.Gates} (the write log).
 */
class StagingKeysTest extends DenseSessionFixture {
    /** The GTP-U TEID of the IPv4 downlink frame to the basic UE (outer IPv4), -1 if not forwarded. */
    static int teidToV4() {
        TestRunResult r = bed.run(Role.N6, SlotRaceTest.downlinkV4());
        return r.retval() == Xdp.REDIRECT ? ByteBuffer.wrap(r.dataOut(), 14 + 20 + 8 + 4, 4).getInt() : -1;
    }

    /** Review item 1: modify(X0, X1) leaves X1 staged open; an exact address inside X's /64 demotes it, and closes it. */
    @Test
    void anOpenStagingEntryClosesWhenAnExactAddressDemotesItsSlashSixtyFour() {
        SessionRules moved = DenseDownlinkTest.moved();
        bed.dp.modify(SlotRaceTest.basic(), moved);
        SessionRules c = DenseDownlinkTest.exactV6(5, UE_V6_PREFIX + "c", 0xc);
        bed.dp.install(c);
        try {
            assertThat(DenseDownlinkTest.teidTo(UE_V6_PREFIX + "c")).as("the exact address's own tunnel")
                    .isEqualTo(0xc);
            assertThat(DenseDownlinkTest.teidTo(UE_V6_PREFIX + "2")).as("the rest of the /64, in the trie")
                    .isEqualTo(0x777);
            assertThat(SlotRaceTest.stagingOpen(DenseIndex.STAGING_MAP, SlotRaceTest.v6Slot()))
                    .as("the demoted slot's staging entry").isFalse();
        } finally {
            bed.dp.remove(c);
            bed.dp.remove(moved);
        }
    }

    /**
     * A removal closes each open staging entry before its slot: an agent killed between the two then leaves an open
     * slot, never a closed slot with an open staging entry, which the next load would finish as a modification (and so
     * bring the removed session's value back).
     */
    @Test
    void aRemovalClosesEachStagingEntryBeforeItsSlot() {
        // both PDR lists grow: the TEID set and both dense values change, so all three staging entries stay open
        SessionRules moved = SlotRaceTest.lists(Sessions.SESSION, List.of(SlotRaceTest.PDR_UL_NEVER, Sessions.PDR_UL),
                List.of(SlotRaceTest.PDR_DL_NEVER, Sessions.PDR_DL));
        bed.dp.modify(SlotRaceTest.basic(), moved);
        assertThat(SlotRaceTest.stagingOpen(PdrSet.STAGING_MAP, SlotRaceTest.teidSlot())).isTrue();
        List<String> order = new ArrayList<>();
        bed.dp.writeLog(new Dataplane.WriteLog() {
            @Override
            public void written(String map, ByteBuffer key, ByteBuffer value) {
                order.add(map + "/" + key.order(ByteOrder.nativeOrder()).getInt(key.position()));
            }
        });
        bed.dp.remove(moved);
        for (int slot : List.of(SlotRaceTest.v4Slot(), SlotRaceTest.v6Slot())) {
            assertThat(order).as("dense slot %d", slot).containsSubsequence(DenseIndex.STAGING_MAP + "/" + slot,
                    DenseIndex.VALUES_MAP + "/" + slot);
            assertThat(SlotRaceTest.stagingOpen(DenseIndex.STAGING_MAP, slot)).isFalse();
        }
        assertThat(order).as("TEID slot").containsSubsequence(PdrSet.STAGING_MAP + "/" + SlotRaceTest.teidSlot(),
                PdrSet.TEID_MAP + "/" + SlotRaceTest.teidSlot());
    }

    /**
     * Review item 2: the forward modification is refused at a leaf, before it staged anything (a URR slot beyond
     * upf_urr_v1), so the slots still hold the old values, live; the agent's rollback modify(after, before) closes them
     * as they are.
     */
    @Test
    void aRollbackOfAModificationRefusedBeforeItClosedTheSlotsChangesTheirGatesAlone() {
        SessionRules basic = SlotRaceTest.basic();
        SessionRules refused = Sessions.basic(FarRule.forwardGtpu(Sessions.addr(UPF_N3), Sessions.addr(GNB), 0x777,
                Sessions.DSCP_EF_TOS)).urr(bed.dp.map("upf_urr_v1").maxEntries()).build();
        SessionRules moved = DenseDownlinkTest.moved();
        assertThatThrownBy(() -> bed.dp.modify(basic, refused)).isInstanceOf(BpfException.class);
        assertThat(teidToV4()).as("refused: the old tunnel").isEqualTo(Sessions.GNB_TEID);
        SlotRaceTest.Gates gates = new SlotRaceTest.Gates();
        bed.dp.writeLog(gates);

        bed.dp.modify(refused, basic);

        assertThat(gates.unsafe).as("of %s", gates.writes).isEmpty();
        assertThat(gates.reads.get()).as("the TEID slot and both dense slots looked up").isEqualTo(3);
        assertThat(teidToV4()).isEqualTo(Sessions.GNB_TEID);
        assertThat(bed.run(Role.N6, SlotRaceTest.downlinkV6()).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(bed.run(Role.N3, SlotRaceTest.uplink()).retval()).isEqualTo(Xdp.REDIRECT);
        bed.dp.modify(basic, moved);
        assertThat(gates.reads.get()).as("written through: known again").isEqualTo(3);
        bed.dp.modify(moved, basic);
    }

    /**
     * Review item 2: the forward modification is refused at a UE-address hash (upf_dl4_v3 full) after it closed the
     * dense slots over their staged new values: packets take the staged values meanwhile, and the rollback rewrites each
     * staging entry only after its slot opens again.
     */
    @Test
    void aRollbackOfAModificationRefusedAfterItClosedTheSlotsLosesNoPacket() {
        SessionRules basic = SlotRaceTest.basic();
        SessionRules movedWithHashAddress = Sessions.basic(FarRule.forwardGtpu(Sessions.addr(UPF_N3),
                Sessions.addr(GNB), 0x777, Sessions.DSCP_EF_TOS))
                .downlink(Sessions.v4("198.18.7.7"), Sessions.PDR_DL).build();
        List<Integer> filler = fill(UeKeys.DL4_MAP, 0xc6136400); // 198.19.100.0 on
        try {
            assertThatThrownBy(() -> bed.dp.modify(basic, movedWithHashAddress)).isInstanceOf(BpfException.class);
            assertThat(SlotRaceTest.slotOctets(DenseIndex.VALUES_MAP, SlotRaceTest.v4Slot())[0] & DenseIndex.LIVE)
                    .as("closed by the refused modification").isZero();
            assertThat(teidToV4()).as("closed, staged: the new tunnel").isEqualTo(0x777);
        } finally {
            unfill(UeKeys.DL4_MAP, filler);
        }
        SlotRaceTest.Gates gates = new SlotRaceTest.Gates();
        bed.dp.writeLog(gates);

        bed.dp.modify(movedWithHashAddress, basic);

        assertThat(gates.unsafe).as("of %s", gates.writes).isEmpty();
        assertThat(teidToV4()).isEqualTo(Sessions.GNB_TEID);
        assertThat(bed.run(Role.N6, SlotRaceTest.downlinkV6()).retval()).isEqualTo(Xdp.REDIRECT);
    }

    /**
     * Review item 3: two sessions with one UE address (the SMF's, unchecked). The later install takes the dense slot
     * (as in a hash, the later write wins); the session it took the slot from, removed or modified, leaves it alone.
     */
    @Test
    void aSessionWhoseUeAddressAnotherSessionTookLeavesTheSlotAlone() {
        SessionRules basic = SlotRaceTest.basic();
        SessionRules other = SessionRules.builder(2, new UeSession(Sessions.v4(UE), null, 0))
                .far(Sessions.FAR_N3 + 10, FarRule.forwardGtpu(Sessions.addr(UPF_N3), Sessions.addr(GNB), 0x999,
                        null))
                .qer(Sessions.QER + 10, QerRule.open(QFI)).urr(Sessions.URR + 10)
                .pdr(Sessions.PDR_DL + 10, new PdrRule(Sessions.FAR_N3 + 10, Sessions.QER + 10, 0, Sessions.URR + 10,
                        0, Direction.DOWNLINK, null, null))
                .downlink(Sessions.v4(UE), Sessions.PDR_DL + 10).build();
        SlotRaceTest.Gates gates = new SlotRaceTest.Gates();
        bed.dp.writeLog(gates);

        bed.dp.install(other);
        assertThat(teidToV4()).as("the later install").isEqualTo(0x999);
        bed.dp.remove(basic);
        assertThat(teidToV4()).as("the displaced session's removal leaves the slot").isEqualTo(0x999);
        bed.dp.install(basic);
        assertThat(teidToV4()).as("taken back").isEqualTo(Sessions.GNB_TEID);
        SessionRules moved = DenseDownlinkTest.moved();
        bed.dp.modify(basic, moved);
        assertThat(teidToV4()).isEqualTo(0x777);
        bed.dp.modify(other, other);
        assertThat(teidToV4()).as("a modification takes it again").isEqualTo(0x999);
        bed.dp.modify(moved, basic);
        assertThat(teidToV4()).as("and again").isEqualTo(Sessions.GNB_TEID);
        bed.dp.remove(other);
        assertThat(teidToV4()).as("the displaced session's removal leaves the slot").isEqualTo(Sessions.GNB_TEID);

        assertThat(gates.unsafe).as("of %s", gates.writes).isEmpty();
    }

    /**
     * Review item 7: an installAll session refused at a UE-address hash (upf_dl4_v3 full) opened no entry point: the
     * refusable hash batches come before every OPEN (TEID set, uplink fast entry switched on, dense slot).
     */
    @Test
    void aSessionRefusedAtAHashOpenedNoEntryPoint() {
        SessionRules basic = SlotRaceTest.basic();
        bed.dp.remove(basic);
        SessionRules withHashAddress = Sessions.basic(Sessions.toGnbV4())
                .downlink(Sessions.v4("198.18.7.7"), Sessions.PDR_DL).build();
        List<String> opened = new ArrayList<>();
        bed.dp.writeLog((map, key, value) -> {
            int at = value.position();
            boolean open = switch (map) {
                case PdrSet.TEID_MAP -> value.getInt(at + PdrSet.C.offset("teid")) == Sessions.TEID;
                case UplinkFastEntry.MAP -> (value.get(at) & UplinkFastEntry.FLAG_ON) != 0;
                case DenseIndex.VALUES_MAP -> (value.get(at) & DenseIndex.LIVE) != 0;
                default -> false;
            };
            if (open) {
                opened.add(map + "/" + key.getInt(key.position()));
            }
        });
        List<Integer> filler = fill(UeKeys.DL4_MAP, 0xc6136400);
        try {
            assertThat(bed.dp.installAll(List.of(withHashAddress)).get(0)).isNotNull();
        } finally {
            unfill(UeKeys.DL4_MAP, filler);
        }
        assertThat(opened).as("entry points opened by a refused session").isEmpty();
        assertThat(bed.run(Role.N3, SlotRaceTest.uplink()).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.dp.installAll(List.of(withHashAddress))).containsOnlyNulls();
        assertThat(opened).as("the same session installed").contains(PdrSet.TEID_MAP + "/" + SlotRaceTest.teidSlot());
        bed.dp.remove(withHashAddress);
    }

    /** Fills map (4-octet keys from first on, zeroed values) until the kernel refuses a key; returns the keys. */
    private static List<Integer> fill(String map, int first) {
        BpfMap m = bed.dp.map(map);
        ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < 1 << 16; i++) {
            try {
                m.update(key(map, first + i), v, UpdateFlags.NOEXIST);
            } catch (BpfException full) {
                return keys;
            }
            keys.add(first + i);
        }
        throw new AssertionError(map + " took 65,536 keys");
    }

    private static void unfill(String map, List<Integer> keys) {
        keys.forEach(k -> bed.dp.map(map).delete(key(map, k)));
    }

    /** A 4-octet key: a slot in host order, an IPv4 address (upf_dl4_v3) in network order. */
    private static ByteBuffer key(String map, int k) {
        return ByteBuffer.allocateDirect(4).order(map.equals(UeKeys.DL4_MAP) ? ByteOrder.BIG_ENDIAN
                : ByteOrder.nativeOrder()).putInt(0, k);
    }
}
