// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * The UPF user-plane programs. Two XDP programs rather than one with an interface role read from a map:
 * the role is fixed by which program an interface carries, so no per-packet config branch, and each program
 * is verified with only its own paths.
 *
 *   upf_gtpu_in  N3 / N9 ingress: GTP-U decapsulation, uplink (and N9-relayed downlink) rules; which of the two
 *                an interface is matters only to the interface counters (upf_config.n9_ifindex).
 *   upf_n6_in    N6 ingress: downlink rules by UE address, GTP-U encapsulation.
 *   upf_n3n6_in  both on one interface.
 */
#include "upf_actions.h"
#include "upf_counters.h"
#include "upf_gtpu.h"
#include "upf_if_stats.h"
#include "upf_parse.h"
#include "upf_rules.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Packets a GTP-U ingress hands to the kernel stack with an event: the agent's UDP 2152 socket receives
 * them (after reassembly for fragments). */
static __always_inline int upf_to_stack(struct xdp_md *ctx, enum upf_cp_reason reason,
					const struct upf_event_ctx *ec)
{
	upf_cp_event(ctx, reason, ec);
	return XDP_PASS;
}

static __always_inline int upf_not_ours(struct xdp_md *ctx)
{
	upf_cp_count(ctx, UPF_CP_STACK);
	return XDP_PASS;
}

/* GTP-U inside GTP-U is never user traffic we forward (TS 33.501 §9.3 / GSMA FS.37 GTP-in-GTP). */
static __always_inline int upf_is_gtpu(const struct upf_l3 *l3)
{
	return l3->proto == IPPROTO_UDP && !l3->later_fragment &&
	       (l3->dport == UPF_GTPU_PORT || l3->sport == UPF_GTPU_PORT);
}

/* What an interface carries; the programs below differ only in this. */
enum upf_ingress_role {
	UPF_IN_N3 = 1, /* GTP-U from the RAN */
	UPF_IN_N6 = 2, /* plain IP toward UEs */
};

/* The rules of a PDR set. roles is a constant in each program: with one role the rules are inlined, with both
 * (upf_n3n6_in) they are the global upf_apply_rules, verified once for both paths. */
static __always_inline int upf_rules(struct xdp_md *ctx, struct upf_fwd *f, struct upf_pkt_stats *st,
				     const struct upf_pdr_set *set, const struct upf_fast_ul *ul, const struct upf_fast *dl,
				     int roles)
{
	if (roles == (UPF_IN_N3 | UPF_IN_N6))
		return upf_apply_rules(ctx, f, set, ul, dl);
	return upf_rules_verdict(ctx, f, st, set, ul, dl);
}

/* An IP packet that is not GTP-U for us; what that means depends on the interface's role. */
#define UPF_NOT_GTPU (-1)

/*
 * A G-PDU whose GTP-U header (at gtp_off) is parsed into g: the rules of its TEID for the T-PDU. inner_parsed:
 * f->inner already holds the T-PDU, checked as below (upf_usual_gpdu); else it is parsed here, after the TEID.
 */
static __always_inline int upf_gpdu(struct xdp_md *ctx, struct upf_fwd *f, const struct upf_gtpu *g, __u32 gtp_off,
				    int inner_parsed, int roles)
{
	struct upf_config *cfg;
	struct upf_pkt_stats *st;
	struct upf_pdr_set *set = NULL;
	struct upf_fast_ul *fast;
	int rc;

	cfg = upf_config();
	if (!cfg)
		return upf_drop(ctx, UPF_DROP_UNKNOWN_TEID);
	f->ev.teid = g->teid;
	/* The fast entry first: a packet of a simple session reads nothing else of the TEID. */
	fast = upf_teid_fast(g->teid, cfg->teid_slot_mask);
	if (!fast)
		set = upf_teid_rules(g->teid, cfg->teid_slot_mask);
	if (!fast && !set) {
		upf_notify_once(ctx, UPF_NOTIFY_UNKNOWN_TEID, UPF_CP_ERROR_INDICATION, &f->ev);
		return upf_drop(ctx, UPF_DROP_UNKNOWN_TEID);
	}
	/* Accepted by the GTP-U entity (TS 28.552 §5.4.1.1): what the rules do with it next is counted apart. */
	st = upf_pkt_stats();
	upf_if_count_in(st, cfg, f->ev.ifindex, g->inner_off + g->inner_len - gtp_off);

	if (!inner_parsed) {
		rc = upf_parse_ip((void *)(long)ctx->data, (void *)(long)ctx->data_end, g->inner_off, &f->inner);
		if (rc == UPF_PARSE_NOT_IP)
			return upf_drop(ctx, UPF_DROP_NOT_IP);
		if (rc != UPF_PARSE_OK || f->inner.len > g->inner_len)
			return upf_drop(ctx, UPF_DROP_MALFORMED);
	}
	if (upf_is_gtpu(&f->inner))
		return upf_drop(ctx, UPF_DROP_NESTED_GTP);
	f->mark.has_qfi = g->has_psc;
	f->mark.qfi = g->qfi;
	return upf_rules(ctx, f, st, set, fast, NULL, roles);
}

/* A G-PDU's GTP-U header parsed, its T-PDU still to parse: go on to upf_gpdu. */
#define UPF_GPDU (-2)

/*
 * GTP-U ingress with the outer IP header parsed into f->inner: control path, or UPF_GPDU with the GTP-U header in g
 * and its offset in *gtp_off. f->inner still holds the outer header when the result is UPF_NOT_GTPU; upf_gpdu makes
 * it the T-PDU. (One struct for both keeps upf_n3n6_in within the 512-byte BPF stack.)
 */
