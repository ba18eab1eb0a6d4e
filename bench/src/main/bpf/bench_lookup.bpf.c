// SPDX-License-Identifier: GPL-2.0
/*
 * The lookup floor of the live-frames benchmarks (FloorLiveFramesBench, docs/performance.md "the lookup floor"):
 * the least any UPF must do per packet, and nothing else, so that its throughput bounds every UPF program's at the
 * same session count and spread.
 *   floor_ul        parse Ethernet, IPv4 or IPv6, UDP to port 2152 and the GTP-U header just far enough to read the
 *                   TEID, read the TEID slot's entry (an ARRAY of the UPF's uplink fast-entry size, indexed like
 *                   upf_ulfast_v1), check it holds this TEID, redirect through the DEVMAP key the entry holds
 *   floor_dl        parse Ethernet and IPv6, the UE's slot from its /64 in one dense range (as upf_ue_dense), read
 *                   the slot's entry (an ARRAY of the UPF's upf_ue_set size, indexed like upf_dldense_v1), check it
 *                   is live, redirect through its DEVMAP key
 *   floor_*_count   the same, then one per-session count: per-CPU octets and packets in the session's counters,
 *                   numbered 1..n in install order like the UPF's URR slots, the number read from the entry (as the
 *                   UPF reads its urr field): "find the session and count it", the least a UPF with usage
 *                   reporting does. (Counters indexed by the TEID / dense slot instead, spread like the entries,
 *                   cost ~150 ns more per packet at 10k sessions: docs/performance.md, "the lookup floor".)
 * The redirect is the one of xdp_redirect (bench_dataplane.bpf.c): bpf_redirect_map on a DEVMAP_HASH of ingress
 * ifindex -> egress, with the key read from the entry, so the entry's load cannot be left out. The frame is
 * forwarded as it came (no decapsulation, no rewrite), as by xdp_redirect.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "upf_gtpu.h"

/* Sizes of struct upf_fast_ul and struct upf_ue_set (upf_maps.h); FloorLiveFramesBench checks them against the
 * Java mirrors UplinkFastEntry.C and UeSet.C, so the arrays spread over as many pages as the UPF's. */
#define FLOOR_UL_SIZE 32
#define FLOOR_DL_SIZE 100

struct floor_ul {
	__u32 teid;     /* the full TEID (the UPF's generation check) */
	__u32 tx_key;   /* floor_tx key the packet is redirected through */
	__u32 counter;  /* the session's slot in floor_cnt */
	__u8 _rest[FLOOR_UL_SIZE - 12];
};

struct floor_dl {
	__u32 live;     /* 1: a UE holds the slot */
	__u32 tx_key;
	__u32 counter;
	__u8 _rest[FLOOR_DL_SIZE - 12];
};

struct floor_count {
	__u64 bytes;
	__u64 packets;
};

/* floor_cfg[0], written by user space before traffic. */
struct floor_cfg {
	__u32 teid_slot_mask; /* TEID & mask = slot (DataplaneConfig.teidSlots() - 1) */
	__u32 ue_base;        /* slot of the range's first /64 */
	__u64 ue_prefix;      /* the dense range: first 64 bits of the UE address, host order, masked */
	__u64 ue_mask;
};

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 8);
} floor_tx SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct floor_cfg);
	__uint(max_entries, 1);
} floor_cfg SEC(".maps");

