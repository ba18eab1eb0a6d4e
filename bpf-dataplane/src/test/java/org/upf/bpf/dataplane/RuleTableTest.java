package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link RuleTable} and {@link SmallMap} against a LinkedHashMap; {@link SlotSet} against a HashSet. */
class RuleTableTest {

    @Test
    void aTableHoldsWhatALinkedHashMapHoldsInItsOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            SmallMap<Integer, String> small = new SmallMap<>();
            Map<Integer, String> expected = new LinkedHashMap<>();
            int puts = random.nextInt(40); // below and above the size from which the table keeps a hash index
            for (int i = 0; i < puts; i++) {
                int key = random.nextInt(30) * 1000; // boxed keys beyond the Integer cache, repeated
                String value = "v" + random.nextInt(100);
                small.put(key, value);
                expected.put(key, value);
            }
            RuleTable<Integer, String> table = small.toMap();
            assertThat(table).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(expected).isEqualTo(table);
            assertThat(new ArrayList<>(table.keySet())).containsExactlyElementsOf(expected.keySet());
            assertThat(table.size()).isEqualTo(expected.size());
            int i = 0;
            for (Map.Entry<Integer, String> e : expected.entrySet()) {
                assertThat(table.keyAt(i)).isEqualTo(e.getKey());
                assertThat(table.valueAt(i)).isEqualTo(e.getValue());
                i++;
            }
            for (int key = -1000; key < 31_000; key += 500) {
                assertThat(table.get(key)).as("get(int) %d", key).isEqualTo(expected.get(key));
                assertThat(table.get((Object) key)).isEqualTo(expected.get(key));
                assertThat(table.containsKey(key)).isEqualTo(expected.containsKey(key));
                assertThat(table.indexOf(key) >= 0).isEqualTo(expected.containsKey(key));
            }
            assertThat(RuleTable.copyOf(expected)).isEqualTo(expected);
            assertThat(RuleTable.copyOf(table)).isSameAs(table);
        }
    }

    @Test
    void aTableMadeFromASmallMapStaysAsItWasWhenTheMapChangesAgain() {
        SmallMap<Integer, String> small = new SmallMap<>();
        small.put(1000, "a");
        RuleTable<Integer, String> first = small.toMap(); // full: takes the array
        small.put(1000, "b");
        small.put(2000, "c");
        RuleTable<Integer, String> second = small.toMap();
        small.put(2000, "d");
        assertThat(first).isEqualTo(Map.of(1000, "a"));
        assertThat(second).isEqualTo(Map.of(1000, "b", 2000, "c"));
        assertThat(small.toMap()).isEqualTo(Map.of(1000, "b", 2000, "d"));
        assertThat(new SmallMap<Integer, String>().toMap()).isEmpty();
    }

    @Test
    void aTableCannotChangeAndTakesNoNull() {
        RuleTable<Integer, String> table = RuleTable.copyOf(Map.of(1000, "a"));
        assertThatThrownBy(() -> table.put(2000, "b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> table.remove(1000)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> table.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        Map<Integer, String> withNull = new LinkedHashMap<>();
        withNull.put(1000, null);
        assertThatThrownBy(() -> RuleTable.copyOf(withNull)).isInstanceOf(NullPointerException.class);
        assertThat(table).containsEntry(1000, "a").hasSize(1);
    }

    @Test
    void aSlotSetHoldsWhatAHashSetHolds() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            Set<Integer> expected = new HashSet<>();
            int n = random.nextInt(20);
            while (expected.size() < n) {
                expected.add(1 + random.nextInt(100_000));
            }
            SlotSet set = SlotSet.copyOf(expected);
            assertThat(set).isEqualTo(expected).hasSameHashCodeAs(expected);
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                slots.add(set.slotAt(i));
            }
            assertThat(slots).isSorted().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(new ArrayList<>(set)).isEqualTo(slots);
            for (int probe = 0; probe < 50; probe++) {
                int slot = random.nextBoolean() && !slots.isEmpty() ? slots.get(random.nextInt(slots.size()))
                        : random.nextInt(100_000);
                assertThat(set.contains(slot)).isEqualTo(expected.contains(slot));
                assertThat(set.contains((Object) slot)).isEqualTo(expected.contains(slot));
            }
            assertThat(SlotSet.copyOf(set)).isSameAs(set);
        }
        assertThat(SlotSet.copyOf(Set.of()).contains("1")).isFalse();
        assertThatThrownBy(() -> SlotSet.copyOf(Set.of(1)).add(2)).isInstanceOf(UnsupportedOperationException.class);
    }
}
