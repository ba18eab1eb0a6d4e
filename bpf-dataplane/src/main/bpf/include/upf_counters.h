/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * Every packet ends forwarded, handed to the control path, or dropped; the last two are counted here by
 * reason (per-CPU, packets and frame bytes). Mirrored by org.upf.bpf.dataplane.DropReason / CpReason.
 */
#pragma once

#include "upf_maps.h"

enum upf_drop_reason {
	UPF_DROP_MALFORMED = 0,     /* truncated or inconsistent headers */
	UPF_DROP_UNKNOWN_TEID = 1,  /* G-PDU for a TEID we did not allocate (or an old generation) */
	UPF_DROP_NO_PDR = 2,        /* TEID/UE known but no PDR's QFI/SDF filter matched */
	UPF_DROP_NO_FAR = 3,        /* PDR points at an empty FAR slot */
	UPF_DROP_FAR_DROP = 4,      /* the FAR says DROP (TS 29.244 §8.2.26) */
	UPF_DROP_GATE_CLOSED = 5,   /* QER gate closed for this direction (§8.2.7) */
	UPF_DROP_MBR_EXCEEDED = 6,  /* over the QER's MBR or the session-AMBR */
	UPF_DROP_SPOOFED = 7,       /* inner UE-side address is not the session's */
	UPF_DROP_NESTED_GTP = 8,    /* GTP-U inside GTP-U */
	UPF_DROP_FIB_MISS = 9,      /* no route (unreachable, blackhole, prohibit) */
	UPF_DROP_FWD_DISABLED = 10, /* IP forwarding disabled on the ingress interface */
	UPF_DROP_TTL_EXPIRED = 11,  /* inner TTL / hop limit would reach 0 */
	UPF_DROP_NOT_IP = 12,       /* inner PDU is neither IPv4 nor IPv6 */
	UPF_DROP_NO_HEADROOM = 13,  /* bpf_xdp_adjust_head refused to grow the frame */
	UPF_DROP__MAX,
};

enum upf_cp_reason {
	UPF_CP_STACK = 0,           /* not user-plane traffic (ARP, our own addresses...): kernel stack, no event */
	UPF_CP_GTPU_SIGNALLING = 1, /* Echo, End Marker, Error Indication...: to the stack (agent's 2152 socket) */
	UPF_CP_OUTER_FRAGMENT = 2,  /* outer IP fragment: to the stack, which reassembles for the agent */
	UPF_CP_UNKNOWN_EXT = 3,     /* unknown comprehension-required extension header (TS 29.281 §5.2.1) */
	UPF_CP_TOO_BIG = 4,         /* exceeds the egress MTU after encapsulation: event, not forwarded */
	UPF_CP_NEIGH_MISS = 5,      /* next hop unresolved: plain IP to the stack, encapsulated: event */
	UPF_CP_BUFF = 6,            /* FAR BUFF: counted (storage comes with the AF_XDP path) */
	UPF_CP_NOTIFY = 7,          /* BUFF/NOCP notification event sent (at most once per interval) */
	UPF_CP_DUPL = 8,            /* FAR DUPL: copy sent as an event */
	UPF_CP_LINK_LOCAL = 9,      /* UE link-local source (Router/Neighbour Solicitation): event */
	UPF_CP_EVENT_LOST = 10,     /* ring buffer full: the event was not sent */
	UPF_CP_ERROR_INDICATION = 11, /* G-PDU for an unknown TEID reported (at most once per interval) so the agent
	                               * can send an Error Indication (TS 29.281 §7.3.1); the packet is dropped */
	UPF_CP__MAX,
};

static __always_inline void upf_count(void *map, __u32 idx, __u32 bytes)
{
	struct upf_counter *c = bpf_map_lookup_elem(map, &idx);

	if (c) {
		c->packets++;
		c->bytes += bytes;
	}
}

static __always_inline int upf_drop(struct xdp_md *ctx, enum upf_drop_reason reason)
{
	upf_count(&upf_drop_v1, reason, upf_frame_len(ctx));
	return XDP_DROP;
}

static __always_inline void upf_cp_count(struct xdp_md *ctx, enum upf_cp_reason reason)
{
	upf_count(&upf_cp_v1, reason, upf_frame_len(ctx));
}

/* What an event says besides the packet bytes. */
struct upf_event_ctx {
	__u32 ifindex;  /* read once at program entry: clang may otherwise keep a modified ctx pointer */
	__u32 session;
	__u32 teid;
	__u32 pdr;
};

/* Counts reason and sends the agent an event with the frame's first bytes. */
static __always_inline void upf_cp_event(struct xdp_md *ctx, enum upf_cp_reason reason,
					 const struct upf_event_ctx *ec)
{
	struct upf_event *e;
	__u32 len = upf_frame_len(ctx);
	__u64 cap = len & 0xffff; /* 64-bit: the helper's size register must be bounded as a whole */

	upf_cp_count(ctx, reason);
	e = bpf_ringbuf_reserve(&upf_events_v1, sizeof(*e), 0);
	if (!e) {
		upf_cp_count(ctx, UPF_CP_EVENT_LOST);
		return;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->reason = reason;
	e->ifindex = ec->ifindex;
	e->session = ec->session;
	e->teid = ec->teid;
	e->pdr = ec->pdr;
	e->pkt_len = len;
	if (cap > UPF_EVENT_SNAPLEN)
		cap = UPF_EVENT_SNAPLEN;
	barrier_var(cap); /* the verifier must see the clamped value reach the helper */
	if (cap < 1 || cap > UPF_EVENT_SNAPLEN || bpf_xdp_load_bytes(ctx, 0, e->data, cap))
		cap = 0;
	e->cap_len = cap;
	bpf_ringbuf_submit(e, 0);
}
