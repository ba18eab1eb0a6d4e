/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * FAR actions (TS 29.244 §5.2.3): forward with Outer Header Removal / Creation, buffer / notify, duplicate,
 * drop. Forwarding resolves the next hop with bpf_fib_lookup before touching the packet, so every failure
 * still has the original frame for the drop counter or the control-path event.
 */
#pragma once

#include "upf_maps.h"
#include "upf_counters.h"
#include "upf_gtpu.h"
#include "upf_if_stats.h"
#include "upf_nexthop.h"
#include "upf_parse.h"
#include "upf_qos.h"
#include "upf_rules.h"

#define UPF_OUTER_TTL 64
#define UPF_IPV4_DF 0x4000

/* Everything the actions need about the packet and the rules that matched it. */
struct upf_fwd {
	struct upf_l3 inner;       /* the T-PDU (uplink) or the N6 packet (downlink) */
	struct upf_event_ctx ev;   /* session, TEID, PDR for events */
	struct upf_mark mark;      /* QFI the packet arrived with, then QFI / RQI to emit */
	__u32 urr[2];
	__u8 dir;                  /* enum upf_direction */
	__u8 path;                 /* enum upf_fwd_path bits: the fast reads the packet took, UPF_PATH_DL */
};

/* Marks URR slot id as moved in upf_urract_v1 for the agent's usage poller. The bit is set with an atomic OR only
 * when it is clear: a busy URR costs one load of a line every CPU shares for reading (no atomic, no line bouncing)
 * until the poller clears the bit, at most once per poll interval. */
static __always_inline void upf_mark_urr(__u32 id)
{
	__u32 word = id / 64;
	__u64 bit = 1ULL << (id % 64);
	__u64 *w = bpf_map_lookup_elem(&upf_urract_v1, &word);

	if (w && !(*(volatile __u64 *)w & bit))
		__sync_fetch_and_or(w, bit);
}

/* A packet leaves forwarded: count it in its URRs (per direction: upf_count_out) and mark the URRs as moved. */
static __always_inline void upf_count_usage(const struct upf_fwd *f)
{
#pragma unroll
	for (int i = 0; i < 2; i++) {
		__u32 id = f->urr[i];
		struct upf_usage *u;

		if (!id)
			continue;
		u = bpf_map_lookup_elem(&upf_urr_v1, &id);
		if (!u)
			continue;
		if (f->dir == UPF_UL) {
			u->ul_bytes += f->inner.len;
			u->ul_packets++;
		} else {
			u->dl_bytes += f->inner.len;
			u->dl_packets++;
		}
		/* The counters are stored before the bit is tested: a poller that clears the bit reads them on its next
		 * pass at the latest (the CPU may still reorder; the poller reads the URRs of two passes). */
		barrier();
		upf_mark_urr(id);
	}
}

/* upf_notify_v1 slot of the unknown-TEID reports; session slots start at 1. */
#define UPF_NOTIFY_UNKNOWN_TEID 0

/* An event of reason at most once per interval per slot of upf_notify_v1: per session for the Downlink Data
 * Report trigger (TS 29.244 §5.2.3.1 NOCP), slot 0 for unknown TEIDs. The compare-and-swap lets exactly one
 * CPU win an interval. */
static __always_inline void upf_notify_once(struct xdp_md *ctx, __u32 slot, enum upf_cp_reason reason,
					    const struct upf_event_ctx *ev)
{
	struct upf_config *cfg = upf_config();
	__u64 now, prev, *last;

	last = bpf_map_lookup_elem(&upf_notify_v1, &slot);
	if (!cfg || !last)
		return;
	now = bpf_ktime_get_ns();
	prev = *last;
	if (prev && now - prev < cfg->notify_interval_ns)
		return;
	if (__sync_val_compare_and_swap(last, prev, now) != prev)
		return;
	upf_cp_event(ctx, reason, ev);
}

static __always_inline __u8 upf_outer_tos(const struct upf_far *far)
{
	return (far->flags & UPF_FAR_TOS) ? far->tos : 0;
}

