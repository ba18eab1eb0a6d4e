/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/* Includes and tiny helpers every UPF data-path header uses. */
#pragma once

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* Offsets into the packet never exceed this while parsing headers; the bound also lets the verifier
 * accept "data + off" with a variable off. */
#define UPF_MAX_HDR_OFF 512

/* Offsets anywhere in a frame (checksumming a whole packet): an XDP buffer without fragments is one page. */
#define UPF_MAX_FRAME_OFF 4096

/* A pointer to len bytes at off (off <= max), or NULL when the packet is shorter. */
static __always_inline void *upf_ptr_upto(void *data, void *end, __u32 off, __u32 len, __u32 max)
{
	void *p;

	if (off > max)
		return NULL;
	p = data + off;
	/* Keeps clang from re-deriving p from data after the check, which would lose the checked range. */
	barrier_var(p);
	if (p + len > end)
		return NULL;
	return p;
}

/* A pointer to len bytes of header at off, or NULL when the packet is shorter. */
static __always_inline void *upf_ptr(void *data, void *end, __u32 off, __u32 len)
{
	return upf_ptr_upto(data, end, off, len, UPF_MAX_HDR_OFF);
}

static __always_inline __u32 upf_frame_len(struct xdp_md *ctx)
{
	return ctx->data_end - ctx->data;
}

static __always_inline __u16 upf_csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}
