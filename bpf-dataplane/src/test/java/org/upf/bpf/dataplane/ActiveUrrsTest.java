package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;
import static org.upf.bpf.dataplane.Sessions.UE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.Dataplane.Role;

/**
 * upf_urract_v1 (ActiveUrrs): a forwarded packet marks its PDR's URRs (both of them, uplink and downlink), a drain
 * returns the marks and clears them, and a packet that is not forwarded marks nothing.
 */
class ActiveUrrsTest extends BasicSessionFixture {
    /** A second URR of the uplink PDR, in another word than Sessions.URR (slot 1). */
    private static final int URR2 = 130;
    private static final int DROPPING_FAR = 3;

    @BeforeEach
    void installTwoUrrsAndNoMarks() {
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .urr(URR2)
                .pdr(Sessions.PDR_UL, new PdrRule(Sessions.FAR_N6, Sessions.QER, 0, Sessions.URR, URR2,
                        Direction.UPLINK, QFI, null))
                .build());
        drained(); // whatever earlier tests of the class left marked
    }

    /** The URR slots marked since the last drain, ascending; the map is left without marks. */
    private static List<Integer> drained() {
        ActiveUrrs active = bed.dp.activeUrrs();
        long[] words = new long[active.words()];
        int set = active.drain(0, words.length, words);
        List<Integer> slots = new ArrayList<>();
        for (int w = 0; w < words.length; w++) {
            for (long bits = words[w]; bits != 0; bits &= bits - 1) {
                slots.add(w * 64 + Long.numberOfTrailingZeros(bits));
            }
        }
        assertThat(set).as("words with marks").isEqualTo((int) java.util.Arrays.stream(words).filter(x -> x != 0)
                .count());
        return slots;
    }

    @Test
    void theMapHasOneBitPerUrrSlotAndIsMmapable() {
        assertThat(ActiveUrrs.MAP).isEqualTo("upf_urract_v1");
        int urrs = DataplaneConfig.small(8).urrs();
        assertThat(bed.dp.map(ActiveUrrs.MAP).maxEntries()).isEqualTo((urrs + 63) / 64);
        assertThat(bed.dp.activeUrrs().words()).isEqualTo((urrs + 63) / 64);
        assertThat(bed.dp.map(ActiveUrrs.MAP).flags() & (1 << 10)).as("BPF_F_MMAPABLE").isNotZero();
    }

    @Test
    void anUplinkPacketMarksBothUrrsOfItsPdrOnce() {
        for (int i = 0; i < 3; i++) {
            assertThat(bed.run(Role.N3, InterfaceCountersTest.gpdu(TEID, QFI)).retval()).isEqualTo(Xdp.REDIRECT);
        }
        assertThat(drained()).containsExactly(Sessions.URR, URR2);
        assertThat(drained()).as("cleared by the drain").isEmpty();
        assertThat(bed.run(Role.N3, InterfaceCountersTest.gpdu(TEID, QFI)).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(drained()).as("marked again by the next packet").containsExactly(Sessions.URR, URR2);
    }

    @Test
    void aDownlinkPacketMarksItsUrr() {
        assertThat(bed.run(Role.N6, InterfaceCountersTest.toUe(UE)).retval()).isEqualTo(Xdp.REDIRECT);
        assertThat(drained()).containsExactly(Sessions.URR);
    }

    @Test
    void aPacketThatIsNotForwardedMarksNothing() {
        // the downlink PDR's FAR drops: the packet matches a PDR with a URR but is not forwarded
        bed.dp.install(Sessions.basic(Sessions.toGnbV4())
                .far(DROPPING_FAR, new FarRule(FarRule.DROP, OuterHeader.NONE, null, null, 0, null))
                .pdr(Sessions.PDR_DL, new PdrRule(DROPPING_FAR, Sessions.QER, 0, Sessions.URR, 0,
                        Direction.DOWNLINK, null, null))
                .build());
        drained();
        assertThat(bed.run(Role.N6, InterfaceCountersTest.toUe(UE)).retval()).isEqualTo(Xdp.DROP);
        assertThat(bed.run(Role.N3, InterfaceCountersTest.gpdu(TEID + 1, QFI)).retval())
                .as("unknown TEID").isNotEqualTo(Xdp.REDIRECT);
        assertThat(drained()).isEmpty();
        assertThat(bed.dp.usage(Sessions.URR).totalPackets()).isZero();
    }

    @Test
    void aDrainOfARangeTakesOnlyItsWords() {
        assertThat(bed.run(Role.N3, InterfaceCountersTest.gpdu(TEID, QFI)).retval()).isEqualTo(Xdp.REDIRECT);
        long[] words = new long[bed.dp.activeUrrs().words()];
        assertThat(bed.dp.activeUrrs().drain(1, words.length, words)).isEqualTo(1);
        assertThat(words[URR2 / 64]).isEqualTo(1L << (URR2 % 64));
        assertThat(words[0]).isZero();
        assertThat(drained()).as("word 0 left marked").containsExactly(Sessions.URR);
        assertThatThrownBy(() -> bed.dp.activeUrrs().drain(0, words.length + 1, words))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