/* The arrays below are resized at load to the UPF's sizes (TEID slots, dense slots, URR slots). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct floor_ul);
	__uint(max_entries, 1);
} floor_ul_ent SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct floor_dl);
	__uint(max_entries, 1);
} floor_dl_ent SEC(".maps");

/* Per session, both directions (as upf_urr_v1: a per-CPU array by URR slot). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct floor_count);
	__uint(max_entries, 1);
} floor_cnt SEC(".maps");

static __always_inline struct floor_cfg *floor_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&floor_cfg, &zero);
}

/* The TEID of a G-PDU over UDP/IPv4 or UDP/IPv6 (TS 29.281 §5.1, port 2152 §4.4.2.0); 0 (never allocated) else. */
static __always_inline __u32 floor_teid(void *data, void *end)
{
	struct ethhdr *eth = data;
	struct udphdr *udp;
	struct upf_gtpu_hdr *h;

	if ((void *)(eth + 1) > end)
		return 0;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end || ip->version != 4 || ip->ihl < 5 || ip->protocol != IPPROTO_UDP)
			return 0;
		udp = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end || ip6->version != 6 || ip6->nexthdr != IPPROTO_UDP)
			return 0;
		udp = (void *)(ip6 + 1);
	} else {
		return 0;
	}
	h = (void *)(udp + 1);
	if ((void *)(h + 1) > end || udp->dest != bpf_htons(UPF_GTPU_PORT) ||
	    (h->flags & UPF_GTPU_VERSION_PT_MASK) != UPF_GTPU_FLAGS_V1_GTP || h->type != UPF_GTPU_G_PDU)
		return 0;
	return bpf_ntohl(h->teid);
}

/* The UE's dense slot from the destination's /64 (IPv6 only, one range); 0 when outside it. */
static __always_inline __u32 floor_ue_slot(void *data, void *end, const struct floor_cfg *cfg)
{
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	__u64 key;

	if ((void *)(ip6 + 1) > end || eth->h_proto != bpf_htons(ETH_P_IPV6) || ip6->version != 6)
		return 0;
	key = (__u64)bpf_ntohl(ip6->daddr.s6_addr32[0]) << 32 | bpf_ntohl(ip6->daddr.s6_addr32[1]);
	if ((key & cfg->ue_mask) != cfg->ue_prefix)
		return 0;
	return cfg->ue_base + (__u32)(key & ~cfg->ue_mask);
}

static __always_inline void floor_add(__u32 counter, struct xdp_md *ctx)
{
	struct floor_count *c = bpf_map_lookup_elem(&floor_cnt, &counter);

	if (c) {
		c->bytes += ctx->data_end - ctx->data;
		c->packets++;
	}
}

static __always_inline int floor_uplink(struct xdp_md *ctx, int count)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct floor_cfg *cfg = floor_config();
	struct floor_ul *e;
	__u32 teid, slot;

	if (!cfg)
		return XDP_ABORTED;
	teid = floor_teid(data, end);
	if (!teid)
		return XDP_DROP;
	slot = teid & cfg->teid_slot_mask;
	e = bpf_map_lookup_elem(&floor_ul_ent, &slot);
	if (!e || e->teid != teid)
		return XDP_DROP;
	if (count)
		floor_add(e->counter, ctx);
	return bpf_redirect_map(&floor_tx, e->tx_key, 0);
}

static __always_inline int floor_downlink(struct xdp_md *ctx, int count)
{
	struct floor_cfg *cfg = floor_config();
	struct floor_dl *e;
	__u32 slot;

	if (!cfg)
		return XDP_ABORTED;
	slot = floor_ue_slot((void *)(long)ctx->data, (void *)(long)ctx->data_end, cfg);
	if (!slot)
		return XDP_DROP;
	e = bpf_map_lookup_elem(&floor_dl_ent, &slot);
	if (!e || !e->live)
		return XDP_DROP;
	if (count)
		floor_add(e->counter, ctx);
	return bpf_redirect_map(&floor_tx, e->tx_key, 0);
}

SEC("xdp")
int floor_ul(struct xdp_md *ctx)
{
	return floor_uplink(ctx, 0);
}

SEC("xdp")
int floor_ul_count(struct xdp_md *ctx)
{
	return floor_uplink(ctx, 1);
}

SEC("xdp")
int floor_dl(struct xdp_md *ctx)
{
	return floor_downlink(ctx, 0);
}

SEC("xdp")
int floor_dl_count(struct xdp_md *ctx)
{
	return floor_downlink(ctx, 1);
}

char LICENSE[] SEC("license") = "GPL";
