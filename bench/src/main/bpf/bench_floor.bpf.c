// SPDX-License-Identifier: GPL-2.0
/*
 * The test_run floor: a program that does nothing but return XDP_PASS, so its kernel run time is the cost
 * of BPF_PROG_TEST_RUN's own loop (context set-up, program dispatch) that every data-path figure includes.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
