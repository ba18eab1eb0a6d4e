/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/* GTP-U v1 header and extension-header chain, TS 29.281 §5; PDU Session Container, TS 38.415 §5.5.2. */
#pragma once

#include "upf_common.h"
#include "upf_parse.h"

#define UPF_GTPU_PORT 2152          /* TS 29.281 §4.4.2.0 */
#define UPF_GTPU_MAX_EXT 4          /* extension headers walked before handing to the control path */

/* TS 29.281 §5.1: version 1, PT = 1 (GTP), E / S / PN flags. */
#define UPF_GTPU_FLAGS_V1_GTP 0x30
#define UPF_GTPU_VERSION_PT_MASK 0xf0
#define UPF_GTPU_E 0x04
#define UPF_GTPU_S 0x02
#define UPF_GTPU_PN 0x01
#define UPF_GTPU_G_PDU 255          /* TS 29.281 §6.1 message types */

/* TS 29.281 §5.2.1 Figure 5.2.1-3: extension header types. */
#define UPF_EXT_NONE 0x00
#define UPF_EXT_RAN_CONTAINER 0x81
#define UPF_EXT_LONG_PDCP_PDU 0x82
#define UPF_EXT_XW_RAN_CONTAINER 0x83
#define UPF_EXT_NR_RAN_CONTAINER 0x84
#define UPF_EXT_PDU_SESSION 0x85
#define UPF_EXT_PDCP_PDU 0xc0
/* TS 29.281 §5.2.1: bit 8 of the type set = comprehension required by the receiving endpoint. */
#define UPF_EXT_COMPREHENSION_REQUIRED 0x80

/* TS 38.415 §5.5.2: PDU Type of the PDU Session Container. */
#define UPF_PSC_DL 0
#define UPF_PSC_UL 1
#define UPF_PSC_RQI 0x40            /* DL PDU SESSION INFORMATION octet 2 */
#define UPF_PSC_QFI_MASK 0x3f

struct upf_gtpu_hdr {
	__u8 flags;
	__u8 type;
	__be16 length;   /* octets after the mandatory 8 */
	__be32 teid;
};

/* Present when any of E, S, PN is set (TS 29.281 §5.1 NOTE). */
struct upf_gtpu_opt {
	__be16 seq;
	__u8 npdu;
	__u8 next_ext;
};

/* Outgoing PDU Session Container: one 4-octet extension header. */
struct upf_gtpu_psc {
	__u8 len;        /* in 4-octet units: 1 */
	__u8 pdu_type;   /* PDU Type in the high nibble */
	__u8 qfi;        /* QFI, plus RQI (DL) in bit 7 */
	__u8 next_ext;
};

enum upf_gtpu_rc {
	UPF_GTPU_OK = 0,
	UPF_GTPU_MALFORMED = -1,
	UPF_GTPU_SIGNALLING = -2,  /* not a G-PDU */
	UPF_GTPU_UNKNOWN_EXT = -3, /* comprehension required and not understood, or chain too long */
};

struct upf_gtpu {
	__u32 teid;        /* host order */
	__u32 inner_off;   /* first octet of the T-PDU */
	__u32 inner_len;   /* T-PDU length from the GTP-U length field */
	__u8 qfi;
	__u8 has_psc;
};

/* Types whose comprehension-required bit is set but which we can skip by length: they carry RAN-side
 * information (PDCP numbers, RAN containers) that the UPF does not act on. */
static __always_inline int upf_ext_known(__u8 type)
{
	return type == UPF_EXT_PDU_SESSION || type == UPF_EXT_RAN_CONTAINER ||
	       type == UPF_EXT_LONG_PDCP_PDU || type == UPF_EXT_XW_RAN_CONTAINER ||
	       type == UPF_EXT_NR_RAN_CONTAINER || type == UPF_EXT_PDCP_PDU;
}

