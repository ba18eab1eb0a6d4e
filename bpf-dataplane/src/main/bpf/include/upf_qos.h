/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * QER enforcement (TS 29.244 §5.2.4): gate per direction, MBR / GBR policing, QFI marking.
 *
 * Each bucket is a GCRA (virtual scheduling form of a token bucket): a theoretical arrival time TAT in
 * 1/16 ns; a packet conforms when TAT - now <= burst time, and then moves TAT by its transmission time at
 * the configured rate. One u64 per bucket, updated under the meter's bpf_spin_lock, so CPUs policing the
 * same QER at once never lose or double-count bytes.
 *
 * A packet within its flow's GBR is "green": it also charges the MBR bucket but is never dropped by it, and
 * skips the session-AMBR QER, because Session-AMBR covers the non-GBR flows only (TS 23.501 §5.7.2.6).
 */
#pragma once

#include "upf_maps.h"
#include "upf_counters.h"

#define UPF_TAT_SHIFT 4                       /* TAT unit: 1/16 ns */
#define UPF_BITS_X_TAT_PER_SEC 128000000000ULL /* 8 bits/byte * 16e9 units/s */
#define UPF_MAX_BURST 100000000U              /* bytes; bounds burst * 128e9 below 2^64 */

enum upf_police_rc {
	UPF_POLICE_PASS = 0,
	UPF_POLICE_GREEN = 1,  /* within GBR */
	UPF_POLICE_GATE = 2,
	UPF_POLICE_MBR = 3,
};

/* What the QERs ask to be marked in the GTP-U header we emit. */
struct upf_mark {
	__u8 qfi;
	__u8 has_qfi;
	__u8 rqi;
};

static __always_inline __u64 upf_gcra_time(__u64 bytes, __u64 rate_bps)
{
	return bytes * UPF_BITS_X_TAT_PER_SEC / rate_bps;
}

/* Charges the bucket and returns 1 when the packet conforms; force charges a non-conforming packet too. */
static __always_inline int upf_gcra(__u64 *tat, __u64 now, __u64 cost, __u64 tolerance, int force)
{
	__u64 t = *tat;

	if (t < now)
		t = now;
	if (!force && t - now > tolerance)
		return 0;
	*tat = t + cost;
	return 1;
}

static __always_inline __u32 upf_burst(__u32 burst)
{
	return burst > UPF_MAX_BURST ? UPF_MAX_BURST : burst;
}

static __always_inline int upf_qer_police(__u32 id, __u8 dir, __u32 bytes, struct upf_mark *mark)
{
	__u64 now, mbr, gbr, mbr_cost = 0, mbr_tol = 0, gbr_cost = 0, gbr_tol = 0;
	int green = 0, ok = 1;
	struct upf_meter *m;
	struct upf_qer *q;

	if (!id)
		return UPF_POLICE_PASS;
	q = bpf_map_lookup_elem(&upf_qer_v1, &id);
	if (!q)
		return UPF_POLICE_PASS;
	dir &= 1;
	if (mark && (q->flags & UPF_QER_QFI)) {
		mark->qfi = q->qfi & 0x3f;
		mark->has_qfi = 1;
		mark->rqi = (q->flags & UPF_QER_RQI) != 0;
	}
	if (q->gate & (dir == UPF_UL ? UPF_GATE_UL_CLOSED : UPF_GATE_DL_CLOSED))
		return UPF_POLICE_GATE;
	mbr = q->mbr_bps[dir];
	gbr = q->gbr_bps[dir];
	if (!mbr && !gbr)
		return UPF_POLICE_PASS;
	m = bpf_map_lookup_elem(&upf_meter_v1, &id);
	if (!m)
		return UPF_POLICE_PASS;
	if (mbr) {
		mbr_cost = upf_gcra_time(bytes, mbr);
		mbr_tol = upf_gcra_time(upf_burst(q->mbr_burst[dir]), mbr);
	}
	if (gbr) {
		gbr_cost = upf_gcra_time(bytes, gbr);
		gbr_tol = upf_gcra_time(upf_burst(q->gbr_burst[dir]), gbr);
	}
	now = bpf_ktime_get_ns() << UPF_TAT_SHIFT;
	bpf_spin_lock(&m->lock);
	if (gbr)
		green = upf_gcra(&m->gbr_tat[dir], now, gbr_cost, gbr_tol, 0);
	if (mbr)
		ok = upf_gcra(&m->mbr_tat[dir], now, mbr_cost, mbr_tol, green);
	bpf_spin_unlock(&m->lock);
	if (!ok)
		return UPF_POLICE_MBR;
	return green ? UPF_POLICE_GREEN : UPF_POLICE_PASS;
}

static __always_inline int upf_police_drop_reason(int rc)
{
	return rc == UPF_POLICE_GATE ? UPF_DROP_GATE_CLOSED : UPF_DROP_MBR_EXCEEDED;
}

/* Flow QER, then (unless green) the session-AMBR QER. Returns -1 to go on, or the drop reason. */
static __always_inline int upf_police(const struct upf_pdr *pdr, __u8 dir, __u32 bytes, struct upf_mark *mark)
{
	int rc = upf_qer_police(pdr->qer, dir, bytes, mark);

	if (rc == UPF_POLICE_GATE || rc == UPF_POLICE_MBR)
		return upf_police_drop_reason(rc);
	if (rc == UPF_POLICE_GREEN)
		return -1;
	rc = upf_qer_police(pdr->ambr_qer, dir, bytes, NULL);
	if (rc == UPF_POLICE_GATE || rc == UPF_POLICE_MBR)
		return upf_police_drop_reason(rc);
	return -1;
}
