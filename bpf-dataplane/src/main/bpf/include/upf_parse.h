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
	/* 8-aligned, so that an IPv6 address is copied in as two 64-bit words (upf_l3_ipv6); BPF stack stores must be
	 * aligned to their size. */
	__u32 src[4] __attribute__((aligned(8))); /* network order; IPv4 uses src[0] */
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

/* The EtherType of the Ethernet header at eth, for one 16-bit load or store: struct ethhdr is packed, so clang
 * reads and writes its h_proto octet by octet. */
static __always_inline __be16 *upf_eth_type(struct ethhdr *eth)
{
	return (__be16 *)((__u8 *)eth + 2 * ETH_ALEN);
}

/* Skips Ethernet and VLAN tags; returns the EtherType of the L3 header at *off. */
static __always_inline __u16 upf_parse_eth(void *data, void *end, __u32 *off)
{
	struct ethhdr *eth = upf_ptr(data, end, 0, sizeof(*eth));
	__u16 proto;

	if (!eth)
		return 0;
	proto = bpf_ntohs(*upf_eth_type(eth));
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

/* Whether the transport header of l3 starts with ports: not in a later fragment, and only for UDP, TCP, SCTP. */
static __always_inline int upf_has_ports(const struct upf_l3 *l3)
{
	return !l3->later_fragment &&
	       (l3->proto == IPPROTO_UDP || l3->proto == IPPROTO_TCP || l3->proto == IPPROTO_SCTP);
}

/* The ports from the 4 octets at ports, 0 without (NULL). */
static __always_inline void upf_set_ports(struct upf_l3 *l3, const __be16 *ports)
{
	l3->sport = ports ? bpf_ntohs(ports[0]) : 0;
	l3->dport = ports ? bpf_ntohs(ports[1]) : 0;
}

static __always_inline void upf_parse_ports(void *data, void *end, struct upf_l3 *l3)
{
	upf_set_ports(l3, upf_has_ports(l3) ? upf_ptr(data, end, l3->l4_off, 4) : NULL);
}

/* Everything of l3 but len and the ports from the IPv4 header at off, hlen octets long, all in the packet. */
static __always_inline void upf_l3_ipv4(const struct iphdr *iph, __u32 off, __u32 hlen, struct upf_l3 *l3)
{
	__u16 frag = bpf_ntohs(iph->frag_off);

	l3->family = 4;
	l3->off = off;
	l3->l4_off = off + hlen;
	l3->src[0] = iph->saddr;
	l3->dst[0] = iph->daddr;
	l3->proto = iph->protocol;
	l3->tos = iph->tos;
	l3->ttl = iph->ttl;
	l3->fragment = (frag & 0x3fff) != 0;        /* MF or an offset */
	l3->later_fragment = (frag & 0x1fff) != 0;
}

static __always_inline int upf_parse_ipv4(void *data, void *end, __u32 off, struct upf_l3 *l3)
{
	struct iphdr *iph = upf_ptr(data, end, off, sizeof(*iph));
	__u32 hlen;

	if (!iph || iph->version != 4 || iph->ihl < 5)
		return UPF_PARSE_MALFORMED;
	hlen = iph->ihl * 4;
	l3->len = bpf_ntohs(iph->tot_len);
	if (l3->len < hlen || data + off + l3->len > end)
		return UPF_PARSE_MALFORMED;
	upf_l3_ipv4(iph, off, hlen, l3);
	upf_parse_ports(data, end, l3);
	return UPF_PARSE_OK;
}

/* RFC 8200 §4: the IPv6 extension headers walked to the upper-layer header (those that may come before it). */
static __always_inline int upf_ip6_ext(__u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS || nh == IPPROTO_FRAGMENT ||
	       nh == IPPROTO_AH;
}

/* Everything of l3 but len, proto, l4_off and the ports from the IPv6 header at off, all in the packet. */
static __always_inline void upf_l3_ipv6(const struct ipv6hdr *ip6, __u32 off, struct upf_l3 *l3)
{
	/* 64-bit loads from the packet (XDP packet access need not be aligned where this runs): two loads and two stores
	 * per address, where the octet-aligned memcpy took 32-bit loads shifted and or-ed into 64-bit stores. */
	const __u64 *saddr = (const __u64 *)&ip6->saddr, *daddr = (const __u64 *)&ip6->daddr;
	__u64 *src = (__u64 *)l3->src, *dst = (__u64 *)l3->dst;

	l3->family = 6;
	l3->off = off;
	src[0] = saddr[0];
	src[1] = saddr[1];
	dst[0] = daddr[0];
	dst[1] = daddr[1];
	l3->tos = (ip6->priority << 4) | (ip6->flow_lbl[0] >> 4);
	l3->ttl = ip6->hop_limit;
	l3->fragment = 0;
	l3->later_fragment = 0;
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
	upf_l3_ipv6(ip6, off, l3);
	nh = ip6->nexthdr;
	l4 = off + sizeof(*ip6);
#pragma unroll
	for (int i = 0; i < UPF_IP6_MAX_EXT; i++) {
		__u8 *ext;

		if (!upf_ip6_ext(nh))
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

/* Transport ports read after the usual IP header: the one bounds check covers them. */
#define UPF_USUAL_L4 4

/*
 * The usual IP header at the constant offset off, read with one bounds check (two for IPv6) instead of
 * upf_parse_ip's chain: IPv4 without options or IPv6 whose next header is no extension header, with the 4 octets
 * of a transport header in the frame. Fills l3 exactly as upf_parse_ip would and returns 1; 0 for anything else,
 * with l3 partly written: upf_parse_ip decides then.
 */
static __always_inline int upf_usual_ip(void *data, void *end, const __u32 off, struct upf_l3 *l3)
{
	struct iphdr *iph = data + off;
	struct ipv6hdr *ip6 = data + off;
	__u32 len;

	if ((void *)(iph + 1) + UPF_USUAL_L4 > end)
		return 0;
	if (*(__u8 *)iph == 0x45) { /* version 4, IHL 5 */
		len = bpf_ntohs(iph->tot_len);
		if (len < sizeof(*iph) || (void *)iph + len > end)
			return 0;
		l3->len = len;
		upf_l3_ipv4(iph, off, sizeof(*iph), l3);
		upf_set_ports(l3, upf_has_ports(l3) ? (__be16 *)(iph + 1) : NULL);
		return 1;
	}
	if (ip6->version != 6 || (void *)(ip6 + 1) + UPF_USUAL_L4 > end || upf_ip6_ext(ip6->nexthdr))
		return 0;
	len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
	if ((void *)ip6 + len > end)
		return 0;
	l3->len = len;
	upf_l3_ipv6(ip6, off, l3);
	l3->proto = ip6->nexthdr;
	l3->l4_off = off + sizeof(*ip6);
	upf_set_ports(l3, upf_has_ports(l3) ? (__be16 *)(ip6 + 1) : NULL);
	return 1;
}

/* Ethernet without VLAN tags and the usual IP header (upf_usual_ip) into l3; 0 for anything else (upf_parse_eth
 * and upf_parse_ip decide). */
static __always_inline int upf_usual_frame(void *data, void *end, struct upf_l3 *l3)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return 0;
	if (*upf_eth_type(eth) != bpf_htons(ETH_P_IP) && *upf_eth_type(eth) != bpf_htons(ETH_P_IPV6))
		return 0;
	return upf_usual_ip(data, end, sizeof(*eth), l3);
}
