/* Network namespaces for the calling thread: setns() on /run/netns/NAME, names to ifindex. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>

#include "upfbpf.h"

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_openNs(JNIEnv *env, jclass cls, jstring path)
{
	UNUSED(cls);
	const char *p = (*env)->GetStringUTFChars(env, path, NULL);
	if (!p)
		return -ENOMEM;
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	int ret = fd < 0 ? -errno : fd;
	(*env)->ReleaseStringUTFChars(env, path, p);
	return ret;
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_setNetns(JNIEnv *env, jclass cls, jint fd)
{
	UNUSED(env);
	UNUSED(cls);
	return neg_errno(setns(fd, CLONE_NEWNET));
}

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_ifNameToIndex(JNIEnv *env, jclass cls, jstring ifname)
{
	UNUSED(cls);
	const char *name = (*env)->GetStringUTFChars(env, ifname, NULL);
	if (!name)
		return -ENOMEM;
	unsigned int idx = if_nametoindex(name);
	int ret = idx ? (jint)idx : -errno;
	(*env)->ReleaseStringUTFChars(env, ifname, name);
	return ret;
}
