package org.upf.bpf.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Coalescing of flushes, on explicit nanoTime values: interval 50, settle 2. */
class FlushScheduleTest {
    final FlushSchedule s = new FlushSchedule(50, 2, 1_000);

    @Test
    void nothingPendingWithoutAChange() {
        assertThat(s.pending()).isFalse();
        assertThat(s.nanosUntilDue(1_000)).isEqualTo(-1);
    }

    @Test
    void aFirstChangeFlushesAfterTheSettleTime() {
        s.changed(1_000);

        assertThat(s.nanosUntilDue(1_000)).isEqualTo(2);
        assertThat(s.nanosUntilDue(1_005)).isZero();
    }

    @Test
    void aStormIsOneFlushPerIntervalAndNoChangeWaitsLongerThanOne() {
        s.changed(1_000);
        s.flushed(1_002, 1_003);
        s.changed(1_003);
        s.changed(1_030); // coalesced into the pending flush

        assertThat(s.nanosUntilDue(1_030)).as("one interval after the last flush's start").isEqualTo(22);
        s.flushed(1_052, 1_053);
        assertThat(s.pending()).isFalse();
        s.changed(1_200); // quiet since: only the settle time
        assertThat(s.nanosUntilDue(1_200)).isEqualTo(2);
    }

    @Test
    void aChangeCoalescedLessThanTheSettleTimeBeforeTheFlushGetsAnotherFlush() {
        s.changed(1_000);
        s.flushed(1_002, 1_003);
        s.changed(1_010); // pending: one interval after the last flush's start, 1_052
        s.changed(1_051); // a packet that asked the FIB before this change may fill the cache after that flush

        s.flushed(1_052, 1_053);
        assertThat(s.pending()).as("the flush came too soon after the last change to cover it").isTrue();
        assertThat(s.nanosUntilDue(1_053)).as("one interval after the flush").isEqualTo(49);
        s.flushed(1_102, 1_103);
        assertThat(s.pending()).isFalse();
    }

    @Test
    void slowFlushesStretchTheIntervalToTenTimesTheirDuration() {
        s.changed(1_000);
        s.flushed(1_002, 1_022); // 20 ns: the next may start 200 ns after this one

        s.changed(1_030);
        assertThat(s.nanosUntilDue(1_030)).isEqualTo(172);
        s.flushed(1_202, 1_203); // fast again: back to the interval
        s.changed(1_210);
        assertThat(s.nanosUntilDue(1_210)).isEqualTo(42);
    }

    @Test
    void settleTimeBeyondTheIntervalIsRefused() {
        assertThatThrownBy(() -> new FlushSchedule(1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
