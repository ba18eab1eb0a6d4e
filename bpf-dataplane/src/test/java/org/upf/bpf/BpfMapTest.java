package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upf.bpf.Buffers.direct;
import static org.upf.bpf.Buffers.u32;
import static org.upf.bpf.Buffers.u64;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every map operation against real kernel maps of each type (test BPF object maps_test.bpf.c). */
class BpfMapTest {
    private BpfObject obj;

    @BeforeEach
    void load() {
        obj = BpfObject.openResource("/bpf/maps_test.bpf.o");
        obj.setMaxEntries("hash", 4);
        obj.load(null);
    }

    @AfterEach
    void close() {
        obj.close();
    }

    @Test
    void describesMapsAsTheKernelSeesThem() {
        BpfMap hash = obj.map("hash");
        assertThat(hash.type()).isEqualTo(BpfMapType.HASH);
        assertThat(hash.keySize()).isEqualTo(4);
        assertThat(hash.valueSize()).isEqualTo(8);
        assertThat(hash.maxEntries()).isEqualTo(4);
        assertThat(hash.isPerCpu()).isFalse();
        assertThat(hash.valueBufferSize()).isEqualTo(8);
        assertThat(obj.map("lpm").type()).isEqualTo(BpfMapType.LPM_TRIE);
        assertThat(obj.map("devmap_v1").type()).isEqualTo(BpfMapType.DEVMAP);
        assertThat(obj.mapNames()).contains("hash", "array", "pcpu_array", "pcpu_hash", "lpm", "pinned_v1");
    }

