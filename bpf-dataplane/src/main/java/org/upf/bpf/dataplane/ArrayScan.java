package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.upf.bpf.BpfMap;

/** Reads every entry of an ARRAY with BPF_MAP_LOOKUP_BATCH (4096 entries per syscall): for the scans at load. */
final class ArrayScan {
    /** Sees one entry: its index and its value (the octets at offset at of values). */
    @FunctionalInterface
    interface Visitor {
        void entry(int index, ByteBuffer values, int at);
    }

    private static final int CHUNK = 4096;

    private ArrayScan() {
    }

    static void forEach(BpfMap array, Visitor visitor) {
        int stride = array.valueBufferSize();
        ByteBuffer keys = ByteBuffer.allocateDirect(CHUNK * array.keySize()).order(ByteOrder.nativeOrder());
        ByteBuffer out = ByteBuffer.allocateDirect(CHUNK * stride).order(ByteOrder.nativeOrder());
        BpfMap.BatchCursor cursor = array.batchCursor();
        while (!cursor.done()) {
            int n = array.lookupBatch(cursor, keys.clear(), out.clear(), CHUNK);
            for (int i = 0; i < n; i++) {
                visitor.entry(keys.getInt(i * array.keySize()), out, i * stride);
            }
        }
    }
}
