/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/* Bounds-checked parsing of Ethernet (with up to two VLAN tags), IPv4, IPv6 and the transport ports. */
#pragma once

#include "upf_common.h"

#define UPF_ETH_P_8021Q 0x8100
#define UPF_ETH_P_8021AD 0x88A8
#define UPF_IP6_MAX_EXT 4 /* IPv6 extension headers we walk before giving up */

enum upf_parse_rc {
	UPF_PARSE_OK = 0,
	UPF_PARSE_MALFORMED = -1,
	UPF_PARSE_NOT_IP = -2,
};

/* One parsed IP header, outer or inner. */
struct upf_l3 {
	__u32 src[4];    /* network order; IPv4 uses src[0] */
	__u32 dst[4];
	__u32 off;       /* IP header offset from the frame start */
	__u32 l4_off;    /* transport header offset (after IPv6 extension headers) */
	__u32 len;       /* total length the IP header states */
	__u16 sport;     /* host order; 0 when the packet carries no ports */
	__u16 dport;
	__u8 family;     /* 4 or 6 */
	__u8 proto;      /* transport protocol */
	__u8 tos;        /* ToS / Traffic Class octet */
	__u8 ttl;        /* TTL / hop limit */
	__u8 fragment;   /* any fragment (first or not) */
	__u8 later_fragment; /* non-first fragment: no transport header */
};

/* Skips Ethernet and VLAN tags; returns the EtherType of the L3 header at *off. */
static __always_inline __u16 upf_parse_eth(void *data, void *end, __u32 *off)
{
	struct ethhdr *eth = upf_ptr(data, end, 0, sizeof(*eth));
	__u16 proto;

	if (!eth)
		return 0;
	proto = bpf_ntohs(eth->h_proto);
	*off = sizeof(*eth);
#pragma unroll
	for (int i = 0; i < 2; i++) {
		__be16 *tag;

		if (proto != UPF_ETH_P_8021Q && proto != UPF_ETH_P_8021AD)
			break;
		tag = upf_ptr(data, end, *off, 4);
		if (!tag)
			return 0;
		proto = bpf_ntohs(tag[1]);
		*off += 4;
	}
	return proto;
}

static __always_inline void upf_parse_ports(void *data, void *end, struct upf_l3 *l3)
{
	__be16 *ports;

	l3->sport = 0;
	l3->dport = 0;
	if (l3->later_fragment)
		return;
	if (l3->proto != IPPROTO_UDP && l3->proto != IPPROTO_TCP && l3->proto != IPPROTO_SCTP)
		return;
	ports = upf_ptr(data, end, l3->l4_off, 4);
	if (!ports)
		return;
	l3->sport = bpf_ntohs(ports[0]);
	l3->dport = bpf_ntohs(ports[1]);
}

static __always_inline int upf_parse_ipv4(void *data, void *end, __u32 off, struct upf_l3 *l3)
{
	struct iphdr *iph = upf_ptr(data, end, off, sizeof(*iph));
	__u32 hlen;
	__u16 frag;

	if (!iph || iph->version != 4 || iph->ihl < 5)
		return UPF_PARSE_MALFORMED;
	hlen = iph->ihl * 4;
	l3->len = bpf_ntohs(iph->tot_len);
	if (l3->len < hlen || data + off + l3->len > end)
		return UPF_PARSE_MALFORMED;
	l3->family = 4;
	l3->off = off;
	l3->l4_off = off + hlen;
	l3->src[0] = iph->saddr;
	l3->dst[0] = iph->daddr;
	l3->proto = iph->protocol;
	l3->tos = iph->tos;
	l3->ttl = iph->ttl;
	frag = bpf_ntohs(iph->frag_off);
	l3->fragment = (frag & 0x3fff) != 0;        /* MF or an offset */
	l3->later_fragment = (frag & 0x1fff) != 0;
	upf_parse_ports(data, end, l3);
	return UPF_PARSE_OK;
}

static __always_inline int upf_parse_ipv6(void *data, void *end, __u32 off, struct upf_l3 *l3)
{
	struct ipv6hdr *ip6 = upf_ptr(data, end, off, sizeof(*ip6));
	__u32 l4;
	__u8 nh;

	if (!ip6 || ip6->version != 6)
		return UPF_PARSE_MALFORMED;
	l3->len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
	if (data + off + l3->len > end)
		return UPF_PARSE_MALFORMED;
	l3->family = 6;
	l3->off = off;
	__builtin_memcpy(l3->src, &ip6->saddr, 16);
	__builtin_memcpy(l3->dst, &ip6->daddr, 16);
	l3->tos = (ip6->priority << 4) | (ip6->flow_lbl[0] >> 4);
	l3->ttl = ip6->hop_limit;
	l3->fragment = 0;
	l3->later_fragment = 0;
	nh = ip6->nexthdr;
	l4 = off + sizeof(*ip6);
	/* RFC 8200 §4: walk the extension headers to the upper-layer header. */
#pragma unroll
	for (int i = 0; i < UPF_IP6_MAX_EXT; i++) {
		__u8 *ext;

		if (nh != IPPROTO_HOPOPTS && nh != IPPROTO_ROUTING && nh != IPPROTO_DSTOPTS &&
		    nh != IPPROTO_FRAGMENT && nh != IPPROTO_AH)
			break;
		ext = upf_ptr(data, end, l4, 8);
		if (!ext)
			return UPF_PARSE_MALFORMED;
		if (nh == IPPROTO_FRAGMENT) {
			__u16 frag = (ext[2] << 8) | ext[3];

			l3->fragment = 1;
			l3->later_fragment = (frag & 0xfff8) != 0;
			nh = ext[0];
			l4 += 8;
		} else if (nh == IPPROTO_AH) {
			nh = ext[0];
			l4 += (ext[1] + 2) * 4; /* RFC 4302 §2.2 */
		} else {
			nh = ext[0];
			l4 += (ext[1] + 1) * 8;
		}
	}
	l3->proto = nh;
	l3->l4_off = l4;
	upf_parse_ports(data, end, l3);
	return UPF_PARSE_OK;
}

/* Parses the IP header at off, choosing the family from the version nibble. */
static __always_inline int upf_parse_ip(void *data, void *end, __u32 off, struct upf_l3 *l3)
{
	__u8 *v = upf_ptr(data, end, off, 1);

	if (!v)
		return UPF_PARSE_MALFORMED;
	if ((*v >> 4) == 4)
		return upf_parse_ipv4(data, end, off, l3);
	if ((*v >> 4) == 6)
		return upf_parse_ipv6(data, end, off, l3);
	return UPF_PARSE_NOT_IP;
}
