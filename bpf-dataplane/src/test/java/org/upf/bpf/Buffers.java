package org.upf.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Direct, host-order buffers as BPF maps expect them. */
final class Buffers {
    private Buffers() {}

    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    static ByteBuffer u32(int value) {
        ByteBuffer b = direct(4);
        b.putInt(0, value);
        return b;
    }

    static ByteBuffer u64(long value) {
        ByteBuffer b = direct(8);
        b.putLong(0, value);
        return b;
    }
}