/* The GTP-U header with the optional field and one PDU Session Container of one unit: what a gNB sends. */
#define UPF_GTPU_USUAL_LEN (sizeof(struct upf_gtpu_hdr) + sizeof(struct upf_gtpu_opt) + 4)

/* The usual G-PDU of a gNB: E alone (no S, no PN) and one PDU Session Container of one 4-octet unit that ends the
 * chain (TS 38.415 §5.5.2), at p (off in the frame) with UPF_GTPU_USUAL_LEN octets in the packet. Read without the
 * extension-header walk, with the walk's result; 0 when the header is anything else (the walk decides). len: the
 * GTP-U length field. */
static __always_inline int upf_gtpu_usual_at(const __u8 *p, __u32 off, __u32 len, struct upf_gtpu *g)
{
	const __u32 hdr = sizeof(struct upf_gtpu_hdr), opt = sizeof(struct upf_gtpu_opt), psc = 4;

	if ((p[0] & (UPF_GTPU_E | UPF_GTPU_S | UPF_GTPU_PN)) != UPF_GTPU_E || len < opt + psc)
		return 0;
	if (p[hdr + 3] != UPF_EXT_PDU_SESSION || p[hdr + opt] != 1 || p[hdr + opt + 3] != UPF_EXT_NONE)
		return 0;
	g->has_psc = 1;
	g->qfi = p[hdr + opt + 2] & UPF_PSC_QFI_MASK;
	g->inner_off = off + hdr + opt + psc;
	g->inner_len = len - (opt + psc);
	return 1;
}

/* Parses the GTP-U header at off; udp_payload is the UDP length minus its header. */
static __always_inline int upf_parse_gtpu(void *data, void *end, __u32 off, __u32 udp_payload,
					  struct upf_gtpu *g)
{
	struct upf_gtpu_hdr *h = upf_ptr(data, end, off, sizeof(*h));
	struct upf_gtpu_opt *opt;
	__u8 *usual;
	__u32 len, ext_off;
	__u8 next;

	if (!h || (h->flags & UPF_GTPU_VERSION_PT_MASK) != UPF_GTPU_FLAGS_V1_GTP)
		return UPF_GTPU_MALFORMED;
	len = bpf_ntohs(h->length);
	if (len + sizeof(*h) > udp_payload)
		return UPF_GTPU_MALFORMED;
	if (h->type != UPF_GTPU_G_PDU)
		return UPF_GTPU_SIGNALLING;
	g->teid = bpf_ntohl(h->teid);
	usual = upf_ptr(data, end, off, UPF_GTPU_USUAL_LEN);
	if (usual && upf_gtpu_usual_at(usual, off, len, g))
		return UPF_GTPU_OK;
	g->has_psc = 0;
	g->qfi = 0;
	ext_off = off + sizeof(*h);
	if (!(h->flags & (UPF_GTPU_E | UPF_GTPU_S | UPF_GTPU_PN))) {
		g->inner_off = ext_off;
		g->inner_len = len;
		return UPF_GTPU_OK;
	}
	opt = upf_ptr(data, end, ext_off, sizeof(*opt));
	if (!opt || len < sizeof(*opt))
		return UPF_GTPU_MALFORMED;
	ext_off += sizeof(*opt);
	/* The Next Extension Header Type is only meaningful when E is set (TS 29.281 §5.1). */
	next = (h->flags & UPF_GTPU_E) ? opt->next_ext : UPF_EXT_NONE;
#pragma unroll
	for (int i = 0; i < UPF_GTPU_MAX_EXT; i++) {
		__u8 *ext;
		__u32 ext_len;

		if (next == UPF_EXT_NONE)
			break;
		if ((next & UPF_EXT_COMPREHENSION_REQUIRED) && !upf_ext_known(next))
			return UPF_GTPU_UNKNOWN_EXT;
		ext = upf_ptr(data, end, ext_off, 4);
		if (!ext || ext[0] == 0)
			return UPF_GTPU_MALFORMED;
		ext_len = ext[0] * 4;  /* TS 29.281 §5.2.1: length in 4-octet units */
		if (next == UPF_EXT_PDU_SESSION) {
			g->has_psc = 1;
			g->qfi = ext[2] & UPF_PSC_QFI_MASK;  /* same octet in the UL and DL formats */
		}
		ext_off += ext_len;
		ext = upf_ptr(data, end, ext_off - 1, 1);
		if (!ext)
			return UPF_GTPU_MALFORMED;
		next = *ext;
	}
	if (next != UPF_EXT_NONE)
		return UPF_GTPU_UNKNOWN_EXT;
	if (ext_off - off - sizeof(*h) > len)
		return UPF_GTPU_MALFORMED;
	g->inner_off = ext_off;
	g->inner_len = len - (ext_off - off - sizeof(*h));
	return UPF_GTPU_OK;
}

