/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * Every map of the UPF data path and every struct stored in one, declared once.
 *
 * Each struct is mirrored by one Java class in org.upf.bpf.dataplane (checked against this object's BTF by
 * MapLayoutTest). Byte order: scalar numbers (TEIDs, ports, rates, counters) are host order; addresses are
 * network order, as they sit in the packet. Slot 0 of every ARRAY map means "none", so a zeroed entry is
 * never a valid rule and index 0 can stand for "no QER/URR".
 *
 * Every map is pinned by name (under the pin root the loader chooses) so a program upgrade keeps rules and
 * counters. Map names end in _v<N>, the layout version: a layout change bumps N so an upgrade can migrate pinned
 * contents. max_entries here are small defaults for standalone loading; the Java side (DataplaneConfig)
 * sets the real sizes before load.
 */
#pragma once

#include "upf_common.h"

#define UPF_SET_PDRS 8          /* PDRs per TEID or UE address, in precedence order */
#define UPF_EVENT_SNAPLEN 128   /* packet bytes copied into a control-path event */

enum upf_direction {
	UPF_UL = 0,
	UPF_DL = 1,
};

/* upf_config_v3[0]: set by the agent at start-up and when it attaches N9. (v1 had padding where nexthop_ttl_ms is;
 * v2 ended there.) */
struct upf_config {
	__u64 notify_interval_ns; /* BUFF/NOCP: at most one event per session per interval */
	__u32 teid_slot_mask;     /* local TEID & mask = slot in upf_teid_v1 (size = mask + 1) */
	__u32 nexthop_ttl_ms;     /* lifetime of an upf_nexthop_v2 entry; 0 = every packet asks the FIB */
	__u32 n9_ifindex;         /* the interface carrying N9, 0 = none: its G-PDUs count as N9 (upf_if_stats.h) */
	__u32 _pad;
};

/* The PDRs that can match one local TEID (uplink) or one UE address (downlink). */
struct upf_pdr_set {
	__u32 pdr[UPF_SET_PDRS]; /* PDR slots, lowest precedence value first; 0 ends the list */
	__u32 session;           /* slot in upf_sess_v1 */
	__u32 teid;              /* uplink: the full local TEID; the high bits above the slot mask act as a
	                          * generation. Also the slot's gate: an ARRAY value is copied over in place in no
	                          * defined order, so the agent stores teid ^ slot mask ("closed": no packet's TEID
	                          * matches, whichever of its octets a reader sees) while it rewrites the rest, and
	                          * opens or closes a slot by that word alone (docs/dataplane.md, "Writing rules
	                          * without half-rules"). Downlink sets: 0 in a dense range's slot; in a slot a hash
	                          * or trie key names, that key's tag (upf_ue_hashed), checked after the lookup. */
};

/* The UE addresses of one PDU session: the anti-spoofing reference and the notify key. */
struct upf_session {
	__be32 ue_ipv4;     /* network order, 0 = no IPv4 address */
	__u8 ue_ipv6[16];   /* network order, the UE's prefix (TS 23.501 §5.8.2.2.2: /64 per session) */
	__u8 ue_ipv6_plen;  /* prefix length, 0 = no IPv6 */
	__u8 _pad[3];
};

/* One SDF filter (TS 29.244 §8.2.5), normalised by the agent to UE side / remote side so the same
 * filter serves both directions. */
struct upf_sdf {
	__u8 remote_addr[16];   /* network order, IPv4 in the first 4 bytes, already masked */
	__u8 remote_mask[16];   /* network order */
	__u16 ue_port_lo;       /* host order, inclusive range; 0..65535 matches every port */
	__u16 ue_port_hi;
	__u16 remote_port_lo;
	__u16 remote_port_hi;
	__u8 proto;             /* IP protocol, 0 = any */
	__u8 family;            /* 4 or 6; 0 = either (remote address ignored) */
	__u8 tos;               /* ToS / Traffic Class after tos_mask */
	__u8 tos_mask;
};

enum upf_pdr_flags {
	UPF_PDR_QFI = 1 << 0,  /* PDI carries a QFI: the uplink PDU Session Container must match */
	UPF_PDR_SDF = 1 << 1,  /* PDI carries an SDF filter */
};