static __always_inline __u32 upf_outer_len(__u8 ohc, __u32 psc_len)
{
	__u32 ip = ohc == UPF_OHC_GTPU_IPV4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);

	return ip + sizeof(struct udphdr) + sizeof(struct upf_gtpu_hdr) + psc_len;
}

static __always_inline void upf_fib_params(struct bpf_fib_lookup *fib, const struct upf_fwd *f,
					   const struct upf_far *far, __u8 ohc, __u32 outer_len)
{
	fib->ifindex = f->ev.ifindex;
	if (!outer_len) {
		fib->family = f->inner.family == 4 ? UPF_AF_INET : UPF_AF_INET6;
		fib->l4_protocol = f->inner.proto;
		fib->sport = bpf_htons(f->inner.sport);
		fib->dport = bpf_htons(f->inner.dport);
		fib->tot_len = f->inner.len;
		if (f->inner.family == 4) {
			fib->tos = f->inner.tos;
			fib->ipv4_src = f->inner.src[0];
			fib->ipv4_dst = f->inner.dst[0];
		} else {
			__builtin_memcpy(fib->ipv6_src, f->inner.src, 16);
			__builtin_memcpy(fib->ipv6_dst, f->inner.dst, 16);
		}
		return;
	}
	fib->l4_protocol = IPPROTO_UDP;
	fib->sport = bpf_htons(UPF_GTPU_PORT);
	fib->dport = bpf_htons(UPF_GTPU_PORT);
	fib->tot_len = outer_len + f->inner.len;
	if (ohc == UPF_OHC_GTPU_IPV4) {
		fib->family = UPF_AF_INET;
		fib->tos = upf_outer_tos(far);
		__builtin_memcpy(&fib->ipv4_src, far->local_addr, 4);
		__builtin_memcpy(&fib->ipv4_dst, far->peer_addr, 4);
	} else {
		fib->family = UPF_AF_INET6;
		__builtin_memcpy(fib->ipv6_src, far->local_addr, 16);
		__builtin_memcpy(fib->ipv6_dst, far->peer_addr, 16);
	}
}

/*
 * Ones'-complement sum of the frame from off to its end (RFC 1071), for the IPv6 UDP checksum. A global
 * function, so the verifier checks its loops once rather than once per path that reaches encapsulation.
 */
__attribute__((noinline)) __u32 upf_csum_frame(struct xdp_md *ctx, __u32 off, __u32 sum)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 tail[4] = {};
	__u8 *p;

	for (int i = 0; i < UPF_MAX_FRAME_OFF / 256; i++) {
		p = upf_ptr_upto(data, end, off, 256, UPF_MAX_FRAME_OFF);
		if (!p)
			break;
		sum = bpf_csum_diff(NULL, 0, (__be32 *)p, 256, sum);
		off += 256;
	}
	/* The rest (under 256 octets) in at most one chunk of each power of two from 128 down to 4: at most six
	 * helper calls rather than one per 4 octets. */
#pragma unroll
	for (int chunk = 128; chunk >= 4; chunk /= 2) {
		p = upf_ptr_upto(data, end, off, chunk, UPF_MAX_FRAME_OFF);
		if (!p)
			continue;
		sum = bpf_csum_diff(NULL, 0, (__be32 *)p, chunk, sum);
		off += chunk;
	}
	p = upf_ptr_upto(data, end, off, 1, UPF_MAX_FRAME_OFF);
	if (p) {
		tail[0] = p[0];
		p = upf_ptr_upto(data, end, off + 1, 1, UPF_MAX_FRAME_OFF);
		if (p) {
			tail[1] = p[0];
			p = upf_ptr_upto(data, end, off + 2, 1, UPF_MAX_FRAME_OFF);
			if (p)
				tail[2] = p[0];
		}
		sum = bpf_csum_diff(NULL, 0, (__be32 *)tail, 4, sum);
	}
	return sum;
}

/* GTP-U header, optional field and PDU Session Container (TS 29.281 §5.1, TS 38.415 §5.5.2), stored as 32-bit words
 * built in registers (four stores and the TEID's instead of one per field and octet). */
