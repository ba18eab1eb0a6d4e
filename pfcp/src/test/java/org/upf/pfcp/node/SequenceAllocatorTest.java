package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequenceAllocatorTest {

    @Test
    void wrapsAfter24BitsAndNeverYieldsZero() {
        SequenceAllocator a = new SequenceAllocator(0xFFFFFE);
        assertThat(a.next(s -> false)).isEqualTo(0xFFFFFF);
        assertThat(a.next(s -> false)).isEqualTo(1);
        assertThat(a.next(s -> false)).isEqualTo(2);
    }

    @Test
    void skipsNumbersStillOutstanding() {
        SequenceAllocator a = new SequenceAllocator(0);
        assertThat(a.next(s -> s < 5)).isEqualTo(5);
        assertThat(a.next(s -> s == 6)).isEqualTo(7);
    }

    @Test
    void reservesEachBlockBeforeItsFirstNumberIsUsed() {
        List<Integer> ledger = new ArrayList<>();
        SequenceAllocator a = new SequenceAllocator(0xFFFF00, ledger::add);
        assertThat(ledger).isEmpty();
        assertThat(a.next(s -> false)).isEqualTo(0xFFFF01);
        assertThat(ledger).containsExactly(SequenceAllocator.after(0xFFFF00, RequestSequences.BLOCK));
        for (int k = 1; k < RequestSequences.BLOCK; k++) {
            a.next(s -> false);
        }
        assertThat(ledger).hasSize(1);
        int next = a.next(s -> false);
        assertThat(ledger).hasSize(2);
        assertThat(next).isEqualTo(ledger.get(0) + 1 > 0xFFFFFF ? 1 : ledger.get(0) + 1);
        assertThat(ledger.get(0)).as("the block wrapped past 0xFFFFFF to 1").isEqualTo(0xFFFF00 + 0x10000 - 0xFFFFFF);
    }

    /** §6.4: a node restarted from its ledger uses none of the numbers of its previous run (within 2^24 - 1). */
    @Test
    void aRestartedNodeContinuesAfterItsLastReservation() {
        List<Integer> ledger = new ArrayList<>();
        SequenceAllocator before = new SequenceAllocator(RequestSequences.resume(0, ledger::add).last(), ledger::add);
        Set<Integer> used = new HashSet<>();
        for (int k = 0; k < 100_000; k++) {
            used.add(before.next(s -> false));
        }
        int mark = ledger.get(ledger.size() - 1);
        SequenceAllocator after = RequestSequences.resume(mark, ledger::add).allocator();
        for (int k = 0; k < 100_000; k++) {
            assertThat(used).doesNotContain(after.next(s -> false));
        }
    }

    @Test
    void afterWrapsWithin24Bits() {
        assertThat(SequenceAllocator.after(0, 1)).isEqualTo(1);
        assertThat(SequenceAllocator.after(0xFFFFFF, 1)).isEqualTo(1);
        assertThat(SequenceAllocator.after(0xFFFFFE, 2)).isEqualTo(1);
        assertThat(SequenceAllocator.after(5, 0xFFFFFF)).isEqualTo(5);
    }
}
