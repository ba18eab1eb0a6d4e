// SPDX-License-Identifier: GPL-2.0
/* One map of each kind the binding must handle, and a struct with known offsets for the BTF layout test. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner {
	__u32 a;
	__u16 b;
};

/* Offsets asserted below, so the Java test compares against what the C compiler really did. */
struct layout_probe {
	__u8 kind;
	__u32 id;
	__u64 bytes;
	struct {
		__u16 port;
		__u16 flags;
	} ports[2];
	union {
		__u32 v4;
		__u8 v6[16];
	};
	struct inner in;
	__u8 tail;
};
_Static_assert(__builtin_offsetof(struct layout_probe, id) == 4, "id");
_Static_assert(__builtin_offsetof(struct layout_probe, bytes) == 8, "bytes");
_Static_assert(__builtin_offsetof(struct layout_probe, ports) == 16, "ports");
_Static_assert(__builtin_offsetof(struct layout_probe, v4) == 24, "v4");
_Static_assert(__builtin_offsetof(struct layout_probe, v6) == 24, "v6");
_Static_assert(__builtin_offsetof(struct layout_probe, in) == 40, "in");
_Static_assert(__builtin_offsetof(struct layout_probe, tail) == 48, "tail");
_Static_assert(sizeof(struct layout_probe) == 56, "size");

struct lpm_v4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct layout_probe);
	__uint(max_entries, 4);
} probes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} pcpu_array SEC(".maps");

/* A 4-byte value: per-CPU slots are rounded up to 8 bytes. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 16);
} pcpu_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);
	__uint(max_entries, 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} lpm SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} pinned_v1 SEC(".maps");

/* The kernel adds BPF_F_RDONLY_PROG to devmaps, which libbpf 1.1's pin reuse check trips over. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 4);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} devmap_v1 SEC(".maps");

/* Redirects through the devmap, so the object holds a real program using it. */
SEC("xdp")
int xdp_redirect_dev(struct xdp_md *ctx)
{
	return bpf_redirect_map(&devmap_v1, ctx->rx_queue_index, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
