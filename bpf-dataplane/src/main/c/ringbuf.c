/* BPF ring buffers (BPF_MAP_TYPE_RINGBUF) read through libbpf's ring_buffer: records are copied into a Java
 * direct buffer as [u32 length][bytes, padded to 8] so Java decodes them without a callback per record. */
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "upfbpf.h"
#include "org_upf_bpf_BpfRingBuffer.h"

/* Copying stops while a record of max_record bytes still fits; the record in hand is always copied first,
 * so none is consumed without being delivered. */
#define STOP 1

struct upf_ring {
	struct ring_buffer *rb;
	char *out;
	size_t cap;
	size_t used;
	size_t max_record;
};

static int copy_record(void *ctx, void *data, size_t len)
{
	struct upf_ring *r = ctx;
	size_t need = 4 + ((len + 7) & ~(size_t)7);
	__u32 l = (__u32)len;

	if (r->used + need > r->cap)
		return -ENOSPC; /* cannot happen while callers keep cap >= max_record */
	memcpy(r->out + r->used, &l, 4);
	memcpy(r->out + r->used + 4, data, len);
	r->used += need;
	return r->cap - r->used < 4 + r->max_record ? -STOP : 0;
}

JNIEXPORT jlong JNICALL Java_org_upf_bpf_BpfRingBuffer_open(JNIEnv *env, jclass cls, jint map_fd, jint max_record)
{
	UNUSED(env);
	UNUSED(cls);
	struct upf_ring *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->max_record = (size_t)max_record;
	r->rb = ring_buffer__new(map_fd, copy_record, r, NULL);
	if (!r->rb) {
		jlong err = -errno;
		free(r);
		return err;
	}
	return HANDLE(r);
}

/* Copies ready records into out (waiting up to timeout_ms for the first when timeout_ms > 0); returns the
 * bytes written or -errno. */
JNIEXPORT jint JNICALL Java_org_upf_bpf_BpfRingBuffer_read(JNIEnv *env, jclass cls, jlong handle, jobject out,
							    jint cap, jint timeout_ms)
{
	UNUSED(cls);
	struct upf_ring *r = PTR(handle);
	int ret;

	r->out = buffer_at(env, out, 0);
	r->cap = (size_t)cap;
	r->used = 0;
	if (!r->out || r->cap < 4 + r->max_record)
		return -EINVAL;
	ret = timeout_ms > 0 ? ring_buffer__poll(r->rb, timeout_ms) : ring_buffer__consume(r->rb);
	if (ret < 0 && ret != -STOP && ret != -EINTR)
		return ret;
	return (jint)r->used;
}

JNIEXPORT void JNICALL Java_org_upf_bpf_BpfRingBuffer_close(JNIEnv *env, jclass cls, jlong handle)
{
	UNUSED(env);
	UNUSED(cls);
	struct upf_ring *r = PTR(handle);

	ring_buffer__free(r->rb);
	free(r);
}