    @Test
    void hashRoundTripWithUpdateFlags() {
        BpfMap hash = obj.map("hash");
        ByteBuffer value = direct(8);
        assertThat(hash.lookup(u32(1), value)).isFalse();

        hash.update(u32(1), u64(100), UpdateFlags.NOEXIST);
        assertThat(hash.lookup(u32(1), value)).isTrue();
        assertThat(value.getLong(0)).isEqualTo(100);

        hash.update(u32(1), u64(200), UpdateFlags.EXIST);
        hash.lookup(u32(1), value);
        assertThat(value.getLong(0)).isEqualTo(200);

        assertThatThrownBy(() -> hash.update(u32(1), u64(300), UpdateFlags.NOEXIST))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                .hasMessageContaining("map hash: update (NOEXIST)").hasMessageContaining("EEXIST");
        assertThatThrownBy(() -> hash.update(u32(2), u64(300), UpdateFlags.EXIST))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));

        assertThat(hash.delete(u32(1))).isTrue();
        assertThat(hash.delete(u32(1))).isFalse();
        assertThat(hash.lookup(u32(1), value)).isFalse();
    }

    @Test
    void fullHashMapRaisesE2big() {
        BpfMap hash = obj.map("hash");
        for (int k = 0; k < 4; k++) {
            hash.update(u32(k), u64(k), UpdateFlags.ANY);
        }
        assertThatThrownBy(() -> hash.update(u32(4), u64(4), UpdateFlags.ANY))
                .isInstanceOfSatisfying(BpfException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.E2BIG);
                    assertThat(e.errnoName()).isEqualTo("E2BIG");
                });
        hash.update(u32(3), u64(33), UpdateFlags.ANY); // replacing an existing key still works when full
    }

    @Test
    void wrongBufferSizesAreRejectedBeforeTheKernel() {
        BpfMap hash = obj.map("hash");
        assertThatThrownBy(() -> hash.lookup(u64(1), direct(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key size: expected 4 bytes, got 8");
        assertThatThrownBy(() -> hash.update(u32(1), u32(1), UpdateFlags.ANY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value size: expected 8 bytes, got 4");
        assertThatThrownBy(() -> hash.delete(ByteBuffer.allocate(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct");
        assertThatThrownBy(() -> hash.lookup(u32(1), direct(8).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
    }

    @Test
    void buffersAreReadFromTheirPosition() {
        BpfMap hash = obj.map("hash");
        ByteBuffer key = direct(12);
        key.putInt(8, 7).position(8);
        ByteBuffer value = direct(16);
        value.putLong(8, 77).position(8);
        hash.update(key, value, UpdateFlags.ANY);
        ByteBuffer out = direct(8);
        assertThat(hash.lookup(u32(7), out)).isTrue();
        assertThat(out.getLong(0)).isEqualTo(77);
        assertThat(key.position()).isEqualTo(8);
    }

    @Test
    void arrayHasEveryIndexAndCannotDelete() {
        BpfMap array = obj.map("array");
        array.update(u32(5), u64(55), UpdateFlags.ANY);
        ByteBuffer value = direct(8);
        assertThat(array.lookup(u32(5), value)).isTrue();
        assertThat(value.getLong(0)).isEqualTo(55);
        assertThat(array.lookup(u32(6), value)).isTrue();
        assertThat(value.getLong(0)).isZero();
        assertThat(array.lookup(u32(16), value)).isFalse();
        assertThatThrownBy(() -> array.update(u32(16), u64(1), UpdateFlags.ANY))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.E2BIG));
        assertThatThrownBy(() -> array.delete(u32(5)))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));

        List<Integer> keys = new ArrayList<>();
        array.keys().forEach(k -> keys.add(k.getInt(0)));
        assertThat(keys).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    }

    @Test
    void perCpuArrayHoldsOneValuePerPossibleCpu() {
        BpfMap pcpu = obj.map("pcpu_array");
        int cpus = BpfMap.possibleCpus();
        assertThat(cpus).isPositive();
        assertThat(pcpu.isPerCpu()).isTrue();
        assertThat(pcpu.valueBufferSize()).isEqualTo(8 * cpus);

        ByteBuffer values = direct(pcpu.valueBufferSize());
        for (int cpu = 0; cpu < cpus; cpu++) {
            values.putLong(cpu * 8, 1000L + cpu);
        }
        pcpu.update(u32(2), values, UpdateFlags.ANY);
        ByteBuffer read = direct(pcpu.valueBufferSize());
        assertThat(pcpu.lookup(u32(2), read)).isTrue();
        for (int cpu = 0; cpu < cpus; cpu++) {
            assertThat(read.getLong(cpu * 8)).isEqualTo(1000L + cpu);
        }
        assertThatThrownBy(() -> pcpu.lookup(u32(2), direct(8 * cpus + 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected " + 8 * cpus);
    }

    @Test
    void perCpuHashRoundsValuesUpToEightBytes() {
        BpfMap pcpu = obj.map("pcpu_hash");
        int cpus = BpfMap.possibleCpus();
        assertThat(pcpu.valueSize()).isEqualTo(4);
        assertThat(pcpu.valueBufferSize()).isEqualTo(8 * cpus);

        ByteBuffer values = direct(pcpu.valueBufferSize());
        for (int cpu = 0; cpu < cpus; cpu++) {
            values.putInt(cpu * 8, 7 + cpu);
        }
        pcpu.update(u32(9), values, UpdateFlags.NOEXIST);
        ByteBuffer read = direct(pcpu.valueBufferSize());
        assertThat(pcpu.lookup(u32(9), read)).isTrue();
        for (int cpu = 0; cpu < cpus; cpu++) {
            assertThat(read.getInt(cpu * 8)).isEqualTo(7 + cpu);
        }
        assertThat(pcpu.delete(u32(9))).isTrue();
        assertThat(pcpu.lookup(u32(9), read)).isFalse();
    }

    @Test
    void lpmTrieFindsTheLongestPrefix() {
        BpfMap lpm = obj.map("lpm");
        lpm.update(prefix(15, 198, 18, 0, 0), u32(1), UpdateFlags.ANY);
        lpm.update(prefix(24, 198, 18, 5, 0), u32(2), UpdateFlags.ANY);

        ByteBuffer value = direct(4);
        assertThat(lpm.lookup(prefix(32, 198, 18, 5, 7), value)).isTrue();
        assertThat(value.getInt(0)).isEqualTo(2);
        assertThat(lpm.lookup(prefix(32, 198, 19, 0, 1), value)).isTrue();
        assertThat(value.getInt(0)).isEqualTo(1);
        assertThat(lpm.lookup(prefix(32, 192, 0, 2, 1), value)).isFalse();

        assertThat(lpm.delete(prefix(24, 198, 18, 5, 0))).isTrue();
        assertThat(lpm.lookup(prefix(32, 198, 18, 5, 7), value)).isTrue();
        assertThat(value.getInt(0)).isEqualTo(1);
        List<ByteBuffer> keys = new ArrayList<>();
        lpm.keys().forEach(keys::add);
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).getInt(0)).isEqualTo(15);
    }

    /** struct lpm_v4_key { __u32 prefixlen; __u8 addr[4]; } */
    private static ByteBuffer prefix(int len, int a, int b, int c, int d) {
        ByteBuffer key = direct(8);
        key.putInt(0, len).put(4, (byte) a).put(5, (byte) b).put(6, (byte) c).put(7, (byte) d);
        return key;
    }

    @Test
    void iteratesOverHashKeys() {
        BpfMap hash = obj.map("hash");
        for (int k = 10; k < 13; k++) {
            hash.update(u32(k), u64(k), UpdateFlags.ANY);
        }
        List<Integer> keys = new ArrayList<>();
        hash.keys().forEach(k -> keys.add(k.getInt(0)));
        assertThat(keys).containsExactlyInAnyOrder(10, 11, 12);

        ByteBuffer next = direct(4);
        assertThat(hash.nextKey(null, next)).isTrue();
        ByteBuffer after = direct(4);
        int seen = 1;
        while (hash.nextKey(next, after)) {
            next.putInt(0, after.getInt(0));
            seen++;
        }
        assertThat(seen).isEqualTo(3);
    }

    @Test
    void batchUpdateLookupAndDelete() {
        BpfMap hash = obj.map("pcpu_hash");
        int n = 12;
        int vsize = hash.valueBufferSize();
        ByteBuffer keys = direct(4 * n);
        ByteBuffer values = direct(vsize * n);
        for (int i = 0; i < n; i++) {
            keys.putInt(4 * i, 100 + i);
            for (int cpu = 0; cpu < BpfMap.possibleCpus(); cpu++) {
                values.putInt(vsize * i + 8 * cpu, i * 10 + cpu);
            }
        }
        assertThat(hash.updateBatch(keys, values, n)).isEqualTo(n);

        Map<Integer, Integer> read = readAllInBatches(hash, 5, false);
        assertThat(read).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(read.get(100 + i)).isEqualTo(i * 10);
        }

        ByteBuffer doomed = direct(4 * 3);
        doomed.putInt(0, 100).putInt(4, 101).putInt(8, 102);
        assertThat(hash.deleteBatch(doomed, 3)).isEqualTo(3);
        assertThatThrownBy(() -> hash.deleteBatch(doomed, 3))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));

        Map<Integer, Integer> drained = readAllInBatches(hash, 4, true);
        assertThat(drained.keySet()).containsExactlyInAnyOrder(103, 104, 105, 106, 107, 108, 109, 110, 111);
        assertThat(hash.keys().iterator().hasNext()).isFalse();
    }

    @Test
    void batchOnArrayWalksEveryIndex() {
        BpfMap array = obj.map("array");
        ByteBuffer keys = direct(4 * 16);
        ByteBuffer values = direct(8 * 16);
        for (int i = 0; i < 16; i++) {
            keys.putInt(4 * i, i);
            values.putLong(8 * i, i * 3L);
        }
        assertThat(array.updateBatch(keys, values, 16)).isEqualTo(16);
        BpfMap.BatchCursor cursor = array.batchCursor();
        ByteBuffer outKeys = direct(4 * 6);
        ByteBuffer outValues = direct(8 * 6);
        List<Long> all = new ArrayList<>();
        for (int calls = 0; calls < 10 && !cursor.done(); calls++) {
            int got = array.lookupBatch(cursor, outKeys, outValues, 6);
            for (int i = 0; i < got; i++) {
                assertThat(outValues.getLong(8 * i)).isEqualTo(outKeys.getInt(4 * i) * 3L);
                all.add(outValues.getLong(8 * i));
            }
        }
        assertThat(cursor.done()).isTrue();
        assertThat(all).hasSize(16);
        assertThatThrownBy(() -> array.updateBatch(keys, values, 17))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 68 bytes, got 64");
    }

    @Test
    void createsStandaloneMaps() {
        try (BpfMap created = BpfMap.create(BpfMapType.HASH, "standalone", 4, 8, 2, 0)) {
            assertThat(created.name()).isEqualTo("standalone");
            assertThat(created.maxEntries()).isEqualTo(2);
            created.update(u32(1), u64(11), UpdateFlags.ANY);
            created.update(u32(2), u64(22), UpdateFlags.ANY);
            assertThatThrownBy(() -> created.update(u32(3), u64(33), UpdateFlags.ANY))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.E2BIG));
        }
        assertThatThrownBy(() -> BpfMap.create(BpfMapType.ARRAY, "bad", 8, 8, 1, 0))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("cannot create ARRAY map bad (key 8");
    }

    /** key -> first CPU's value, reading batchSize entries per call until the cursor is done. */
    private static Map<Integer, Integer> readAllInBatches(BpfMap map, int batchSize, boolean andDelete) {
        BpfMap.BatchCursor cursor = map.batchCursor();
        ByteBuffer keys = direct(4 * batchSize);
        ByteBuffer values = direct(map.valueBufferSize() * batchSize);
        Map<Integer, Integer> read = new HashMap<>();
        for (int calls = 0; calls < 100 && !cursor.done(); calls++) {
            int got = andDelete ? map.lookupAndDeleteBatch(cursor, keys, values, batchSize)
                    : map.lookupBatch(cursor, keys, values, batchSize);
            for (int i = 0; i < got; i++) {
                read.put(keys.getInt(4 * i), values.getInt(map.valueBufferSize() * i));
            }
        }
        assertThat(cursor.done()).isTrue();
        return read;
    }
}