/* A PDR (TS 29.244 §5.2.1) with its PDI match and the rules it applies. */
struct upf_pdr {
	__u32 far;         /* slot in upf_far_v1, never 0 for an installed PDR */
	__u32 qer;         /* flow QER slot, 0 = none */
	__u32 ambr_qer;    /* session-AMBR QER slot shared by the session's non-GBR PDRs, 0 = none */
	__u32 urr[2];      /* URR slots, 0 = none */
	__u8 direction;    /* enum upf_direction of the traffic this PDR matches */
	__u8 flags;        /* enum upf_pdr_flags */
	__u8 qfi;
	__u8 _pad;
	struct upf_sdf sdf;
};

/* Apply Action bits, TS 29.244 §8.2.26 octet 5. */
enum upf_apply_action {
	UPF_ACT_DROP = 1 << 0,
	UPF_ACT_FORW = 1 << 1,
	UPF_ACT_BUFF = 1 << 2,
	UPF_ACT_NOCP = 1 << 3,
	UPF_ACT_DUPL = 1 << 4,
};

/* Outer Header Creation kinds we build (TS 29.244 §8.2.56). */
enum upf_ohc {
	UPF_OHC_NONE = 0,
	UPF_OHC_GTPU_IPV4 = 1,
	UPF_OHC_GTPU_IPV6 = 2,
};

enum upf_far_flags {
	UPF_FAR_TOS = 1 << 0,  /* Transport Level Marking present (TS 29.244 §8.2.12) */
	UPF_FAR_N9 = 1 << 1,   /* the outer header leads to another UPF over N9 (Destination Interface Core,
	                        * §8.2.24), not to the (R)AN over N3: only the interface counters read it */
};

/* A FAR (TS 29.244 §5.2.3) with its forwarding parameters. */
struct upf_far {
	__u8 peer_addr[16];   /* outer destination, network order, IPv4 in the first 4 bytes */
	__u8 local_addr[16];  /* outer source (our N3/N9 address), same encoding */
	__u32 teid;           /* peer TEID, host order */
	__u16 action;         /* enum upf_apply_action */
	__u8 ohc;             /* enum upf_ohc */
	__u8 tos;             /* outer ToS / Traffic Class octet when flags & UPF_FAR_TOS */
	__u8 flags;           /* enum upf_far_flags */
	__u8 _pad[3];
};

enum upf_fast_flags {
	UPF_FAST_ON = 1 << 0,      /* the entry holds the whole rule: take the fast path */
	UPF_FAST_PDI_QFI = 1 << 1, /* uplink: the PDI carries a QFI, the PDU Session Container must carry qfi */
	UPF_FAST_MARK = 1 << 2,    /* downlink: the QER marks mark_qfi in the PDU Session Container we emit */
	UPF_FAST_RQI = 1 << 3,     /* downlink: ... with RQI (reflective QoS) */
	UPF_UE_LIVE = 1 << 4,      /* upf_dldense_v1 / upf_dlstg_v2 only: the slot holds a UE's value. An ARRAY value
	                            * is copied over in place in no defined order, so the agent sets and clears this flag in writes that
	                            * change no other octet, and rewrites the rest only while it is clear (a modification
	                            * stages the new value in upf_dlstg_v2 meanwhile); removal clears it and leaves the
	                            * value (docs/dataplane.md, "Dense downlink index") */
};

/*
 * The fast entries: what forwarding a packet of a simple session needs, copied by the agent from its one PDR, its
 * FAR, its open unmetered QERs, its URR and its session, so that such a packet reads one small entry and its
 * counters instead of walking PDR -> session -> FAR -> QER. Written only for sessions they express exactly
 * (docs/dataplane.md, "Fast entries"); every other entry point has none (flags 0) and takes the rule walk.
 */

/* Uplink, upf_ulfast_v1[TEID slot]: 32 octets, so the array stays denser than upf_teid_v1 (the cost of a random
 * slot at 1M sessions is mostly its TLB miss). Forwarding is to N6 without Outer Header Creation. */
struct upf_fast_ul {
	__u8 flags;         /* enum upf_fast_flags; first octet: see teid */
	__u8 qfi;           /* PDI QFI when flags & UPF_FAST_PDI_QFI */
	__u8 ue_ipv6_plen;  /* the session's IPv6 prefix length, 0 = none, at most 64 */
	__u8 _pad;
	__u32 pdr;          /* PDR slot, for events */
	__u32 session;      /* session slot, for events */
	__u32 urr;          /* URR slot, 0 = none */
	__be32 ue_ipv4;     /* anti-spoofing: the session's UE IPv4 address, 0 = none */
	__u8 ue_ipv6[8];    /* ... and the first 64 bits of its IPv6 prefix */
	__u32 teid;         /* the full local TEID. An ARRAY value is copied over in place in no defined order
	                     * (memcpy), so the agent never changes flags and another octet in one write: it writes an
	                     * entry switched off (no UPF_FAST_ON), then switches it on, and switches it off before it
	                     * changes or zeroes it (docs/dataplane.md, "Fast entries", write order) */
};

