/* CPU affinity of the calling thread: tests that must run BPF_PROG_TEST_RUN calls on one CPU (per-CPU maps). */
#define _GNU_SOURCE
#include <sched.h>

#include "upfbpf.h"

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_pinThread(JNIEnv *env, jclass cls, jint cpu)
{
	UNUSED(env);
	UNUSED(cls);
	cpu_set_t set;

	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return -EINVAL;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	return sched_getcpu() == cpu ? 0 : -EAGAIN;
}
