package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;

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
}
