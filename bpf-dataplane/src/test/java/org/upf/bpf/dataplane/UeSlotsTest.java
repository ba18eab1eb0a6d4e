package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocator of the UE slots after the dense ranges' ({@link UeSlots}), without the kernel. */
class UeSlotsTest {
    @Test
    void slotsComeInAscendingOrderAndFreedOnesLastFirstInFirstOut() {
        UeSlots slots = new UeSlots(10, 14); // 10..13
        assertThat(slots.allocate(List.of("a", "b", "c"))).containsExactly(10, 11, 12);
        assertThat(slots.allocate(List.of("a", "d"))).as("a has its slot already").containsExactly(13);
        assertThat(slots.available()).isZero();
        slots.free(11);
        slots.free(10);
        slots.free(13);
        assertThat(slots.slot("b")).isZero();
        assertThat(slots.key(12)).isEqualTo("c");
        assertThat(slots.allocate(List.of("e"))).containsExactly(11);
        assertThat(slots.allocate(List.of("f"))).containsExactly(10);
        slots.free(12);
        assertThat(slots.allocate(List.of("g", "h"))).containsExactly(13, 12);
    }

    @Test
    void anAllocationThatRunsOutTakesNothing() {
        UeSlots slots = new UeSlots(1, 4); // 1..3
        slots.allocate(List.of("a"));
        assertThatThrownBy(() -> slots.allocate(List.of("b", "c", "d"))).isInstanceOf(UeSlots.Exhausted.class)
                .hasMessageContaining("no UE slot left for d");
        assertThat(slots.available()).isEqualTo(2);
        assertThat(slots.slot("b")).isZero();
        assertThat(slots.allocate(List.of("x", "y"))).as("the same slots, in the same order").containsExactly(2, 3);
    }

    @Test
    void prefixKeysAreMasked() {
        assertThat(UeSlots.prefixKey(Sessions.v6("2001:db8:1:2:3::9"), 64))
                .isEqualTo(new SessionRules.Ipv6Prefix(Sessions.v6("2001:db8:1:2::"), 64));
    }

    @Test
    void withoutSlotsAfterTheRangesEveryKeyIsRefused() {
        UeSlots slots = new UeSlots(5, 5);
        assertThat(slots.capacity()).isZero();
        assertThatThrownBy(() -> slots.allocate(List.of("a"))).isInstanceOf(UeSlots.Exhausted.class);
        assertThat(slots.allocate(List.of())).isEmpty();
    }
}
