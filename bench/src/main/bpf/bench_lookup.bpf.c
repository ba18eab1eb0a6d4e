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
 *   floor_*_rewrite the lookup, then the least header work the UPF must do, done the cheapest way: uplink, drop
 *                   the outer headers of the usual G-PDU (bpf_xdp_adjust_head), write an Ethernet header with the
 *                   entry's MACs, hop limit of the inner IPv6 minus one; downlink, push the 44 octets of outer
 *                   IPv4/UDP/GTP-U with a PDU Session Container the UPF pushes (upf_push_outer4), as a copy of the
 *                   session's prebuilt outer template (Ethernet included) from its entry, only the lengths and the
 *                   IPv4 checksum (incremental, from the template's partial sum) patched, hop limit minus one.
 * The redirect is the one of xdp_redirect (bench_dataplane.bpf.c): bpf_redirect_map on a DEVMAP_HASH of ingress
 * ifindex -> egress, with the key read from the entry, so the entry's load cannot be left out. The lookup and count
 * variants forward the frame as it came (no decapsulation, no rewrite), as xdp_redirect does.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "upf_gtpu.h"

/* Sizes of struct upf_fast_ul and struct upf_ue_set (upf_maps.h); FloorLiveFramesBench checks them against the
 * Java mirrors UplinkFastEntry.C and UeSet.C, so the arrays spread over as many pages as the UPF's. */
#define FLOOR_UL_SIZE 32
#define FLOOR_DL_SIZE 100

/* The outer headers the downlink rewrite pushes: IPv4 (20), UDP (8), GTP-U (8), its optional field (4) and a PDU
 * Session Container of one unit (4), as upf_push_outer4 writes them (TS 29.281 §5.1, TS 38.415 §5.5.2). */
#define FLOOR_OUTER_LEN (20 + 8 + UPF_GTPU_USUAL_LEN)
#define FLOOR_TMPL_LEN (ETH_HLEN + FLOOR_OUTER_LEN)

struct floor_ul {
	__u32 teid;     /* the full TEID (the UPF's generation check) */
	__u32 tx_key;   /* floor_tx key the packet is redirected through */
	__u32 counter;  /* the session's slot in floor_cnt */
	__u32 macs[3];  /* rewrite: destination then source MAC of the decapsulated frame */
	__u8 _rest[FLOOR_UL_SIZE - 24];
};

struct floor_dl {
	__u32 live;     /* 1: a UE holds the slot */
	__u32 tx_key;
	__u32 counter;
	__u16 ip_sum;   /* rewrite: one's complement sum of the template's IPv4 header, total length and checksum 0 */
	__u16 _pad;
	__u32 tmpl[16]; /* rewrite: Ethernet, IPv4, UDP, GTP-U, PSC of the session (FLOOR_TMPL_LEN octets used), read
			 * as 8-octet words (offset 16 in an 8-aligned value); __u32 keeps the value 100 octets */
	__u8 _rest[FLOOR_DL_SIZE - 80];
};

/* What a floor program does after finding the session. */
enum floor_work {
	FLOOR_LOOKUP,
	FLOOR_COUNT,
	FLOOR_REWRITE,
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

/* The TEID of a G-PDU over UDP/IPv4 or UDP/IPv6 (TS 29.281 §5.1, port 2152 §4.4.2.0); 0 (never allocated) else.
 * *gtpu: where its GTP-U header starts. */
static __always_inline __u32 floor_teid(void *data, void *end, __u8 **gtpu)
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
	*gtpu = (__u8 *)h;
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

/* Uplink: the usual G-PDU's outer headers (GTP-U with E alone and one PDU Session Container ending the chain, what a
 * gNB sends, as upf_gtpu_usual_at) replaced by an Ethernet header; the inner IPv6's hop limit minus one. Anything
 * else is dropped: the UPF walks it, the floor need not. */
static __always_inline int floor_decap(struct xdp_md *ctx, __u8 *g, const struct floor_ul *e)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	const __u32 hdr = sizeof(struct upf_gtpu_hdr), opt = sizeof(struct upf_gtpu_opt);
	struct ipv6hdr *ip6;
	__u32 *eth;

	if ((void *)(g + UPF_GTPU_USUAL_LEN) > end || (g[0] & (UPF_GTPU_E | UPF_GTPU_S | UPF_GTPU_PN)) != UPF_GTPU_E ||
	    g[hdr + 3] != UPF_EXT_PDU_SESSION || g[hdr + opt] != 1 || g[hdr + opt + 3] != UPF_EXT_NONE)
		return XDP_DROP;
	if (bpf_xdp_adjust_head(ctx, (int)(g + UPF_GTPU_USUAL_LEN - (__u8 *)data) - ETH_HLEN))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	ip6 = data + ETH_HLEN;
	if ((void *)(ip6 + 1) > end || ip6->version != 6)
		return XDP_DROP;
	eth[0] = e->macs[0];
	eth[1] = e->macs[1];
	eth[2] = e->macs[2];
	((__be16 *)eth)[6] = bpf_htons(ETH_P_IPV6);
	ip6->hop_limit--;
	return bpf_redirect_map(&floor_tx, e->tx_key, 0);
}

/* Downlink: the session's outer template pushed in front of the IPv6 packet, seven 8-octet stores and one of 2, then
 * the per-packet fields: IPv4 total length and checksum (RFC 1071 §2, from the template's partial sum), UDP length
 * (checksum 0 over IPv4, RFC 768, as the UPF), GTP-U length (octets after its mandatory 8, TS 29.281 §5.1). */
static __always_inline int floor_encap(struct xdp_md *ctx, const struct floor_dl *e)
{
	void *data, *end;
	struct iphdr *ip;
	struct udphdr *udp;
	struct upf_gtpu_hdr *g;
	struct ipv6hdr *ip6;
	const __u64 *t = __builtin_assume_aligned(e->tmpl, 8);
	__u64 *w;
	__u32 tot;
	__be16 tot_be;

	if (bpf_xdp_adjust_head(ctx, -(int)FLOOR_OUTER_LEN))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	ip6 = data + FLOOR_TMPL_LEN;
	if ((void *)(ip6 + 1) > end)
		return XDP_DROP;
	w = data;
#pragma unroll
	for (int i = 0; i < FLOOR_TMPL_LEN / 8; i++)
		w[i] = t[i];
	((__u16 *)data)[FLOOR_TMPL_LEN / 2 - 1] = ((const __u16 *)e->tmpl)[FLOOR_TMPL_LEN / 2 - 1];
	tot = (__u32)(end - data) - ETH_HLEN;
	ip = data + ETH_HLEN;
	udp = (void *)(ip + 1);
	g = (void *)(udp + 1);
	tot_be = bpf_htons(tot);
	ip->tot_len = tot_be;
	ip->check = upf_csum_fold((__u32)e->ip_sum + tot_be);
	udp->len = bpf_htons(tot - sizeof(*ip));
	g->length = bpf_htons(tot - sizeof(*ip) - sizeof(*udp) - sizeof(*g));
	ip6->hop_limit--;
	return bpf_redirect_map(&floor_tx, e->tx_key, 0);
}

static __always_inline int floor_uplink(struct xdp_md *ctx, enum floor_work work)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct floor_cfg *cfg = floor_config();
	struct floor_ul *e;
	__u8 *gtpu = 0;
	__u32 teid, slot;

	if (!cfg)
		return XDP_ABORTED;
	teid = floor_teid(data, end, &gtpu);
	if (!teid)
		return XDP_DROP;
	slot = teid & cfg->teid_slot_mask;
	e = bpf_map_lookup_elem(&floor_ul_ent, &slot);
	if (!e || e->teid != teid)
		return XDP_DROP;
	if (work == FLOOR_COUNT)
		floor_add(e->counter, ctx);
	if (work == FLOOR_REWRITE)
		return floor_decap(ctx, gtpu, e);
	return bpf_redirect_map(&floor_tx, e->tx_key, 0);
}

