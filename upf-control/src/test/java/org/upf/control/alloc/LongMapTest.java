package org.upf.control.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {

    /** Random puts and removes on a narrow key range (long probe runs, growth and shrinking) agree with HashMap. */
    @Test
    void behavesLikeAHashMap() {
        Random random = new Random(42);
        LongMap<Long> map = new LongMap<>();
        Map<Long, Long> expected = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long key = 1 + random.nextInt(i < 100_000 ? 5_000 : 50);
            if (random.nextInt(3) == 0) {
                assertThat(map.remove(key)).isEqualTo(expected.remove(key));
            } else {
                assertThat(map.put(key, (long) i)).isEqualTo(expected.put(key, (long) i));
            }
            assertThat(map.size()).isEqualTo(expected.size());
        }
        for (long key = 1; key <= 5_000; key++) {
            assertThat(map.get(key)).isEqualTo(expected.get(key));
        }
    }

    @Test
    void zeroIsNoKey() {
        LongMap<String> map = new LongMap<>();
        assertThat(map.get(0)).isNull();
        assertThat(map.remove(0)).isNull();
        assertThatThrownBy(() -> map.put(0, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeAndLargeKeysAreKeys() {
        LongMap<String> map = new LongMap<>();
        map.put(-1, "a");
        map.put(Long.MIN_VALUE, "b");
        map.put(Long.MAX_VALUE, "c");
        assertThat(map.get(-1)).isEqualTo("a");
        assertThat(map.get(Long.MIN_VALUE)).isEqualTo("b");
        assertThat(map.remove(Long.MAX_VALUE)).isEqualTo("c");
        assertThat(map.size()).isEqualTo(2);
    }
}
