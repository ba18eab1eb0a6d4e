/* Shared helpers of the JNI shim. Every entry point returns >= 0 or -errno and never throws:
 * the Java side (org.upf.bpf) owns error reporting, so this layer stays a thin, typed pass-through. */
#ifndef UPFBPF_H
#define UPFBPF_H

#include <errno.h>
#include <jni.h>
#include <stdint.h>

#include "org_upf_bpf_Native.h"

#define UNUSED(x) ((void)(x))

/* libbpf handles travel through Java as jlong. */
#define PTR(h) ((void *)(uintptr_t)(h))
#define HANDLE(p) ((jlong)(uintptr_t)(p))

/* Address of a direct ByteBuffer at an offset; NULL for a null buffer. */
static inline void *buffer_at(JNIEnv *env, jobject buf, jint off)
{
	if (!buf)
		return NULL;
	char *base = (*env)->GetDirectBufferAddress(env, buf);
	return base ? base + off : NULL;
}

/* libbpf 1.x returns -errno; plain syscalls return -1 with errno. */
static inline jint neg_errno(int ret)
{
	return ret < 0 ? (ret == -1 ? -errno : ret) : ret;
}

/* Java String -> malloc'd UTF-8 copy (NULL for null); caller frees. */
char *dup_jstring(JNIEnv *env, jstring s);

#endif
