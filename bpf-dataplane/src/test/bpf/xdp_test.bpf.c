// SPDX-License-Identifier: GPL-2.0
/* Small XDP and tc programs for the binding's tests; each counts into its own slot of `counters`. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

enum counter {
	COUNT_XDP_PASS,
	COUNT_XDP_DROP,
	COUNT_TC_INGRESS,
	COUNT_TC_EGRESS,
	COUNT_XDP_PASS_B,
	COUNT_MAX,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, COUNT_MAX);
} counters SEC(".maps");

static __always_inline void count(__u32 slot)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &slot);
	if (c)
		__sync_fetch_and_add(c, 1);
}

SEC("xdp")
int xdp_pass_count(struct xdp_md *ctx)
{
	count(COUNT_XDP_PASS);
	return XDP_PASS;
}

/* Same verdict as xdp_pass_count, own counter: a link swapping between the two must lose nothing. */
SEC("xdp")
int xdp_pass_count_b(struct xdp_md *ctx)
{
	count(COUNT_XDP_PASS_B);
	return XDP_PASS;
}

SEC("xdp")
int xdp_drop_count(struct xdp_md *ctx)
{
	count(COUNT_XDP_DROP);
	return XDP_DROP;
}

/* Bounces every frame out of the device it came in on (live-frames traffic generator). */
SEC("xdp")
int xdp_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

/* Writes the context's ingress ifindex and rx queue over the first 8 bytes: shows ctx and packet rewrite. */
SEC("xdp")
int xdp_stamp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 *words = data;

	if (data + 2 * sizeof(__u32) > data_end)
		return XDP_ABORTED;
	words[0] = ctx->ingress_ifindex;
	words[1] = ctx->rx_queue_index;
	return XDP_PASS;
}

SEC("tc")
int tc_count_ingress(struct __sk_buff *skb)
{
	count(COUNT_TC_INGRESS);
	return TC_ACT_OK;
}

SEC("tc")
int tc_count_egress(struct __sk_buff *skb)
{
	count(COUNT_TC_EGRESS);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