/* Downlink, in front of the PDR set of a UE address. */
struct upf_fast {
	__u8 flags;         /* enum upf_fast_flags */
	__u8 mark_qfi;      /* QFI to emit when flags & UPF_FAST_MARK */
	__u8 _pad[2];
	__u32 pdr;          /* PDR slot, for events */
	__u32 session;      /* session slot, for events */
	__u32 urr;          /* URR slot, 0 = none */
	struct upf_far far; /* the FAR (Apply Action FORW alone) */
};

/* The value of a UE address: its fast entry, then its PDR set. */
struct upf_ue_set {
	struct upf_fast fast;
	struct upf_pdr_set set;
};

enum upf_qer_flags {
	UPF_QER_QFI = 1 << 0,  /* mark the QFI in the PDU Session Container we emit */
	UPF_QER_RQI = 1 << 1,  /* set RQI in the downlink PDU Session Container (reflective QoS) */
};

enum upf_gate {
	UPF_GATE_UL_CLOSED = 1 << 0,
	UPF_GATE_DL_CLOSED = 1 << 1,
};

/* A QER (TS 29.244 §5.2.4) as the agent writes it; rates in bits/s (§8.2.8 MBR / §8.2.9 GBR carry
 * kbit/s, the agent multiplies). Arrays are indexed by enum upf_direction. */
struct upf_qer {
	__u64 mbr_bps[2];     /* 0 = no maximum */
	__u64 gbr_bps[2];     /* 0 = no guarantee */
	__u32 mbr_burst[2];   /* bytes that may pass at line rate from idle */
	__u32 gbr_burst[2];
	__u8 gate;            /* enum upf_gate */
	__u8 qfi;
	__u8 flags;           /* enum upf_qer_flags */
	__u8 _pad[5];
};

/* Policer state of one QER, written only by the kernel (the agent zeroes it when it installs the QER).
 * GCRA: a theoretical arrival time per bucket, in 1/16 ns. */
struct upf_meter {
	struct bpf_spin_lock lock;
	__u32 _pad;
	__u64 mbr_tat[2];
	__u64 gbr_tat[2];
};

/* Per-CPU usage of one URR (TS 29.244 §5.2.2): inner IP bytes of forwarded packets. The total volume is
 * UL + DL (§8.2.40), summed by the reader. */
struct upf_usage {
	__u64 ul_bytes;
	__u64 ul_packets;
	__u64 dl_bytes;
	__u64 dl_packets;
};

/* Per-CPU packets and frame bytes of one drop reason or one control-path reason. */
struct upf_counter {
	__u64 packets;
	__u64 bytes;
};

/*
 * One cached FIB result (upf_nexthop_v2): the key is what the route lookup depended on besides the packet's
 * source, ports and protocol (see docs/dataplane.md); the rest is what bpf_fib_lookup returned. The two MAC
 * addresses sit in Ethernet header order at a 4-octet boundary, so a hit writes them as three words. (v1 had
 * smac before dmac after ifindex_out, and the expiry in ns of bpf_ktime_get_coarse_ns.)
 */
struct upf_nexthop {
	__be32 dst[4];       /* key: destination, network order, IPv4 in dst[0] */
	__u32 ifindex_in;    /* key: ingress interface */
	__u8 family;         /* key: 4 or 6; 0 = empty slot */
	__u8 tos;            /* key: IPv4 ToS the route was looked up with (0 for IPv6) */
	__u16 max_len;       /* largest IP packet length the FIB's MTU check accepted for this entry */
	__u8 dmac[6];        /* neighbour (destination) MAC */
	__u8 smac[6];        /* egress interface (source) MAC */
	__u32 ifindex_out;   /* egress interface */
	__u64 expires;       /* bpf_jiffies64() from which the entry is looked up again */
	__u64 hits;          /* packets forwarded with this entry instead of a FIB lookup */
};

/* What the agent reads from upf_events_v1: why, where, and the packet's first bytes. */
struct upf_event {
	__u64 ts_ns;       /* bpf_ktime_get_ns() */
	__u32 reason;      /* enum upf_cp_reason */
	__u32 ifindex;     /* ingress interface */
	__u32 session;     /* session slot, 0 = not known yet */
	__u32 teid;        /* local TEID of a GTP-U packet, 0 otherwise */
	__u32 pdr;         /* matched PDR slot, 0 = none */
	__u16 pkt_len;     /* frame length */
	__u16 cap_len;     /* bytes valid in data */
	__u8 data[UPF_EVENT_SNAPLEN];
};

