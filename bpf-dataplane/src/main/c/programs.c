/* Programs by fd: info, links (XDP and tcx through bpf_link_create), BPF_PROG_TEST_RUN. */
#include <string.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "upfbpf.h"

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_progInfo(JNIEnv *env, jclass cls, jint fd, jintArray out)
{
	UNUSED(cls);
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	memset(&info, 0, sizeof(info));
	int err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err)
		return neg_errno(err);
	jint v[] = { info.type, info.id };
	(*env)->SetIntArrayRegion(env, out, 0, 2, v);
	return 0;
}

/* BPF_ENABLE_STATS(BPF_STATS_RUN_TIME): the kernel keeps every program's run_cnt / run_time_ns while the
 * returned fd is open (closing it turns the counting off again unless someone else holds it or the sysctl). */
JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_enableRunTimeStats(JNIEnv *env, jclass cls)
{
	UNUSED(env);
	UNUSED(cls);
	return neg_errno(bpf_enable_stats(BPF_STATS_RUN_TIME));
}

/* libbpf 1.1 has no tcx helper; its generic bpf_link_create passes any attach type (BPF_TCX_* = 46/47)
 * and the target ifindex straight to BPF_LINK_CREATE, which is all tcx needs (append, no revision). */
JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_linkCreate(JNIEnv *env, jclass cls, jint prog_fd, jint ifindex,
							   jint attach_type, jint flags)
{
	UNUSED(env);
	UNUSED(cls);
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = (__u32)flags);
	return neg_errno(bpf_link_create(prog_fd, ifindex, (enum bpf_attach_type)attach_type, &opts));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_linkUpdate(JNIEnv *env, jclass cls, jint link_fd, jint prog_fd)
{
	UNUSED(env);
	UNUSED(cls);
	return neg_errno(bpf_link_update(link_fd, prog_fd, NULL));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_linkDetach(JNIEnv *env, jclass cls, jint link_fd)
{
	UNUSED(env);
	UNUSED(cls);
	return neg_errno(bpf_link_detach(link_fd));
}

/* Link ifindex sits after the common header at the same offset for xdp and tcx
 * (uapi >= 6.6 struct bpf_link_info.{xdp,tcx}.ifindex); older headers lack tcx, so read xdp's. */
JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_linkInfo(JNIEnv *env, jclass cls, jint fd, jintArray out)
{
	UNUSED(cls);
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	memset(&info, 0, sizeof(info));
	int err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err)
		return neg_errno(err);
	jint v[] = { info.type, info.id, info.prog_id, (jint)info.xdp.ifindex };
	(*env)->SetIntArrayRegion(env, out, 0, 4, v);
	return 0;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_testRun(JNIEnv *env, jclass cls, jint prog_fd, jbyteArray data,
							jbyteArray data_out, jboolean with_ctx, jint ingress_ifindex,
							jint rx_queue_index, jint repeat, jint flags, jint batch_size,
							jintArray out)
{
	UNUSED(cls);
	jsize in_len = (*env)->GetArrayLength(env, data);
	jsize out_len = data_out ? (*env)->GetArrayLength(env, data_out) : 0;
	/* xdp_md: the kernel wants data = 0 and data_end = packet length. */
	struct xdp_md ctx = { .data_end = (__u32)in_len, .ingress_ifindex = (__u32)ingress_ifindex,
			      .rx_queue_index = (__u32)rx_queue_index };
	jbyte *in = (*env)->GetByteArrayElements(env, data, NULL);
	jbyte *res = data_out ? (*env)->GetByteArrayElements(env, data_out, NULL) : NULL;
	if (!in || (data_out && !res)) {
		if (in)
			(*env)->ReleaseByteArrayElements(env, data, in, JNI_ABORT);
		return -ENOMEM;
	}
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = (__u32)in_len, .data_out = res,
		    .data_size_out = (__u32)out_len, .ctx_in = with_ctx ? &ctx : NULL,
		    .ctx_size_in = with_ctx ? sizeof(ctx) : 0, .repeat = repeat, .flags = (__u32)flags,
		    .batch_size = (__u32)batch_size);
	int ret = neg_errno(bpf_prog_test_run_opts(prog_fd, &opts));
	(*env)->ReleaseByteArrayElements(env, data, in, JNI_ABORT);
	if (res)
		(*env)->ReleaseByteArrayElements(env, data_out, res, 0);
	if (ret == 0) {
		jint v[] = { (jint)opts.retval, (jint)opts.duration, (jint)opts.data_size_out };
		(*env)->SetIntArrayRegion(env, out, 0, 3, v);
	}
	return ret;
}
