/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/* Rule lookup: the PDR set by local TEID or UE address, then the first PDR (by precedence) whose PDI
 * matches (TS 29.244 §5.2.1), and the session's anti-spoofing check. */
#pragma once

#include "upf_maps.h"
#include "upf_parse.h"

static __always_inline struct upf_config *upf_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&upf_config_v3, &zero);
}

/* GTP-U ingress: the TEID's slot, valid only when it stores this exact TEID (the high bits are a
 * generation, so a stale TEID of a released slot misses). A slot that does not (closed: removed, or being rewritten by
 * a modification, which staged the new set first) leads to its staging entry, valid by the same test. TEID 0 is
 * never allocated (TS 29.281 §5.1). */
static __always_inline struct upf_pdr_set *upf_teid_rules(__u32 teid, __u32 slot_mask)
{
	__u32 slot = teid & slot_mask;
	struct upf_pdr_set *set;

	if (teid == 0)
		return NULL;
	set = bpf_map_lookup_elem(&upf_teid_v1, &slot);
	if (set && set->teid == teid)
		return set;
	set = bpf_map_lookup_elem(&upf_teidstg_v2, &slot);
	if (set && set->teid == teid)
		return set;
	return NULL;
}

/* GTP-U ingress: the TEID's uplink fast entry when it is switched on and stores this exact TEID, else NULL (the
 * rule walk decides). */
static __always_inline struct upf_fast_ul *upf_teid_fast(__u32 teid, __u32 slot_mask)
{
	__u32 slot = teid & slot_mask;
	struct upf_fast_ul *fast = bpf_map_lookup_elem(&upf_ulfast_v1, &slot);

	if (!fast || !(fast->flags & UPF_FAST_ON) || fast->teid != teid)
		return NULL;
	return fast;
}

/* The slot of key in the first of the n ranges r that holds it; 0 when none does (slot 0 is never a range's). */
static __always_inline __u32 upf_dense_slot(const struct upf_dense_range *r, __u32 n, __u64 key)
{
#pragma unroll
	for (int i = 0; i < UPF_DENSE_RANGES; i++) {
		if (i >= n)
			break;
		if ((key & r[i].mask) == r[i].prefix)
			return r[i].base + (__u32)(key & ~r[i].mask);
	}
	return 0;
}

/* N6 ingress, the UE value in its slot of upf_dldense_v1 (a dense range's, or the one a hash or the trie names): the
 * slot's value if the slot is live, else the value a modification staged for the slot while it rewrites it, if that
 * staging entry is live, else NULL (no UE here: removed, or not yet opened). */
static __always_inline struct upf_ue_set *upf_ue_slot(__u32 slot)
{
	struct upf_ue_set *set = bpf_map_lookup_elem(&upf_dldense_v1, &slot);

	if (set && (set->fast.flags & UPF_UE_LIVE))
		return set;
	set = bpf_map_lookup_elem(&upf_dlstg_v2, &slot);
	if (set && (set->fast.flags & UPF_UE_LIVE))
		return set;
	return NULL;
}

/* N6 ingress, dense index: the slot of a UE address inside a dense range, 0 if it is in none. */
static __always_inline __u32 upf_ue_dense(const struct upf_l3 *l3)
{
	__u32 zero = 0;
	struct upf_dense_ranges *d = bpf_map_lookup_elem(&upf_dlrange_v1, &zero);

	if (!d)
		return 0;
	if (l3->family == 4)
		return upf_dense_slot(d->v4, d->ipv4, bpf_ntohl(l3->dst[0]));
	return upf_dense_slot(d->v6, d->ipv6, (__u64)bpf_ntohl(l3->dst[0]) << 32 | bpf_ntohl(l3->dst[1]));
}

/* N6 ingress, outside the dense ranges: the slot exact UE IPv4, exact UE IPv6, else the longest UE IPv6 prefix
 * names, NULL if none does; *tag is the key's tag, which the slot's value carries in set.teid (0 there: not checked):
 * the IPv4 address, the exact IPv6 address's four words XORed, a prefix's first two words XORed (the agent tags
 * prefixes of /64 and longer only; UeSlots.tag mirrors this). A key whose element was reused for another key, or a
 * slot number read before the slot was freed and handed out again, then meets a value of another tag: no UE
 * (docs/dataplane.md, "The window that remains"). */
static __always_inline __u32 *upf_ue_hashed(const struct upf_l3 *l3, __u32 *tag)
{
	struct upf_lpm6_key key = { .prefixlen = 128 };
	__u32 *slot;

	if (l3->family == 4) {
		*tag = l3->dst[0];
		return bpf_map_lookup_elem(&upf_dl4_v4, &l3->dst[0]);
	}
	*tag = l3->dst[0] ^ l3->dst[1];
	slot = bpf_map_lookup_elem(&upf_dl6_v4, l3->dst);
	if (slot) {
		*tag ^= l3->dst[2] ^ l3->dst[3];
		return slot;
	}
	__builtin_memcpy(key.addr, l3->dst, sizeof(key.addr));
	return bpf_map_lookup_elem(&upf_dl6p_v4, &key);
}

/*
 * N6 ingress: the UE's slot by the dense index, else by exact UE IPv4, exact UE IPv6, then the longest UE IPv6 prefix;
 * then its value by the slot's gate (upf_ue_slot, the same code for both). A slot that is not live ends as a hash miss
 * does: an IPv4 address in a range is never in upf_dl4_v4 (the agent puts every one in its range's slot), so it ends at
 * once; an IPv6 address in an empty /64 slot may still have an exact key, a longer prefix or a shorter one
 * (docs/dataplane.md, "Placement"). A hash or trie key whose slot is not live (being installed or removed), or holds
 * a value of another key's tag, ends there, without the trie (docs/dataplane.md, "Maps").
 */
