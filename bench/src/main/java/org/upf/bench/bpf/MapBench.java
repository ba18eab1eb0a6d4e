package org.upf.bench.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.upf.bench.CpuTime;
import org.upf.bench.Figure;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfObject;
import org.upf.bpf.UpdateFlags;

/**
 * User-space map access through the binding, per entry: one syscall per entry (single) against one syscall per
 * {@value #BATCH} entries (BPF_MAP_*_BATCH). Every invocation touches all {@value #ENTRIES} entries of a full
 * map, so single and batch do the same work. Maps: {@code hash} and {@code array} (u32 key, u64 value) of
 * bpf-dataplane's test object maps_test, resized to {@value #ENTRIES} entries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MapBench {
    static final int ENTRIES = 1024;
    static final int BATCH = 128;
    private static final int KEY = Integer.BYTES;
    private static final int VALUE = Long.BYTES;

    @Param({"hash", "array"})
    public String map;

    private BpfObject object;
    private BpfMap bpfMap;
    private final ByteBuffer key = direct(KEY);
    private final ByteBuffer value = direct(VALUE);
    private final ByteBuffer[] keyChunks = new ByteBuffer[ENTRIES / BATCH];
    private final ByteBuffer[] valueChunks = new ByteBuffer[ENTRIES / BATCH];
    private final ByteBuffer keysOut = direct(BATCH * KEY);
    private final ByteBuffer valuesOut = direct(BATCH * VALUE);

    @Setup(Level.Trial)
    public void setUp() {
        object = BpfObject.openResource("/bpf/maps_test.bpf.o");
        object.setMaxEntries(map, ENTRIES);
        object.load(null);
        bpfMap = object.map(map);
        ByteBuffer keys = direct(ENTRIES * KEY);
        ByteBuffer values = direct(ENTRIES * VALUE);
        for (int i = 0; i < ENTRIES; i++) {
            keys.putInt(i * KEY, i);
            values.putLong(i * VALUE, i);
        }
        for (int c = 0; c < keyChunks.length; c++) {
            keyChunks[c] = keys.slice(c * BATCH * KEY, BATCH * KEY).order(ByteOrder.nativeOrder());
            valueChunks[c] = values.slice(c * BATCH * VALUE, BATCH * VALUE).order(ByteOrder.nativeOrder());
        }
        writeAllInBatches();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        object.close();
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    @Figure(name = "bpf.map.{map}.lookup.single", unit = "ns/entry")
    @Figure(name = "bpf.map.{map}.lookup.single.cpu", metric = "cpuNanos/ops", unit = "cpu-ns/entry")
    public long lookupSingle(CpuTime cpu) {
        cpu.ops += ENTRIES;
        long sum = 0;
        for (int i = 0; i < ENTRIES; i++) {
            key.putInt(0, i);
            if (!bpfMap.lookup(key, value)) {
                throw new IllegalStateException("map " + map + " lost key " + i);
            }
            sum += value.getLong(0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    @Figure(name = "bpf.map.{map}.lookup.batch", unit = "ns/entry")
    @Figure(name = "bpf.map.{map}.lookup.batch.cpu", metric = "cpuNanos/ops", unit = "cpu-ns/entry")
    @Figure(name = "bpf.map.{map}.lookup.batch.ratio_to_single", unit = "ratio",
            baseline = "bpf.map.{map}.lookup.single")
    public long lookupBatch(CpuTime cpu) {
        cpu.ops += ENTRIES;
        BpfMap.BatchCursor cursor = bpfMap.batchCursor();
        int total = 0;
        long sum = 0;
        while (!cursor.done()) {
            int n = bpfMap.lookupBatch(cursor, keysOut, valuesOut, BATCH);
            for (int i = 0; i < n; i++) {
                sum += valuesOut.getLong(i * VALUE);
            }
            total += n;
        }
        if (total != ENTRIES) {
            throw new IllegalStateException("batch walk of " + map + " read " + total + " of " + ENTRIES + " entries");
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    @Figure(name = "bpf.map.{map}.update.single", unit = "ns/entry")
    @Figure(name = "bpf.map.{map}.update.single.cpu", metric = "cpuNanos/ops", unit = "cpu-ns/entry")
    public void updateSingle(CpuTime cpu) {
        cpu.ops += ENTRIES;
        for (int i = 0; i < ENTRIES; i++) {
            key.putInt(0, i);
            value.putLong(0, i);
            bpfMap.update(key, value, UpdateFlags.ANY);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    @Figure(name = "bpf.map.{map}.update.batch", unit = "ns/entry")
    @Figure(name = "bpf.map.{map}.update.batch.cpu", metric = "cpuNanos/ops", unit = "cpu-ns/entry")
    @Figure(name = "bpf.map.{map}.update.batch.ratio_to_single", unit = "ratio",
            baseline = "bpf.map.{map}.update.single")
    public void updateBatch(CpuTime cpu) {
        cpu.ops += ENTRIES;
        writeAllInBatches();
    }

    private void writeAllInBatches() {
        for (int c = 0; c < keyChunks.length; c++) {
            int n = bpfMap.updateBatch(keyChunks[c], valueChunks[c], BATCH);
            if (n != BATCH) {
                throw new IllegalStateException("batch update of " + map + " wrote " + n + " of " + BATCH);
            }
        }
    }

    /** A direct buffer in host byte order, as BPF map keys and values are. */
    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
