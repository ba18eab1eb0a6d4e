/* Scheduling of single threads of the agent's JVM (org.upf.bpf.ThreadPriority): the nice value of background threads
 * (the JVM's concurrent GC threads, the data-path event pump; not threads holding locks the event loop needs) and the
 * time slice of the latency-critical PFCP event loop.
 * Java has no call for either: Thread.setPriority does nothing on Linux. tid 0 is the calling thread. */
#define _GNU_SOURCE
#include <linux/types.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "upfbpf.h"

/* struct sched_attr of <linux/sched/types.h> (SCHED_ATTR_SIZE_VER1), which cannot be included beside <sched.h>. */
struct sched_attr {
	__u32 size;
	__u32 sched_policy;
	__u64 sched_flags;
	__s32 sched_nice;
	__u32 sched_priority;
	__u64 sched_runtime;
	__u64 sched_deadline;
	__u64 sched_period;
	__u32 sched_util_min;
	__u32 sched_util_max;
};

JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_setThreadNice(JNIEnv *env, jclass cls, jint tid, jint nice)
{
	UNUSED(env);
	UNUSED(cls);
	/* On Linux PRIO_PROCESS with a thread ID changes that thread only (setpriority(2), "BUGS"). */
	return setpriority(PRIO_PROCESS, (id_t)tid, nice) ? -errno : 0;
}

/* The slice a SCHED_OTHER (EEVDF) thread asks for (sched_attr.sched_runtime, honoured since Linux 6.12, clamped by the
 * kernel to 0.1-100 ms): a thread with a shorter slice than the running one preempts it when it wakes up instead of
 * waiting for the end of that one's slice. Policy and nice stay as they are; threads it creates from then on do not
 * inherit the slice. */
JNIEXPORT jint JNICALL Java_org_upf_bpf_Native_setThreadSlice(JNIEnv *env, jclass cls, jint tid, jlong slice_ns)
{
	UNUSED(env);
	UNUSED(cls);
	struct sched_attr attr = {0};

	if (slice_ns < 0)
		return -EINVAL;
	if (syscall(SYS_sched_getattr, (pid_t)tid, &attr, sizeof(attr), 0))
		return -errno;
	if (attr.sched_policy != SCHED_OTHER && attr.sched_policy != SCHED_BATCH)
		return -EPERM;
	attr.size = sizeof(attr);
	/* Threads it starts (e.g. Netty's helpers started from an event loop) get the default slice again. */
	attr.sched_flags = SCHED_FLAG_RESET_ON_FORK;
	attr.sched_runtime = (__u64)slice_ns;
	return syscall(SYS_sched_setattr, (pid_t)tid, &attr, 0) ? -errno : 0;
}

JNIEXPORT jlong JNICALL Java_org_upf_bpf_Native_threadSlice(JNIEnv *env, jclass cls, jint tid)
{
	UNUSED(env);
	UNUSED(cls);
	struct sched_attr attr = {0};

	if (syscall(SYS_sched_getattr, (pid_t)tid, &attr, sizeof(attr), 0))
		return -errno;
	return (jlong)attr.sched_runtime;
}