static __always_inline struct upf_ue_set *upf_ue_rules(struct upf_l3 *l3)
{
	__u32 slot = upf_ue_dense(l3);
	struct upf_ue_set *set;
	__u32 *hashed, tag;

	if (slot) {
		set = upf_ue_slot(slot);
		if (set || l3->family == 4)
			return set;
	}
	hashed = upf_ue_hashed(l3, &tag);
	if (!hashed)
		return NULL;
	set = upf_ue_slot(*hashed);
	if (set && set->set.teid && set->set.teid != tag)
		return NULL;
	return set;
}

/* SDF filter match (TS 29.244 §8.2.5) on the UE side / remote side of the packet. */
static __always_inline int upf_sdf_match(const struct upf_sdf *f, const struct upf_l3 *l3, __u8 dir)
{
	const __u32 *remote = dir == UPF_UL ? l3->dst : l3->src;
	__u16 ue_port = dir == UPF_UL ? l3->sport : l3->dport;
	__u16 remote_port = dir == UPF_UL ? l3->dport : l3->sport;
	const __u32 *addr = (const __u32 *)f->remote_addr;
	const __u32 *mask = (const __u32 *)f->remote_mask;

	if (f->proto && f->proto != l3->proto)
		return 0;
	if ((l3->tos & f->tos_mask) != f->tos)
		return 0;
	if (ue_port < f->ue_port_lo || ue_port > f->ue_port_hi)
		return 0;
	if (remote_port < f->remote_port_lo || remote_port > f->remote_port_hi)
		return 0;
	if (!f->family)
		return 1;
	if (f->family != l3->family)
		return 0;
	/* IPv4 filters have zero mask words 1..3, so the unused words of an IPv4 packet never matter. */
	return (remote[0] & mask[0]) == addr[0] && (remote[1] & mask[1]) == addr[1] &&
	       (remote[2] & mask[2]) == addr[2] && (remote[3] & mask[3]) == addr[3];
}

/* The first installed PDR of the set whose QFI and SDF filter match; 0 when none does. */
static __always_inline __u32 upf_select_pdr(const struct upf_pdr_set *set, const struct upf_l3 *l3,
					    int has_qfi, __u8 qfi, struct upf_pdr **out)
{
	for (int i = 0; i < UPF_SET_PDRS; i++) {
		__u32 id = set->pdr[i];
		struct upf_pdr *pdr;

		if (!id)
			break;
		pdr = bpf_map_lookup_elem(&upf_pdr_v1, &id);
		if (!pdr || !pdr->far)
			continue;
		if ((pdr->flags & UPF_PDR_QFI) && (!has_qfi || pdr->qfi != qfi))
			continue;
		if ((pdr->flags & UPF_PDR_SDF) && !upf_sdf_match(&pdr->sdf, l3, pdr->direction))
			continue;
		*out = pdr;
		return id;
	}
	return 0;
}

/* fe80::/10 (RFC 4291 §2.5.6): a UE's Router / Neighbour Solicitations, which the control path answers. */
static __always_inline int upf_link_local(const struct upf_l3 *l3)
{
	return l3->family == 6 && (bpf_ntohl(l3->src[0]) & 0xffc00000) == 0xfe800000;
}

/* Anti-spoofing: the uplink source belongs to the session, its IPv4 address (0 = none) or the first plen bits of
 * its IPv6 prefix (plen 0 = none) given as words 32-bit words. */
static __always_inline int upf_src_in(const struct upf_l3 *l3, __be32 ipv4, const __u32 *prefix, int plen,
				      const int words)
{
	if (l3->family == 4)
		return ipv4 && l3->src[0] == ipv4;
	if (!plen)
		return 0;
#pragma unroll
	for (int i = 0; i < words; i++) {
		int bits = plen - 32 * i;
		__u32 m;

		if (bits <= 0)
			break;
		m = bits >= 32 ? 0xffffffff : bpf_htonl(~0u << (32 - bits));
		if ((l3->src[i] ^ prefix[i]) & m)
			return 0;
	}
	return 1;
}

/* Anti-spoofing of the rule walk: the session's addresses. */
static __always_inline int upf_ue_owns(const struct upf_session *s, const struct upf_l3 *l3)
{
	return upf_src_in(l3, s->ue_ipv4, (const __u32 *)s->ue_ipv6, s->ue_ipv6_plen, 4);
}

/* Anti-spoofing of an uplink fast entry, whose prefix is at most 64 bits long (a longer plen counts as 64, as the word
 * loop of upf_src_in with two words does): the first 64 bits of the source and the prefix compared as one number,
 * shifted right by what the prefix leaves out, instead of a mask built per 32-bit word. */
static __always_inline int upf_fast_owns(const struct upf_fast_ul *fe, const struct upf_l3 *l3)
{
	const __u32 *prefix = (const __u32 *)fe->ue_ipv6;
	__u32 plen = fe->ue_ipv6_plen;
	__u64 diff;

	if (l3->family == 4)
		return fe->ue_ipv4 && l3->src[0] == fe->ue_ipv4;
	if (!plen)
		return 0;
	if (plen > 64)
		plen = 64;
	diff = (__u64)bpf_ntohl(l3->src[0] ^ prefix[0]) << 32 | bpf_ntohl(l3->src[1] ^ prefix[1]);
	return (diff >> (64 - plen)) == 0;
}
