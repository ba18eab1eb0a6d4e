package org.upf.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Reader of a BPF_MAP_TYPE_RINGBUF map (libbpf ring_buffer). Each record is handed to the consumer as a
 * read-only little-endian (host order) view valid only during the call. Not thread-safe: one reader thread.
 */
public final class BpfRingBuffer implements AutoCloseable {
    static {
        Native.ensureLoaded();
    }

    private final String name;
    private final ByteBuffer buffer;
    private long handle;

    /** maxRecordBytes: the largest record the BPF side submits; the read buffer holds at least 64 of them. */
    public BpfRingBuffer(BpfMap map, int maxRecordBytes) {
        if (map.type() != BpfMapType.RINGBUF) {
            throw new IllegalArgumentException("map " + map.name() + " is a " + map.type() + ", not a RINGBUF");
        }
        this.name = map.name();
        this.buffer = ByteBuffer.allocateDirect(64 * (maxRecordBytes + 8)).order(ByteOrder.nativeOrder());
        long h = open(map.fd(), maxRecordBytes);
        if (h < 0) {
            throw new BpfException((int) -h, "cannot open ring buffer " + name);
        }
        this.handle = h;
    }

    /**
     * Delivers the records available now, waiting up to timeoutMillis for the first one (0: no wait); returns
     * the number delivered. Records beyond one buffer-full stay in the ring for the next call.
     */
    public int poll(int timeoutMillis, Consumer<ByteBuffer> consumer) {
        if (handle == 0) {
            throw new IllegalStateException("ring buffer " + name + " is closed");
        }
        int used = read(handle, buffer, buffer.capacity(), timeoutMillis);
        BpfException.check(used, "cannot read ring buffer " + name);
        int count = 0;
        for (int at = 0; at < used; count++) {
            int len = buffer.getInt(at);
            consumer.accept(buffer.slice(at + 4, len).order(ByteOrder.nativeOrder()).asReadOnlyBuffer()
                    .order(ByteOrder.nativeOrder()));
            at += 4 + ((len + 7) & ~7);
        }
        return count;
    }

    @Override
    public void close() {
        if (handle != 0) {
            close(handle);
            handle = 0;
        }
    }

    private static native long open(int mapFd, int maxRecord);

    private static native int read(long handle, ByteBuffer out, int capacity, int timeoutMillis);

    private static native void close(long handle);
}