static __always_inline int floor_downlink(struct xdp_md *ctx, enum floor_work work)
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
	if (work == FLOOR_COUNT)
		floor_add(e->counter, ctx);
	if (work == FLOOR_REWRITE)
		return floor_encap(ctx, e);
	return bpf_redirect_map(&floor_tx, e->tx_key, 0);
}

SEC("xdp")
int floor_ul(struct xdp_md *ctx)
{
	return floor_uplink(ctx, FLOOR_LOOKUP);
}

SEC("xdp")
int floor_ul_count(struct xdp_md *ctx)
{
	return floor_uplink(ctx, FLOOR_COUNT);
}

SEC("xdp")
int floor_dl(struct xdp_md *ctx)
{
	return floor_downlink(ctx, FLOOR_LOOKUP);
}

SEC("xdp")
int floor_dl_count(struct xdp_md *ctx)
{
	return floor_downlink(ctx, FLOOR_COUNT);
}

SEC("xdp")
int floor_ul_rewrite(struct xdp_md *ctx)
{
	return floor_uplink(ctx, FLOOR_REWRITE);
}

SEC("xdp")
int floor_dl_rewrite(struct xdp_md *ctx)
{
	return floor_downlink(ctx, FLOOR_REWRITE);
}

char LICENSE[] SEC("license") = "GPL";
