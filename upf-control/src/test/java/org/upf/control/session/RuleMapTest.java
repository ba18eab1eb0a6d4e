package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A session state's map behaves as a LinkedHashMap: same contents, order, views and equality under any mix of changes. */
class RuleMapTest {

    @Test
    void followsALinkedHashMapThroughRandomChanges() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Map<Long, Integer> expected = new LinkedHashMap<>();
            RuleMap<Long, Integer> map = new RuleMap<>();
            for (int op = 0; op < 40; op++) {
                long key = random.nextInt(12);
                int value = random.nextInt();
                switch (random.nextInt(4)) {
                    case 0, 1 -> assertThat(map.put(key, value)).isEqualTo(expected.put(key, value));
                    case 2 -> assertThat(map.remove(key)).isEqualTo(expected.remove(key));
                    default -> {
                        int v = value;
                        expected.values().removeIf(x -> x % 3 == Math.floorMod(v, 3));
                        map.values().removeIf(x -> x % 3 == Math.floorMod(v, 3));
                    }
                }
                assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected);
                assertThat(new ArrayList<>(map.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
                assertThat(new ArrayList<>(map.values())).isEqualTo(new ArrayList<>(expected.values()));
                assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
                assertThat(map.get(key)).isEqualTo(expected.get(key));
                assertThat(map.containsKey(key)).isEqualTo(expected.containsKey(key));
                assertThat(map.containsValue(value)).isEqualTo(expected.containsValue(value));
            }
        }
    }

    @Test
    void aLargeMapWithItsHashIndexStillFollowsALinkedHashMap() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Map<Long, Integer> expected = new LinkedHashMap<>();
            RuleMap<Long, Integer> map = new RuleMap<>();
            for (int op = 0; op < 600; op++) {
                long key = random.nextInt(4 * RuleMap.INDEXED_FROM);
                int value = random.nextInt();
                if (random.nextInt(5) == 0) {
                    assertThat(map.remove(key)).isEqualTo(expected.remove(key));
                } else {
                    assertThat(map.put(key, value)).isEqualTo(expected.put(key, value));
                }
                assertThat(map.get(key)).isEqualTo(expected.get(key));
                assertThat(map.containsKey(key + 1)).isEqualTo(expected.containsKey(key + 1));
            }
            assertThat(map).isEqualTo(expected);
            assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        }
    }

    @Test
    void holdsTensOfThousandsOfRulesOfOneKindAndCopiesThem() {
        RuleMap<Long, Long> map = new RuleMap<>();
        int n = 50_000; // ten times what fits in one PFCP message; with scanning lookups this took seconds (indexed: ms)
        for (long k = 0; k < n; k++) {
            map.put(k, k);
        }
        RuleMap<Long, Long> copy = new RuleMap<>();
        copy.putAll(map);
        assertThat(copy).hasSize(n).containsEntry(n - 1L, n - 1L).isEqualTo(map);
    }

    @Test
    void iteratorRemovesTheEntryItReturnedLast() {
        RuleMap<Integer, String> map = new RuleMap<>();
        for (int i = 1; i <= 6; i++) {
            map.put(i, "v" + i);
        }
        Iterator<Map.Entry<Integer, String>> it = map.entrySet().iterator();
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
        List<Integer> seen = new ArrayList<>();
        while (it.hasNext()) {
            int k = it.next().getKey();
            seen.add(k);
            if (k % 2 == 0) {
                it.remove();
            }
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(map).containsExactly(Map.entry(1, "v1"), Map.entry(3, "v3"), Map.entry(5, "v5"));
        map.keySet().removeIf(k -> k == 3);
        assertThat(map.keySet()).containsExactly(1, 5);
    }

    @Test
    void copiesCompareAndClearLikeAnyMap() {
        RuleMap<Long, Long> map = new RuleMap<>();
        map.putAll(Map.of(1L, 10L, 2L, 20L));
        RuleMap<Long, Long> copy = new RuleMap<>();
        copy.putAll(map);
        assertThat(copy).isEqualTo(map).isEqualTo(new HashMap<>(Map.of(2L, 20L, 1L, 10L)));
        List<Long> visited = new ArrayList<>();
        copy.forEach((k, v) -> visited.add(k + v));
        assertThat(visited).containsExactlyInAnyOrder(11L, 22L);
        copy.clear();
        assertThat(copy).isEmpty();
        assertThat(map).hasSize(2);
        assertThatThrownBy(() -> map.put(null, 1L)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.put(3L, null)).isInstanceOf(NullPointerException.class);
    }
}