static __always_inline int upf_push_gtpu(void *data, void *end, __u32 off, const struct upf_far *far,
					 const struct upf_fwd *f, __u32 psc_len)
{
	struct upf_gtpu_hdr *g = upf_ptr(data, end, off, sizeof(*g) + sizeof(struct upf_gtpu_opt) +
					 sizeof(struct upf_gtpu_psc));
	__u32 *w = (__u32 *)g;
	__u32 pdu_type, qfi;

	if (!g)
		return -1;
	/* flags, message type, length */
	w[0] = bpf_htonl((UPF_GTPU_FLAGS_V1_GTP | (psc_len ? UPF_GTPU_E : 0)) << 24 | UPF_GTPU_G_PDU << 16 |
			 ((psc_len + f->inner.len) & 0xffff));
	g->teid = bpf_htonl(far->teid);
	if (!psc_len)
		return 0;
	if (f->dir == UPF_DL) {
		pdu_type = UPF_PSC_DL;
		qfi = f->mark.qfi | (f->mark.rqi ? UPF_PSC_RQI : 0);
	} else {
		pdu_type = UPF_PSC_UL;
		qfi = f->mark.qfi;
	}
	/* struct upf_gtpu_opt: sequence number 0, N-PDU number 0, next extension header the PSC */
	w[2] = bpf_htonl(UPF_EXT_PDU_SESSION);
	/* struct upf_gtpu_psc: length 1 unit, PDU type in the high nibble, QFI (and RQI), no next extension header */
	w[3] = bpf_htonl(1 << 24 | pdu_type << 20 | qfi << 8 | UPF_EXT_NONE);
	return 0;
}

static __always_inline void upf_fill_udp(struct udphdr *udp, __u32 udp_len)
{
	udp->source = bpf_htons(UPF_GTPU_PORT);
	udp->dest = bpf_htons(UPF_GTPU_PORT);
	udp->len = bpf_htons(udp_len);
	udp->check = 0;
}

/* Header checksum of an IPv4 header without options (RFC 791 §3.1), summed in 32-bit words and folded (RFC 1071 §2):
 * cheaper than a bpf_csum_diff call for 20 octets. w: the header being built, in registers. */
static __always_inline __u16 upf_ipv4_csum(const __u32 *w)
{
	__u64 sum = 0;

#pragma unroll
	for (int i = 0; i < 5; i++)
		sum += w[i];
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	return upf_csum_fold((__u32)sum);
}

/* Outer Header Creation GTP-U/UDP/IPv4 (TS 29.244 §8.2.56); the UDP checksum stays 0 (RFC 768). */
static __always_inline int upf_push_outer4(void *data, void *end, const struct upf_far *far,
					   const struct upf_fwd *f, __u32 psc_len)
{
	struct iphdr *ip = upf_ptr(data, end, ETH_HLEN, sizeof(*ip) + sizeof(struct udphdr));
	__u32 udp_len = sizeof(struct udphdr) + sizeof(struct upf_gtpu_hdr) + psc_len + f->inner.len;
	/* Built on the stack (registers, after clang's scalar replacement) and stored as words: a checksum that read the
	 * header back from the packet would load a word just stored as octets and halves, which the store buffer cannot
	 * forward. */
	union {
		struct iphdr h;
		__u32 w[5];
	} o = {};

	if (!ip)
		return -1;
	o.h.version = 4;
	o.h.ihl = 5;
	o.h.tos = upf_outer_tos(far);
	o.h.tot_len = bpf_htons(sizeof(*ip) + udp_len);
	o.h.id = 0;  /* atomic datagram, DF set (RFC 6864 §4) */
	o.h.frag_off = bpf_htons(UPF_IPV4_DF);
	o.h.ttl = UPF_OUTER_TTL;
	o.h.protocol = IPPROTO_UDP;
	__builtin_memcpy(&o.h.saddr, far->local_addr, 4);
	__builtin_memcpy(&o.h.daddr, far->peer_addr, 4);
	o.h.check = upf_ipv4_csum(o.w);
	__builtin_memcpy(ip, &o, sizeof(*ip));
	upf_fill_udp((void *)(ip + 1), udp_len);
	return upf_push_gtpu(data, end, ETH_HLEN + sizeof(*ip) + sizeof(struct udphdr), far, f, psc_len);
}