/* The ring buffer map cannot name its record type, so this never-called global function keeps struct
 * upf_event in the object's BTF, where the Java mirror (ControlEvent) is checked against it. */
__attribute__((noinline)) int upf_event_btf(struct upf_event *e)
{
	return e != 0;
}

struct upf_ip6 {
	__u8 addr[16];     /* network order */
};

struct upf_lpm6_key {
	__u32 prefixlen;   /* host order, as BPF_MAP_TYPE_LPM_TRIE wants */
	__u8 addr[16];     /* network order */
};

/* A map pinned by name with a key and value type: how every keyed map below is declared. */
#define UPF_PINNED_MAP(_name, _type, _key, _value, _max_entries)	\
	struct {							\
		__uint(type, _type);					\
		__uint(pinning, LIBBPF_PIN_BY_NAME);			\
		__uint(max_entries, _max_entries);			\
		__type(key, _key);					\
		__type(value, _value);					\
	} _name SEC(".maps")

UPF_PINNED_MAP(upf_config_v3, BPF_MAP_TYPE_ARRAY, __u32, struct upf_config, 1);

/* Uplink / GTP-U ingress rules: dense, indexed by TEID slot (we allocate TEIDs, TS 29.244 §5.5.3 CHOOSE). */
UPF_PINNED_MAP(upf_teid_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_pdr_set, 1024);

/* The TEID sets' staging entries, same index as upf_teid_v1 (docs/dataplane.md, "Writing rules without half-rules"):
 * a modification writes the new set here, open (teid word = the TEID), while the slot is open, then closes the slot,
 * rewrites it closed and opens it. The program reads an entry only while its slot is closed, and only if the entry's
 * own gate is open for the packet's TEID. An ARRAY (no allocator: an element is never reused for another key); v2:
 * v1 was a non-preallocated hash by full TEID, whose elements Linux >= 6.1 may reuse at once. Sized at load. */
UPF_PINNED_MAP(upf_teidstg_v2, BPF_MAP_TYPE_ARRAY, __u32, struct upf_pdr_set, 1024);

/* The uplink fast entries, same index as upf_teid_v1. */
UPF_PINNED_MAP(upf_ulfast_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_fast_ul, 1024);

/* A UE-address map: key -> the UE's slot in upf_dldense_v1 (__u32), where its value (struct upf_ue_set) lives gated
 * by UPF_UE_LIVE like a dense range's, with its staging entry in upf_dlstg_v2. The key's element is written once, when
 * the UE is installed (before its slot opens), and deleted when it is removed (after its staging entry and its slot
 * closed); a modification changes the slot alone, never the element. Why: since Linux 6.1 (commit 0fd7c5d43339, "bpf:
 * Optimize call_rcu in non-preallocated hash map") an element a hash update replaces or deletes goes to
 * bpf_mem_alloc's per-CPU cache with SLAB_TYPESAFE_BY_RCU semantics and may be reused at once by the next update on
 * that CPU, as in a preallocated hash: v3 kept the whole value (FAR, tunnel) in the element, so a packet still
 * reading UE A's replaced element could read UE B's tunnel (docs/dataplane.md, "Modify, downlink"). v4: the value is
 * the slot (v3: struct upf_ue_set). BPF_F_NO_PREALLOC kept: the maps hold only the installed keys. */
#define UPF_UE_MAP(_name, _type, _key)					\
	struct {							\
		__uint(type, _type);					\
		__uint(pinning, LIBBPF_PIN_BY_NAME);			\
		__uint(max_entries, 1024);				\
		__uint(map_flags, BPF_F_NO_PREALLOC);			\
		__type(key, _key);					\
		__type(value, __u32);					\
	} _name SEC(".maps")

/* Downlink UE slot by exact UE IPv4 address. */
UPF_UE_MAP(upf_dl4_v4, BPF_MAP_TYPE_HASH, __be32);

/* Downlink UE slot by exact UE IPv6 address. */
UPF_UE_MAP(upf_dl6_v4, BPF_MAP_TYPE_HASH, struct upf_ip6);

/* Downlink UE slot by UE IPv6 prefix, consulted when the exact map misses (an LPM trie is never preallocated). */
UPF_UE_MAP(upf_dl6p_v4, BPF_MAP_TYPE_LPM_TRIE, struct upf_lpm6_key);

