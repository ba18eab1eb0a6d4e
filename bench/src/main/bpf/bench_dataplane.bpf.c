// SPDX-License-Identifier: GPL-2.0
/*
 * Baselines and the traffic generator of the data-path benchmarks (DataplaneTestRunBench,
 * DataplaneLiveFramesBench):
 *   xdp_parse_redirect  the bare program the UPF pipelines are compared with: parse Ethernet and the IPv4/IPv6
 *                       header, redirect through a DEVMAP to the interface configured for the ingress one
 *   xdp_redirect        the plain DEVMAP redirect, no parsing: the throughput baseline through veths
 *   xdp_gen             live-frames generator: writes the template frame into every page (the kernel recycles
 *                       pages without restoring what the device under test rewrote), puts the next variant's
 *                       TEID / UE IPv6 address in, and sends it out of its veth (XDP_TX)
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TEMPLATE_MAX 128

/* Ingress ifindex -> the interface both redirect programs send its frames to. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 8);
} bench_tx SEC(".maps");

/* The generator's frame; the variant fields go at the given offsets (0: not written). */
struct gen_template {
	__u32 len;
	__u16 teid_off;  /* GTP-U TEID, network order */
	__u16 addr_off;  /* the UE's IPv6 address (inner source uplink, destination downlink) */
	__u8 data[TEMPLATE_MAX];
};

/* What changes from frame to frame, network order, written by user space in the order frames go out. */
struct gen_variant {
	__u32 teid;
	__u8 addr[16];
};

/* One template per direction (uplink 0, downlink 1). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct gen_template);
	__uint(max_entries, 2);
} gen_tmpl SEC(".maps");

/* Resized at load to the number of variants. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct gen_variant);
	__uint(max_entries, 1);
} gen_var SEC(".maps");

enum gen_key {
	GEN_COUNT,    /* how many variants are in use */
	GEN_NEXT,     /* the next one (one generator thread at a time) */
	GEN_TEMPLATE, /* the template in use */
	GEN_KEYS,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, GEN_KEYS);
} gen_state SEC(".maps");

SEC("xdp")
int xdp_parse_redirect(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end || ip->version != 4)
			return XDP_DROP;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end || ip6->version != 6)
			return XDP_DROP;
	} else {
		return XDP_PASS;
	}
	return bpf_redirect_map(&bench_tx, ctx->ingress_ifindex, 0);
}

SEC("xdp")
int xdp_redirect(struct xdp_md *ctx)
{
	return bpf_redirect_map(&bench_tx, ctx->ingress_ifindex, 0);
}

SEC("xdp")
int xdp_gen(struct xdp_md *ctx)
{
	__u32 k_count = GEN_COUNT, k_next = GEN_NEXT, k_template = GEN_TEMPLATE;
	__u32 *count = bpf_map_lookup_elem(&gen_state, &k_count);
	__u32 *next = bpf_map_lookup_elem(&gen_state, &k_next);
	__u32 *which = bpf_map_lookup_elem(&gen_state, &k_template);
	struct gen_template *t;
	struct gen_variant *v;
	__u32 len, i;

	if (!count || !next || !which || *count == 0)
		return XDP_ABORTED;
	t = bpf_map_lookup_elem(&gen_tmpl, which);
	if (!t)
		return XDP_ABORTED;
	len = t->len;
	if (len < ETH_HLEN || len > TEMPLATE_MAX || bpf_xdp_store_bytes(ctx, 0, t->data, len))
		return XDP_ABORTED;
	i = *next;
	*next = i + 1 < *count ? i + 1 : 0;
	v = bpf_map_lookup_elem(&gen_var, &i);
	if (!v)
		return XDP_ABORTED;
	if (t->teid_off && bpf_xdp_store_bytes(ctx, t->teid_off, &v->teid, sizeof(v->teid)))
		return XDP_ABORTED;
	if (t->addr_off && bpf_xdp_store_bytes(ctx, t->addr_off, v->addr, sizeof(v->addr)))
		return XDP_ABORTED;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