/* Outer Header Creation GTP-U/UDP/IPv6; IPv6 needs a real UDP checksum (RFC 8200 §8.1). */
static __always_inline int upf_push_outer6(struct xdp_md *ctx, void *data, void *end,
					   const struct upf_far *far, const struct upf_fwd *f, __u32 psc_len)
{
	struct ipv6hdr *ip6 = upf_ptr(data, end, ETH_HLEN, sizeof(*ip6) + sizeof(struct udphdr));
	__u32 udp_len = sizeof(struct udphdr) + sizeof(struct upf_gtpu_hdr) + psc_len + f->inner.len;
	struct {
		__u8 src[16];
		__u8 dst[16];
		__be32 len;
		__be32 next;
	} pseudo;
	struct udphdr *udp;
	__u8 tc = upf_outer_tos(far);
	__u16 check;

	if (!ip6)
		return -1;
	ip6->version = 6;
	ip6->priority = tc >> 4;
	ip6->flow_lbl[0] = (tc & 0x0f) << 4;
	ip6->flow_lbl[1] = 0;
	ip6->flow_lbl[2] = 0;
	ip6->payload_len = bpf_htons(udp_len);
	ip6->nexthdr = IPPROTO_UDP;
	ip6->hop_limit = UPF_OUTER_TTL;
	__builtin_memcpy(&ip6->saddr, far->local_addr, 16);
	__builtin_memcpy(&ip6->daddr, far->peer_addr, 16);
	udp = (void *)(ip6 + 1);
	upf_fill_udp(udp, udp_len);
	if (upf_push_gtpu(data, end, ETH_HLEN + sizeof(*ip6) + sizeof(*udp), far, f, psc_len))
		return -1;
	__builtin_memcpy(pseudo.src, far->local_addr, 16);
	__builtin_memcpy(pseudo.dst, far->peer_addr, 16);
	pseudo.len = bpf_htonl(udp_len);
	pseudo.next = bpf_htonl(IPPROTO_UDP);
	check = upf_csum_fold(upf_csum_frame(ctx, ETH_HLEN + sizeof(*ip6),
					     bpf_csum_diff(NULL, 0, (__be32 *)&pseudo, sizeof(pseudo), 0)));
	/* The call leaves the packet pointers unusable: fetch them again. */
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	udp = upf_ptr(data, end, ETH_HLEN + sizeof(*ip6), sizeof(*udp));
	if (!udp)
		return -1;
	udp->check = check ? check : 0xffff;  /* RFC 768: a computed 0 is sent as all ones */
	return 0;
}

/* TTL / hop limit minus one, IPv4 checksum updated incrementally (RFC 1624). */
static __always_inline int upf_dec_ttl(void *data, void *end, __u32 off, __u8 family)
{
	if (family == 4) {
		struct iphdr *ip = upf_ptr(data, end, off, sizeof(*ip));
		__u32 check;

		if (!ip)
			return -1;
		check = ip->check;
		check += bpf_htons(0x0100);
		ip->check = (__u16)(check + (check >= 0xffff));
		ip->ttl--;
	} else {
		struct ipv6hdr *ip6 = upf_ptr(data, end, off, sizeof(*ip6));

		if (!ip6)
			return -1;
		ip6->hop_limit--;
	}
	return 0;
}

/* Replaces everything before the inner packet by a fresh Ethernet header and, with OHC, the new outer
 * headers; trims any trailer after the inner packet. macs: destination then source MAC address (Ethernet header
 * order), 4-octet aligned, so they are written as three words rather than twelve octets. */
