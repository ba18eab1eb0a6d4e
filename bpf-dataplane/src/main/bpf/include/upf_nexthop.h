/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * Next-hop cache in front of bpf_fib_lookup, which costs ~130 ns (IPv6) / ~55 ns (IPv4) per packet: the
 * result of a successful lookup is kept per CPU for upf_config.nexthop_ttl_ms and reused for every packet with
 * the same destination, ingress interface and ToS that fits the MTU the FIB accepted. Route and neighbour
 * changes are therefore seen at the latest one TTL later (or at once after Dataplane.flushNextHops). Only a
 * success is cached: a miss, an expired entry, a longer packet or any FIB failure takes the full lookup, so
 * every drop and control-path reason of the lookup stays as it was.
 *
 * Time is counted in jiffies: bpf_jiffies64() is inlined by the verifier into one load (no helper call on a hit),
 * with the same tick resolution bpf_ktime_get_coarse_ns had.
 */
#pragma once

#include "upf_maps.h"

/* The kernel's tick rate. The loader (org.upf.bpf.KernelConfig) reads it from /proc/config.gz or /boot/config-*
 * and hands it to libbpf (bpf_object_open_opts.kconfig), so libbpf never needs those files itself; where neither
 * exists it passes the lowest rate Linux offers (100 Hz): entries then live shorter than the TTL, never longer.
 * The 0 case below only guards an object opened without the loader. */
extern unsigned int CONFIG_HZ __kconfig __weak;
#define UPF_MIN_HZ 100

/* struct bpf_fib_lookup.family values */
#define UPF_AF_INET 2
#define UPF_AF_INET6 10

/* The cache key of a lookup: the destination the packet leaves with, the ingress interface, the IPv4 ToS. Built from
 * the packet and the FAR, so a hit needs no bpf_fib_lookup parameter block. The destination is not copied: dst points
 * at it where it already is (the packet's parsed header or the FAR), so that building the key stores nothing and the
 * hash and the compare load its words where they are used, instead of clang keeping a copy live on the stack. */
struct upf_nexthop_key {
	const __be32 *dst; /* 1 (IPv4) or 4 (IPv6) words, network order */
	__u32 ifindex_in;
	__u8 family;
	__u8 tos;          /* IPv4 only, 0 for IPv6 */
};

static __always_inline void upf_nexthop_key(struct upf_nexthop_key *k, __u8 family, const __be32 *dst, __u8 tos,
					    __u32 ifindex_in)
{
	k->dst = dst;
	k->ifindex_in = ifindex_in;
	k->family = family;
	k->tos = family == 4 ? tos : 0;
}

/* This CPU's slot for k (Fibonacci hashing of the key words; an IPv4 key's words 1..3 count as 0). */
static __always_inline struct upf_nexthop *upf_nexthop_slot(const struct upf_nexthop_key *k)
{
	__u32 h = k->dst[0] ^ k->ifindex_in ^ ((__u32)k->tos << 24);
	__u32 slot;

	if (k->family != 4)
		h ^= k->dst[1] ^ k->dst[2] ^ k->dst[3];
	slot = (h * 0x9e3779b1u) >> (32 - UPF_NEXTHOP_BITS);
	return bpf_map_lookup_elem(&upf_nexthop_v2, &slot);
}

/* Whether nh is k's entry. An IPv4 entry's words 1..3 are 0 (upf_nexthop_fill writes them so, the agent only zeroes
 * entries), so an IPv4 key compares one word. */
static __always_inline int upf_nexthop_is(const struct upf_nexthop *nh, const struct upf_nexthop_key *k)
{
	if (nh->family != k->family || nh->tos != k->tos || nh->ifindex_in != k->ifindex_in || nh->dst[0] != k->dst[0])
		return 0;
	return k->family == 4 || (nh->dst[1] == k->dst[1] && nh->dst[2] == k->dst[2] && nh->dst[3] == k->dst[3]);
}

/* An entry's life in ticks: ttl_ms rounded down to whole ticks, at least one. */
static __always_inline __u64 upf_nexthop_ttl_ticks(__u32 ttl_ms)
{
	__u64 hz = CONFIG_HZ ? CONFIG_HZ : UPF_MIN_HZ;
	__u64 ticks = (__u64)ttl_ms * hz / 1000;

	return ticks ? ticks : 1;
}

/* The live entry for k that a packet of len IP octets may use at now (jiffies), or NULL. */
static __always_inline struct upf_nexthop *upf_nexthop_hit(struct upf_nexthop *nh, const struct upf_nexthop_key *k,
							   __u32 len, __u64 now)
{
	if (!nh || !upf_nexthop_is(nh, k) || now >= nh->expires || len > nh->max_len)
		return NULL;
	nh->hits++;
	return nh;
}

/* Stores a successful lookup of a len-octet packet. Within the entry's life a longer packet that passed the
 * MTU check raises max_len; a new or expired entry starts from len and a fresh expiry. */
static __always_inline void upf_nexthop_fill(struct upf_nexthop *nh, const struct upf_nexthop_key *k,
					     const struct bpf_fib_lookup *fib, __u32 len, __u64 now, __u32 ttl_ms)
{
	if (!nh || !ttl_ms)
		return;
	if (upf_nexthop_is(nh, k) && now < nh->expires) {
		if (len > nh->max_len)
			nh->max_len = len;
	} else {
		nh->dst[0] = k->dst[0];
		nh->dst[1] = k->family == 4 ? 0 : k->dst[1];
		nh->dst[2] = k->family == 4 ? 0 : k->dst[2];
		nh->dst[3] = k->family == 4 ? 0 : k->dst[3];
		nh->ifindex_in = k->ifindex_in;
		nh->family = k->family;
		nh->tos = k->tos;
		nh->max_len = len;
		nh->expires = now + upf_nexthop_ttl_ticks(ttl_ms);
		nh->hits = 0;
	}
	nh->ifindex_out = fib->ifindex;
	__builtin_memcpy(nh->smac, fib->smac, ETH_ALEN);
	__builtin_memcpy(nh->dmac, fib->dmac, ETH_ALEN);
}
