/* Map operations on file descriptors: shared by maps of a loaded object and standalone pinned maps. */
#include <string.h>
#include <sys/mman.h>
#include <bpf/bpf.h>

#include "upfbpf.h"

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapCreate(JNIEnv *env, jclass cls, jint type, jstring name,
							  jint key_size, jint value_size, jint max_entries, jint flags)
{
	UNUSED(cls);
	const char *n = (*env)->GetStringUTFChars(env, name, NULL);
	if (!n)
		return -ENOMEM;
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = (__u32)flags);
	int fd = neg_errno(bpf_map_create((enum bpf_map_type)type, n, key_size, value_size, max_entries, &opts));
	(*env)->ReleaseStringUTFChars(env, name, n);
	return fd;
}

JNIEXPORT jstring JNICALL Java_org_upf_bpf_Native_mapInfo(JNIEnv *env, jclass cls, jint fd, jintArray out)
{
	UNUSED(cls);
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	memset(&info, 0, sizeof(info));
	int err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err) {
		jint e = -neg_errno(err);
		(*env)->SetIntArrayRegion(env, out, 0, 1, &e);
		return NULL;
	}
	jint v[] = { info.type, info.key_size, info.value_size, info.max_entries, info.map_flags, info.id };
	(*env)->SetIntArrayRegion(env, out, 0, 6, v);
	return (*env)->NewStringUTF(env, info.name);
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapLookup(JNIEnv *env, jclass cls, jint fd, jobject key, jint ko,
							  jobject value, jint vo)
{
	UNUSED(cls);
	return neg_errno(bpf_map_lookup_elem(fd, buffer_at(env, key, ko), buffer_at(env, value, vo)));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapLookupAndDelete(JNIEnv *env, jclass cls, jint fd, jobject key,
								   jint ko, jobject value, jint vo)
{
	UNUSED(cls);
	return neg_errno(bpf_map_lookup_and_delete_elem(fd, buffer_at(env, key, ko), buffer_at(env, value, vo)));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapUpdate(JNIEnv *env, jclass cls, jint fd, jobject key, jint ko,
							  jobject value, jint vo, jlong flags)
{
	UNUSED(cls);
	return neg_errno(bpf_map_update_elem(fd, buffer_at(env, key, ko), buffer_at(env, value, vo), flags));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapDelete(JNIEnv *env, jclass cls, jint fd, jobject key, jint ko)
{
	UNUSED(cls);
	return neg_errno(bpf_map_delete_elem(fd, buffer_at(env, key, ko)));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapNextKey(JNIEnv *env, jclass cls, jint fd, jobject key, jint ko,
							   jobject next, jint no)
{
	UNUSED(cls);
	return neg_errno(bpf_map_get_next_key(fd, buffer_at(env, key, ko), buffer_at(env, next, no)));
}

static __u32 get_count(JNIEnv *env, jintArray count)
{
	jint c;
	(*env)->GetIntArrayRegion(env, count, 0, 1, &c);
	return (__u32)c;
}

static void set_count(JNIEnv *env, jintArray count, __u32 c)
{
	jint v = (jint)c;
	(*env)->SetIntArrayRegion(env, count, 0, 1, &v);
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapUpdateBatch(JNIEnv *env, jclass cls, jint fd, jobject keys,
							       jint ko, jobject values, jint vo, jintArray count,
							       jlong flags)
{
	UNUSED(cls);
	__u32 n = get_count(env, count);
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = flags);
	int ret = neg_errno(bpf_map_update_batch(fd, buffer_at(env, keys, ko), buffer_at(env, values, vo), &n, &opts));
	set_count(env, count, n);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapDeleteBatch(JNIEnv *env, jclass cls, jint fd, jobject keys,
							       jint ko, jintArray count)
{
	UNUSED(cls);
	__u32 n = get_count(env, count);
	int ret = neg_errno(bpf_map_delete_batch(fd, buffer_at(env, keys, ko), &n, NULL));
	set_count(env, count, n);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapLookupBatch(JNIEnv *env, jclass cls, jint fd, jboolean del,
							       jbyteArray in_batch, jbyteArray out_batch,
							       jobject keys, jint ko, jobject values, jint vo,
							       jintArray count)
{
	UNUSED(cls);
	/* Batch tokens are opaque to callers: key-sized for arrays, a bucket index for hashes. */
	char in[256], out[256];
	jsize token_len = (*env)->GetArrayLength(env, out_batch);
	if (token_len > (jsize)sizeof(out))
		return -E2BIG;
	if (in_batch)
		(*env)->GetByteArrayRegion(env, in_batch, 0, token_len, (jbyte *)in);
	__u32 n = get_count(env, count);
	void *k = buffer_at(env, keys, ko), *v = buffer_at(env, values, vo);
	int ret = del ? bpf_map_lookup_and_delete_batch(fd, in_batch ? in : NULL, out, k, v, &n, NULL) :
			bpf_map_lookup_batch(fd, in_batch ? in : NULL, out, k, v, &n, NULL);
	ret = neg_errno(ret);
	set_count(env, count, n);
	(*env)->SetByteArrayRegion(env, out_batch, 0, token_len, (jbyte *)out);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_objPin(JNIEnv *env, jclass cls, jint fd, jstring path)
{
	UNUSED(cls);
	const char *p = (*env)->GetStringUTFChars(env, path, NULL);
	if (!p)
		return -ENOMEM;
	int ret = neg_errno(bpf_obj_pin(fd, p));
	(*env)->ReleaseStringUTFChars(env, path, p);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_objGet(JNIEnv *env, jclass cls, jstring path)
{
	UNUSED(cls);
	const char *p = (*env)->GetStringUTFChars(env, path, NULL);
	if (!p)
		return -ENOMEM;
	int ret = neg_errno(bpf_obj_get(p));
	(*env)->ReleaseStringUTFChars(env, path, p);
	return ret;
}

/* The values of a BPF_F_MMAPABLE array, mapped shared (the kernel's pages, no copy) as a direct buffer of size
 * octets; NULL with err[0] = errno on failure. */
JNIEXPORT jobject JNICALL Java_org_upf_bpf_Native_mapMmap(JNIEnv *env, jclass cls, jint fd, jlong size, jintArray err)
{
	UNUSED(cls);
	void *p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		jint e = errno;
		(*env)->SetIntArrayRegion(env, err, 0, 1, &e);
		return NULL;
	}
	jobject buf = (*env)->NewDirectByteBuffer(env, p, size);
	if (!buf)
		munmap(p, (size_t)size);
	return buf;
}

/* Unmaps a buffer of mapMmap (its address and capacity). */
JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_mapMunmap(JNIEnv *env, jclass cls, jobject buf)
{
	UNUSED(cls);
	void *p = (*env)->GetDirectBufferAddress(env, buf);
	jlong size = (*env)->GetDirectBufferCapacity(env, buf);
	if (!p || size < 0)
		return -EINVAL;
	return neg_errno(munmap(p, (size_t)size));
}