static __always_inline int upf_rewrite(struct xdp_md *ctx, const struct upf_fwd *f, const struct upf_far *far,
				       __u8 ohc, __u32 outer_len, __u32 psc_len, const __u32 *macs, int dec_ttl)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 keep = f->inner.off + f->inner.len;
	__u32 frame = upf_frame_len(ctx);
	int delta = (int)f->inner.off - (int)(ETH_HLEN + outer_len);
	struct ethhdr *eth;
	__u32 *eth_words;

	if (frame > keep && bpf_xdp_adjust_tail(ctx, (int)keep - (int)frame))
		return -1;
	if (delta && bpf_xdp_adjust_head(ctx, delta))
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = upf_ptr(data, end, 0, sizeof(*eth));
	if (!eth)
		return -1;
	/* XDP packet access need not be aligned on the architectures that run this (no BPF_F_STRICT_ALIGNMENT). */
	eth_words = (__u32 *)eth;
	eth_words[0] = macs[0];
	eth_words[1] = macs[1];
	eth_words[2] = macs[2];
	if (ohc == UPF_OHC_GTPU_IPV4)
		*upf_eth_type(eth) = bpf_htons(ETH_P_IP);
	else if (ohc == UPF_OHC_GTPU_IPV6)
		*upf_eth_type(eth) = bpf_htons(ETH_P_IPV6);
	else
		*upf_eth_type(eth) = bpf_htons(f->inner.family == 4 ? ETH_P_IP : ETH_P_IPV6);
	if (dec_ttl && upf_dec_ttl(data, end, ETH_HLEN + outer_len, f->inner.family))
		return -1;
	if (ohc == UPF_OHC_GTPU_IPV4)
		return upf_push_outer4(data, end, far, f, psc_len);
	if (ohc == UPF_OHC_GTPU_IPV6)
		return upf_push_outer6(ctx, data, end, far, f, psc_len);
	return 0;
}

static __always_inline int upf_redirect(__u32 ifindex)
{
	long rc = bpf_redirect_map(&upf_tx_v1, ifindex, 0);

	return rc == XDP_REDIRECT ? rc : bpf_redirect(ifindex, 0);
}

/* The packet leaves through ifindex to dmac: headers rewritten, counted (st: this CPU's upf_pkt_stats),
 * redirected. */
static __always_inline int upf_send(struct xdp_md *ctx, const struct upf_fwd *f, const struct upf_far *far, __u8 ohc,
				    struct upf_pkt_stats *st, __u32 outer_len, __u32 psc_len, const __u32 *macs,
				    __u32 ifindex)
{
	if (upf_rewrite(ctx, f, far, ohc, outer_len, psc_len, macs, 1))
		return upf_drop(ctx, UPF_DROP_NO_HEADROOM);
	upf_count_usage(f);
	upf_count_out(st, far, f->path, f->inner.len, outer_len != 0, sizeof(struct upf_gtpu_hdr) + psc_len);
	return upf_redirect(ifindex);
}

/* The next hop from the FIB, on a cache miss: fills this CPU's slot nh on success. Every failure is handled as without
 * the cache. */
