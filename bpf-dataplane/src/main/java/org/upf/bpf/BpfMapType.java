package org.upf.bpf;

/** Kernel map types (enum bpf_map_type); the ordinal is the kernel value. */
public enum BpfMapType {
    UNSPEC, HASH, ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, PERCPU_HASH, PERCPU_ARRAY, STACK_TRACE, CGROUP_ARRAY,
    LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE, ARRAY_OF_MAPS, HASH_OF_MAPS, DEVMAP, SOCKMAP, CPUMAP, XSKMAP, SOCKHASH,
    CGROUP_STORAGE, REUSEPORT_SOCKARRAY, PERCPU_CGROUP_STORAGE, QUEUE, STACK, SK_STORAGE, DEVMAP_HASH, STRUCT_OPS,
    RINGBUF, INODE_STORAGE, TASK_STORAGE, BLOOM_FILTER, USER_RINGBUF, CGRP_STORAGE, ARENA;

    private static final BpfMapType[] BY_VALUE = values();

    static BpfMapType of(int kernelValue) {
        if (kernelValue < 0 || kernelValue >= BY_VALUE.length) {
            throw new IllegalArgumentException("unknown BPF map type " + kernelValue);
        }
        return BY_VALUE[kernelValue];
    }

    /** Per-CPU maps hold one value per possible CPU, each rounded up to 8 bytes, in lookups and updates. */
    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH
                || this == PERCPU_CGROUP_STORAGE;
    }

    /** Device maps: the kernel adds BPF_F_RDONLY_PROG to them, which defeats libbpf 1.1's pin reuse check. */
    boolean isDevMap() {
        return this == DEVMAP || this == DEVMAP_HASH;
    }
}
