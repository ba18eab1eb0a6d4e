// SPDX-License-Identifier: GPL-2.0
/* Load-time configuration through .rodata: the loader picks the verdict before the verifier sees it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 pad = 0;
const volatile __u32 verdict = XDP_PASS;

SEC("xdp")
int xdp_configured(struct xdp_md *ctx)
{
	return verdict + pad;
}

char LICENSE[] SEC("license") = "GPL";