static __always_inline int upf_forward_fib(struct xdp_md *ctx, const struct upf_fwd *f, const struct upf_far *far,
					   __u8 ohc, struct upf_pkt_stats *st, __u32 outer_len, __u32 psc_len, struct upf_nexthop *nh,
					   const struct upf_nexthop_key *key, __u64 now)
{
	struct bpf_fib_lookup fib = {};
	struct upf_config *cfg;
	__u32 macs[3]; /* destination, source MAC */
	__u32 ip_len, ttl_ms;
	struct ethhdr *eth;
	int rc;

	upf_fib_params(&fib, f, far, ohc, outer_len);
	ip_len = fib.tot_len;
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	switch (rc) {
	case BPF_FIB_LKUP_RET_SUCCESS:
		break;
	case BPF_FIB_LKUP_RET_NO_NEIGH:
		if (outer_len) {
			upf_cp_event(ctx, UPF_CP_NEIGH_MISS, &f->ev);
			return XDP_DROP;
		}
		/* A plain IP packet: let the kernel forward it, which also resolves the neighbour. The frame
		 * keeps its own MAC addresses so the stack accepts it; the kernel decrements the TTL. */
		upf_cp_count(ctx, UPF_CP_NEIGH_MISS);
		eth = upf_ptr((void *)(long)ctx->data, (void *)(long)ctx->data_end, 0, sizeof(*eth));
		if (!eth)
			return upf_drop(ctx, UPF_DROP_MALFORMED);
		__builtin_memcpy(macs, eth, sizeof(macs));
		if (upf_rewrite(ctx, f, far, ohc, 0, 0, macs, 0))
			return upf_drop(ctx, UPF_DROP_NO_HEADROOM);
		upf_count_usage(f);
		upf_count_out(st, far, f->path, f->inner.len, 0, 0);
		return XDP_PASS;
	case BPF_FIB_LKUP_RET_FRAG_NEEDED:
		upf_cp_event(ctx, UPF_CP_TOO_BIG, &f->ev);
		return XDP_DROP;
	case BPF_FIB_LKUP_RET_FWD_DISABLED:
		return upf_drop(ctx, UPF_DROP_FWD_DISABLED);
	default:
		return upf_drop(ctx, UPF_DROP_FIB_MISS);
	}
	cfg = upf_config();
	ttl_ms = cfg ? cfg->nexthop_ttl_ms : 0;
	upf_nexthop_fill(nh, key, &fib, ip_len, now, ttl_ms);
	__builtin_memcpy(macs, fib.dmac, ETH_ALEN);
	__builtin_memcpy((__u8 *)macs + ETH_ALEN, fib.smac, ETH_ALEN);
	return upf_send(ctx, f, far, ohc, st, outer_len, psc_len, macs, fib.ifindex);
}

/* FORW: Outer Header Removal is implied on GTP-U ingress; Outer Header Creation per the FAR, whose ohc is given apart:
 * a constant where the caller knows it (the fast entries), so that every test of it folds away, else far->ohc. The
 * next hop comes from this CPU's next-hop cache when it holds a live entry (upf_nexthop.h), else from the FIB. */
static __always_inline int upf_forward(struct xdp_md *ctx, const struct upf_fwd *f, const struct upf_far *far,
				       __u8 ohc, struct upf_pkt_stats *st)
{
	struct upf_nexthop_key key;
	struct upf_nexthop *nh, *hit;
	__u32 outer_len = 0, psc_len = 0;
	__u64 now;

	if (f->inner.ttl <= 1)
		return upf_drop(ctx, UPF_DROP_TTL_EXPIRED);
	if (ohc == UPF_OHC_GTPU_IPV4 || ohc == UPF_OHC_GTPU_IPV6) {
		if (f->mark.has_qfi)
			psc_len = sizeof(struct upf_gtpu_opt) + sizeof(struct upf_gtpu_psc);
		outer_len = upf_outer_len(ohc, psc_len);
		upf_nexthop_key(&key, ohc == UPF_OHC_GTPU_IPV4 ? 4 : 6, (const __be32 *)far->peer_addr,
				upf_outer_tos(far), f->ev.ifindex);
	} else {
		upf_nexthop_key(&key, f->inner.family, f->inner.dst, f->inner.tos, f->ev.ifindex);
	}
	/* No config read on a hit: with a TTL of 0 nothing is ever filled (and Dataplane.load empties the map). */
	nh = upf_nexthop_slot(&key);
	now = bpf_jiffies64();
	hit = upf_nexthop_hit(nh, &key, outer_len + f->inner.len, now);
	if (hit)
		return upf_send(ctx, f, far, ohc, st, outer_len, psc_len, (const __u32 *)hit->dmac, hit->ifindex_out);
	return upf_forward_fib(ctx, f, far, ohc, st, outer_len, psc_len, nh, &key, now);
}