/*
 * The dense downlink index: UE addresses inside configured UE pools (the UPF's own, TS 29.244 §5.21, or ranges an
 * SMF allocates from) are found by arithmetic instead of a hash: a range prefix/mask owns the slots base + (address &
 * ~mask) of upf_dldense_v1, one per IPv4 address and one per IPv6 /64 (TS 23.501 §5.8.2.2.2: a PDU session's
 * prefix). Numbers host order: an IPv4 address, or the first 64 bits of an IPv6 address. Set by the agent at load
 * from its configuration; ranges do not overlap and fit the array (DataplaneConfig checks).
 */
#define UPF_DENSE_RANGES 8

struct upf_dense_range {
	__u64 prefix;   /* masked */
	__u64 mask;     /* the range's prefix length as a mask of the 32 (IPv4) or 64 (IPv6) bits */
	__u32 base;     /* slot of the range's first address or /64 */
	__u32 _pad;
};

/* upf_dlrange_v1[0]. */
struct upf_dense_ranges {
	__u32 ipv4;     /* ranges in use in v4 */
	__u32 ipv6;     /* ranges in use in v6 */
	struct upf_dense_range v4[UPF_DENSE_RANGES];
	struct upf_dense_range v6[UPF_DENSE_RANGES];
};

UPF_PINNED_MAP(upf_dlrange_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_dense_ranges, 1);

/* The UE values (struct upf_ue_set with UPF_UE_LIVE): slot 0 reserved, then the dense ranges' slots, then the slots the
 * agent hands out to the UEs of the hashes and the trie (DataplaneConfig.denseSlots in all). */
UPF_PINNED_MAP(upf_dldense_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_ue_set, 1);

/* The dense slots' staging entries, same index and size as upf_dldense_v1, gated by their own UPF_UE_LIVE: read
 * only while the slot's UPF_UE_LIVE is clear (as upf_teidstg_v2). v2: v1 was a non-preallocated hash. */
UPF_PINNED_MAP(upf_dlstg_v2, BPF_MAP_TYPE_ARRAY, __u32, struct upf_ue_set, 1);

UPF_PINNED_MAP(upf_sess_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_session, 1024);

UPF_PINNED_MAP(upf_pdr_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_pdr, 1024);

UPF_PINNED_MAP(upf_far_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_far, 1024);

UPF_PINNED_MAP(upf_qer_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_qer, 1024);

/* Same index as upf_qer_v1. */
UPF_PINNED_MAP(upf_meter_v1, BPF_MAP_TYPE_ARRAY, __u32, struct upf_meter, 1024);

UPF_PINNED_MAP(upf_urr_v1, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct upf_usage, 1024);

/* URRs whose counters moved: bit (slot % 64) of word (slot / 64) is set by upf_count_usage after it counts a packet
 * in upf_urr_v1's slot, and cleared by the agent's usage poller, which reads (mmaps, BPF_F_MMAPABLE) and atomically
 * exchanges each non-zero word with 0: it then reads the counters of only the URRs that moved, not of every
 * volume-watched one. max_entries = ceil(URR slots / 64), set at load time (ActiveUrrs). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} upf_urract_v1 SEC(".maps");

/* Last BUFF/NOCP notification time per session slot (ns), kernel-written. */
UPF_PINNED_MAP(upf_notify_v1, BPF_MAP_TYPE_ARRAY, __u32, __u64, 1024);

/* Indexed by enum upf_drop_reason. */
UPF_PINNED_MAP(upf_drop_v1, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct upf_counter, 32);

/* Indexed by enum upf_cp_reason. */
UPF_PINNED_MAP(upf_cp_v1, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct upf_counter, 32);

/* Next-hop cache: per CPU (written on a miss without locks or torn entries), direct-mapped by a hash of the
 * key. max_entries is a power of two, fixed here (UPF_NEXTHOP_BITS): 16384 slots (896 KiB per CPU) keep the
 * share of destinations that evict each other small up to a few thousand active ones per CPU. */
#define UPF_NEXTHOP_BITS 14
UPF_PINNED_MAP(upf_nexthop_v2, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct upf_nexthop, 1 << UPF_NEXTHOP_BITS);

/* Control-path events (struct upf_event); max_entries is the ring size in bytes. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(max_entries, 256 * 1024);
} upf_events_v1 SEC(".maps");

/* Egress interfaces for bulk redirect, key and value = ifindex; filled by Dataplane.attach. */
UPF_PINNED_MAP(upf_tx_v1, BPF_MAP_TYPE_DEVMAP_HASH, __u32, __u32, 64);