/* Where the usual G-PDU's headers start: Ethernet without VLAN tags, IPv4 without options (IHL 5). */
#define UPF_USUAL_IP4 ETH_HLEN
#define UPF_USUAL_UDP (UPF_USUAL_IP4 + sizeof(struct iphdr))
#define UPF_USUAL_GTPU (UPF_USUAL_UDP + sizeof(struct udphdr))
#define UPF_USUAL_TPDU (UPF_USUAL_GTPU + UPF_GTPU_USUAL_LEN)

/*
 * The usual frame from a gNB, read with one bounds check for its outer headers instead of the chain of upf_parse_eth,
 * upf_parse_ip, the UDP header and upf_parse_gtpu: Ethernet, IPv4 without options and not fragmented, UDP to port
 * 2152 (TS 29.281 §4.4.2.0) inside the IPv4 packet, a G-PDU with the usual PDU Session Container
 * (upf_gtpu_usual_at), and the usual inner IP header (upf_usual_ip) that fits the T-PDU. Returns 1 with g and inner (the T-PDU) as the generic path would
 * leave them; 0 for anything else, including every frame the generic path drops or hands to the stack, which then
 * parses from scratch.
 */
static __always_inline int upf_usual_gpdu(void *data, void *end, struct upf_gtpu *g, struct upf_l3 *inner)
{
	struct ethhdr *eth = data;
	struct iphdr *iph = data + UPF_USUAL_IP4;
	struct udphdr *udp = data + UPF_USUAL_UDP;
	struct upf_gtpu_hdr *h = data + UPF_USUAL_GTPU;
	__u32 udp_len, len;

	if (data + UPF_USUAL_TPDU > end)
		return 0;
	if (*upf_eth_type(eth) != bpf_htons(ETH_P_IP) || *(__u8 *)iph != 0x45 || iph->protocol != IPPROTO_UDP ||
	    (iph->frag_off & bpf_htons(0x3fff)) || bpf_ntohs(iph->tot_len) < sizeof(*iph) ||
	    (void *)iph + bpf_ntohs(iph->tot_len) > end)
		return 0;
	udp_len = bpf_ntohs(udp->len);
	len = bpf_ntohs(h->length);
	if (udp->dest != bpf_htons(UPF_GTPU_PORT) || udp_len < sizeof(*udp) ||
	    udp_len > bpf_ntohs(iph->tot_len) - sizeof(*iph) ||
	    (h->flags & UPF_GTPU_VERSION_PT_MASK) != UPF_GTPU_FLAGS_V1_GTP || h->type != UPF_GTPU_G_PDU ||
	    len + sizeof(*h) > udp_len - sizeof(*udp) || !upf_gtpu_usual_at((__u8 *)h, UPF_USUAL_GTPU, len, g))
		return 0;
	g->teid = bpf_ntohl(h->teid);
	return upf_usual_ip(data, end, UPF_USUAL_TPDU, inner) && inner->len <= g->inner_len;
}