/* The FAR's Apply Action. */
static __always_inline int upf_apply_far(struct xdp_md *ctx, const struct upf_fwd *f, const struct upf_far *far,
					 struct upf_pkt_stats *st)
{
	if (far->action & UPF_ACT_DUPL)
		upf_cp_event(ctx, UPF_CP_DUPL, &f->ev);
	if (far->action & UPF_ACT_FORW)
		return upf_forward(ctx, f, far, far->ohc, st);
	if (far->action & (UPF_ACT_BUFF | UPF_ACT_NOCP)) {
		upf_cp_count(ctx, UPF_CP_BUFF);
		if (far->action & UPF_ACT_NOCP)
			upf_notify_once(ctx, f->ev.session, UPF_CP_NOTIFY, &f->ev);
		return XDP_DROP;
	}
	if (far->action & UPF_ACT_DROP)
		return upf_drop(ctx, UPF_DROP_FAR_DROP);
	/* DUPL alone: the copy went to the control path, the original goes nowhere. */
	if (far->action & UPF_ACT_DUPL)
		return XDP_DROP;
	return upf_drop(ctx, UPF_DROP_NO_FAR);
}

/* The rule stages below return this to go on to the FAR, or a verdict. */
#define UPF_GO_ON (-1)

/* Uplink source checks: a UE's link-local source goes to the control path, any other source must belong to the
 * session (owned: anti-spoofing). */
static __always_inline int upf_ul_source(struct xdp_md *ctx, const struct upf_fwd *f, int owned)
{
	if (upf_link_local(&f->inner)) {
		upf_cp_event(ctx, UPF_CP_LINK_LOCAL, &f->ev);
		return XDP_DROP;
	}
	if (!owned)
		return upf_drop(ctx, UPF_DROP_SPOOFED);
	return UPF_GO_ON;
}

/* The rule walk: PDR by precedence, anti-spoofing, FAR, QERs. Sets *far on UPF_GO_ON. */
static __always_inline int upf_full_rules(struct xdp_md *ctx, struct upf_fwd *f, const struct upf_pdr_set *set,
					  const struct upf_far **far)
{
	struct upf_session *sess = NULL;
	struct upf_pdr *pdr = NULL;
	__u32 far_id;
	int rc;

	f->ev.session = set->session;
	f->ev.pdr = upf_select_pdr(set, &f->inner, f->mark.has_qfi, f->mark.qfi, &pdr);
	if (!f->ev.pdr || !pdr)
		return upf_drop(ctx, UPF_DROP_NO_PDR);
	f->dir = pdr->direction & 1;
	f->path |= f->dir ? UPF_PATH_DL : 0;
	if (f->dir == UPF_UL) {
		if (!upf_link_local(&f->inner))
			sess = bpf_map_lookup_elem(&upf_sess_v1, &f->ev.session);
		rc = upf_ul_source(ctx, f, sess && upf_ue_owns(sess, &f->inner));
		if (rc != UPF_GO_ON)
			return rc;
	}
	far_id = pdr->far;
	*far = bpf_map_lookup_elem(&upf_far_v1, &far_id);
	if (!*far || !(*far)->action)
		return upf_drop(ctx, UPF_DROP_NO_FAR);
	f->urr[0] = pdr->urr[0];
	f->urr[1] = pdr->urr[1];
	rc = upf_police(pdr, f->dir, f->inner.len, &f->mark);
	if (rc >= 0)
		return upf_drop(ctx, rc);
	return UPF_GO_ON;
}

/* The FAR of every uplink fast entry: forward, no Outer Header Creation (read-only, in .rodata). */
static const struct upf_far upf_far_to_n6 = { .action = UPF_ACT_FORW };

/*
 * The same stages from a fast entry: the agent writes one only for a single PDR without SDF filter, a FAR that
 * forwards, open QERs without MBR/GBR in the PDR's direction and at most one URR. Uplink: the PDI's QFI and the
 * source checks are left to do (nothing to mark without an outer header); downlink: the QER's QFI marking, and
 * *far set on UPF_GO_ON. The uplink FAR is always upf_far_to_n6, which the caller forwards with directly.
 */