static __always_inline int upf_gtpu_header(struct xdp_md *ctx, struct upf_fwd *f, struct upf_gtpu *g, __u32 *gtp_off)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct upf_l3 *outer = &f->inner;
	struct udphdr *udp;
	int rc;

	if (outer->fragment)
		return upf_to_stack(ctx, UPF_CP_OUTER_FRAGMENT, &f->ev);
	if (outer->proto != IPPROTO_UDP || outer->dport != UPF_GTPU_PORT)
		return UPF_NOT_GTPU;
	udp = upf_ptr(data, end, outer->l4_off, sizeof(*udp));
	/* The UDP datagram, and so the GTP-U packet in it, lies inside the outer IP packet (RFC 768: the length
	 * covers header and data), not in an Ethernet trailer after it. */
	if (!udp || bpf_ntohs(udp->len) < sizeof(*udp) || outer->l4_off + bpf_ntohs(udp->len) > outer->off + outer->len)
		return upf_drop(ctx, UPF_DROP_MALFORMED);
	*gtp_off = outer->l4_off + sizeof(*udp);
	rc = upf_parse_gtpu(data, end, *gtp_off, bpf_ntohs(udp->len) - sizeof(*udp), g);
	if (rc == UPF_GTPU_SIGNALLING)
		return upf_to_stack(ctx, UPF_CP_GTPU_SIGNALLING, &f->ev);
	if (rc == UPF_GTPU_UNKNOWN_EXT) {
		f->ev.teid = g->teid;
		return upf_to_stack(ctx, UPF_CP_UNKNOWN_EXT, &f->ev);
	}
	if (rc != UPF_GTPU_OK)
		return upf_drop(ctx, UPF_DROP_MALFORMED);
	return UPF_GPDU;
}

/* N6 ingress with f->inner parsed: the rules of the UE address, or the stack for anything else. */
static __always_inline int upf_n6_ingress(struct xdp_md *ctx, struct upf_fwd *f, int roles)
{
	struct upf_ue_set *ue = upf_ue_rules(&f->inner);
	struct upf_pkt_stats *st;

	if (!ue)
		return upf_not_ours(ctx);
	st = upf_pkt_stats();
	upf_stat_add(st, UPF_IFS_N6_IN, f->inner.len);
	if (upf_is_gtpu(&f->inner))
		return upf_drop(ctx, UPF_DROP_NESTED_GTP);
	return upf_rules(ctx, f, st, &ue->set, NULL, &ue->fast, roles);
}

/* Ethernet, VLANs and the first IP header into f->inner (f->path USUAL when read as the usual frame); XDP_PASS/XDP_DROP
 * when there is nothing more to do. */
static __always_inline int upf_parse_frame(struct xdp_md *ctx, struct upf_fwd *f)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct upf_l3 *l3 = &f->inner;
	__u32 off = 0;
	__u16 proto;

	if (upf_usual_frame(data, end, l3)) {
		f->path = UPF_PATH_USUAL;
		return UPF_PARSE_OK;
	}
	proto = upf_parse_eth(data, end, &off);
	if (proto != ETH_P_IP && proto != ETH_P_IPV6)
		return upf_not_ours(ctx);
	if (upf_parse_ip(data, end, off, l3) != UPF_PARSE_OK)
		return upf_drop(ctx, UPF_DROP_MALFORMED);
	return UPF_PARSE_OK;
}

/* roles is a constant in each program, so the branches it does not take are compiled out. */
static __always_inline int upf_ingress(struct xdp_md *ctx, int roles)
{
	struct upf_fwd f = {};
	struct upf_gtpu g = {};
	__u32 gtp_off = UPF_USUAL_GTPU;
	int usual, rc;

	f.ev.ifindex = ctx->ingress_ifindex;
	/* The usual G-PDU in one bounds check (upf_usual_gpdu), anything else through the generic parse. */
	usual = (roles & UPF_IN_N3) &&
		upf_usual_gpdu((void *)(long)ctx->data, (void *)(long)ctx->data_end, &g, &f.inner);
	if (!usual) {
		rc = upf_parse_frame(ctx, &f);
		if (rc != UPF_PARSE_OK)
			return rc;
		rc = (roles & UPF_IN_N3) ? upf_gtpu_header(ctx, &f, &g, &gtp_off) : UPF_NOT_GTPU;
		if (rc == UPF_NOT_GTPU)
			return roles & UPF_IN_N6 ? upf_n6_ingress(ctx, &f, roles) : upf_not_ours(ctx);
		if (rc != UPF_GPDU)
			return rc;
		f.path = 0; /* only the outer header was usual: the G-PDU took the generic parse */
	} else {
		f.path = UPF_PATH_USUAL;
	}
	return upf_gpdu(ctx, &f, &g, gtp_off, usual, roles);
}

SEC("xdp")
int upf_gtpu_in(struct xdp_md *ctx)
{
	return upf_ingress(ctx, UPF_IN_N3);
}

SEC("xdp")
int upf_n6_in(struct xdp_md *ctx)
{
	return upf_ingress(ctx, UPF_IN_N6);
}

/* One interface carrying N3 and N6 (single-NIC deployments): GTP-U to port 2152 is N3, the rest N6. Outer IP
 * fragments all go to the stack, including downlink fragments toward UEs. */
SEC("xdp")
int upf_n3n6_in(struct xdp_md *ctx)
{
	return upf_ingress(ctx, UPF_IN_N3 | UPF_IN_N6);
}
