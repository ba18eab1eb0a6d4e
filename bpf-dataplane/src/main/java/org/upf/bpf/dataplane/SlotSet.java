package org.upf.bpf.dataplane;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The unmodifiable set of URR slots of {@link SessionRules}: distinct slots in ascending order in an int array, walked
 * by index ({@link #slotAt}) and tested by binary search ({@link #contains(int)}) without boxing (issue 5: bytes
 * allocated per establishment). Equal to any set of the same Integers ({@link AbstractSet}); changes throw.
 */
final class SlotSet extends AbstractSet<Integer> {
    private static final SlotSet EMPTY = new SlotSet(new int[0]);

    private final int[] slots;

    private SlotSet(int[] sorted) {
        this.slots = sorted;
    }

    /** The first size of slots (distinct), copied. */
    static SlotSet of(int[] slots, int size) {
        if (size == 0) {
            return EMPTY;
        }
        int[] sorted = Arrays.copyOf(slots, size);
        Arrays.sort(sorted);
        return new SlotSet(sorted);
    }

    /** set itself if it is a SlotSet, else its slots; no null (as Set.copyOf). */
    static SlotSet copyOf(Set<Integer> set) {
        if (set instanceof SlotSet s) {
            return s;
        }
        int[] slots = new int[set.size()];
        int i = 0;
        for (Integer slot : set) {
            slots[i++] = slot; // a null throws, as Set.copyOf would
        }
        return of(slots, i);
    }

    @Override
    public int size() {
        return slots.length;
    }

    int slotAt(int i) {
        return slots[i];
    }

    boolean contains(int slot) {
        return Arrays.binarySearch(slots, slot) >= 0;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof Integer slot && contains(slot.intValue());
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < slots.length;
            }

            @Override
            public Integer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return slots[next++];
            }
        };
    }
}