static __always_inline int upf_fast_ul_rules(struct xdp_md *ctx, struct upf_fwd *f, const struct upf_fast_ul *fe)
{
	int rc;

	f->ev.session = fe->session;
	if ((fe->flags & UPF_FAST_PDI_QFI) && (!f->mark.has_qfi || fe->qfi != f->mark.qfi))
		return upf_drop(ctx, UPF_DROP_NO_PDR);
	f->ev.pdr = fe->pdr;
	f->dir = UPF_UL;
	rc = upf_ul_source(ctx, f, upf_fast_owns(fe, &f->inner));
	if (rc != UPF_GO_ON)
		return rc;
	f->urr[0] = fe->urr;
	f->urr[1] = 0;
	f->path |= UPF_PATH_FAST;
	return UPF_GO_ON;
}

static __always_inline int upf_fast_dl_rules(struct upf_fwd *f, const struct upf_fast *fe, const struct upf_far **far)
{
	f->ev.session = fe->session;
	f->ev.pdr = fe->pdr;
	f->dir = UPF_DL;
	f->urr[0] = fe->urr;
	f->urr[1] = 0;
	f->mark.has_qfi = (fe->flags & UPF_FAST_MARK) != 0;
	f->mark.qfi = fe->mark_qfi & UPF_PSC_QFI_MASK;
	f->mark.rqi = (fe->flags & UPF_FAST_RQI) != 0;
	f->path |= UPF_PATH_FAST | UPF_PATH_DL;
	*far = &fe->far;
	return UPF_GO_ON;
}

/* A packet's rules: an uplink fast entry (ul), a downlink one (dl, when switched on) or the walk of set; then the
 * FAR, counted in st (this CPU's upf_pkt_stats, fetched by the caller). At most one of ul and set is given. f->mark holds the QFI the packet arrived with (none on N6): the PDRs
 * match it, and without a QER QFI a relayed G-PDU keeps it (N9). */
static __always_inline int upf_rules_verdict(struct xdp_md *ctx, struct upf_fwd *f, struct upf_pkt_stats *st,
					     const struct upf_pdr_set *set, const struct upf_fast_ul *ul,
					     const struct upf_fast *dl)
{
	const struct upf_far *far = NULL;
	int rc;

	if (ul) {
		rc = upf_fast_ul_rules(ctx, f, ul);
		/* The FAR of an uplink fast entry is the constant upf_far_to_n6 (FORW alone): forwarding it here, rather
		 * than after the branches join, lets the compiler drop every test of the FAR on this path. */
		return rc == UPF_GO_ON ? upf_forward(ctx, f, &upf_far_to_n6, UPF_OHC_NONE, st) : rc;
	} else if (dl && (dl->flags & UPF_FAST_ON)) {
		rc = upf_fast_dl_rules(f, dl, &far);
		/* The usual downlink fast entry: FORW alone toward an IPv4 peer. Forwarded with that Outer Header Creation
		 * as a constant (the rest of the FAR is read from the entry); anything else goes through the dispatch. */
		if (far->action == UPF_ACT_FORW && far->ohc == UPF_OHC_GTPU_IPV4)
			return upf_forward(ctx, f, far, UPF_OHC_GTPU_IPV4, st);
	} else if (set)
		rc = upf_full_rules(ctx, f, set, &far);
	else
		rc = upf_drop(ctx, UPF_DROP_NO_PDR);
	if (rc != UPF_GO_ON)
		return rc;
	if (!far)
		return upf_drop(ctx, UPF_DROP_NO_FAR);
	return upf_apply_far(ctx, f, far, st);
}

/*
 * upf_rules_verdict as a global function, for upf_n3n6_in only: the verifier checks it once for every way that
 * program reaches it, which keeps a program with both the GTP-U and the N6 path far below the verifier's
 * instruction limit. The one-role programs inline it instead (no call, f stays in the caller's frame). A global
 * function receives no map value pointer (and at most five arguments), so it fetches its own upf_pkt_stats.
 */
__attribute__((noinline)) int upf_apply_rules(struct xdp_md *ctx, struct upf_fwd *f, const struct upf_pdr_set *set,
					      const struct upf_fast_ul *ul, const struct upf_fast *dl)
{
	if (!ctx || !f)
		return XDP_ABORTED;
	return upf_rules_verdict(ctx, f, upf_pkt_stats(), set, ul, dl);
}
