package org.upf.bpf.dataplane;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.upf.bpf.BpfMap;

/**
 * Mirror of upf_urract_v1, the URRs whose counters moved: bit (slot % 64) of __u64 word (slot / 64) is set by the
 * data path after it counts a forwarded packet in the URR's upf_urr_v1 slot (upf_count_usage), and cleared here, so
 * that the usage poller reads the counters of the URRs that moved rather than of every volume-watched one. The map
 * is mmapped (BPF_F_MMAPABLE): a drain reads its words in place and exchanges each non-zero one with 0 atomically
 * (a locked exchange on x86), so a bit the data path sets meanwhile is either in the drained word or stays set.
 *
 * <p>Ordering: the data path stores a URR's counters before it tests the bit, but the CPU may let the test pass the
 * stores; a reader that drained the bit can thus read counters without the packet that set it. It must read the
 * URRs it drained once more on its next pass (the usage poller does).
 *
 * <p>Thread-safety: {@link #drain} and {@link #close} are serialized, so no drain touches unmapped memory.
 */
public final class ActiveUrrs implements AutoCloseable {
    public static final int LAYOUT_VERSION = 1;
    public static final String MAP = "upf_urract_v" + LAYOUT_VERSION;
    private static final VarHandle WORD = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    private final int words;
    /** The map's values, mapped; null once closed. */
    private ByteBuffer mapped;

    ActiveUrrs(BpfMap map) {
        this.words = map.maxEntries();
        this.mapped = map.mmap();
    }

    /** Words of a bitmap for urrSlots URR slots (its max_entries). */
    static int words(int urrSlots) {
        return (urrSlots + 63) / 64;
    }

    /** The bitmap's words: URR slot s is bit s % 64 of word s / 64. */
    public int words() {
        return words;
    }

    /**
     * Takes the set bits of words [from, to) out of the map: each non-zero word is exchanged with 0 and ORed into
     * into[word]. Returns how many words had bits set.
     */
    public synchronized int drain(int from, int to, long[] into) {
        if (from < 0 || to > words || from > to) {
            throw new IndexOutOfBoundsException("words [" + from + ", " + to + ") of " + words);
        }
        ByteBuffer m = mapped;
        if (m == null) {
            throw new IllegalStateException(MAP + " is closed");
        }
        int set = 0;
        for (int w = from; w < to; w++) {
            int at = w * Long.BYTES;
            if (m.getLong(at) != 0) { // a plain read first: an idle word's line is never written
                into[w] |= (long) WORD.getAndSet(m, at, 0L);
                set++;
            }
        }
        return set;
    }

    /** Unmaps the bitmap; the pinned map keeps its bits. */
    @Override
    public synchronized void close() {
        if (mapped != null) {
            BpfMap.unmap(mapped);
            mapped = null;
        }
    }
}
