/* rtnetlink (NETLINK_ROUTE) sockets for org.upf.bpf.NetlinkSocket: multicast change notifications
 * (routes, neighbours, links, rules) and dump requests, in the network namespace of the thread that opens the
 * socket. Messages are handed to Java raw, one datagram per read; Java decodes them. A read blocks in poll()
 * on the socket and an eventfd, so another thread can wake the reader (close) without closing an fd that
 * is still being polled. */
#define _GNU_SOURCE
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "upfbpf.h"
#include "org_upf_bpf_NetlinkSocket.h"

struct upf_netlink {
	int fd;
	int wake;
};

/* groups: RTNLGRP_* numbers to join (none for a socket that only dumps); rcvbuf: receive buffer octets, 0 = the
 * system default (a small one makes the kernel drop notifications: ENOBUFS on the next read). */
JNIEXPORT jlong JNICALL Java_org_upf_bpf_NetlinkSocket_open(JNIEnv *env, jclass cls, jintArray groups,
								  jint rcvbuf)
{
	UNUSED(cls);
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct upf_netlink *s = calloc(1, sizeof(*s));
	jint n = (*env)->GetArrayLength(env, groups);
	jint g[64];
	jlong err;

	if (!s)
		return -ENOMEM;
	if (n > 64) {
		free(s);
		return -E2BIG;
	}
	(*env)->GetIntArrayRegion(env, groups, 0, n, g);
	s->wake = -1;
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	if (s->fd < 0)
		goto fail;
	/* FORCE (CAP_NET_ADMIN) passes net.core.rmem_max, which is far below what a route storm needs. */
	if (rcvbuf > 0 && setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0 &&
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)
		goto fail;
	if (bind(s->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		goto fail;
	for (jint i = 0; i < n; i++) {
		int group = g[i];
		if (setsockopt(s->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
			goto fail;
	}
	s->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->wake < 0)
		goto fail;
	return HANDLE(s);
fail:
	err = -errno;
	if (s->fd >= 0)
		close(s->fd);
	free(s);
	return err;
}

/* Sends a dump request (NLM_F_REQUEST | NLM_F_DUMP) of type for family with sequence number seq; the header
 * that follows nlmsghdr is sized hdr_len octets (rtmsg, ndmsg, fib_rule_hdr, ...), zero but its family. */
JNIEXPORT jint JNICALL Java_org_upf_bpf_NetlinkSocket_dump(JNIEnv *env, jclass cls, jlong handle, jint type,
								 jint family, jint hdr_len, jint seq)
{
	UNUSED(env);
	UNUSED(cls);
	struct upf_netlink *s = PTR(handle);
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char req[NLMSG_SPACE(64)] = {};
	struct nlmsghdr *h = (struct nlmsghdr *)req;

	if (hdr_len < 1 || hdr_len > 64)
		return -EINVAL;
	h->nlmsg_len = NLMSG_LENGTH(hdr_len);
	h->nlmsg_type = (__u16)type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	h->nlmsg_seq = (__u32)seq;
	/* Every family header of rtnetlink starts with its family octet. */
	*(unsigned char *)NLMSG_DATA(h) = (unsigned char)family;
	return neg_errno((int)sendto(s->fd, req, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)));
}

/* Copies one datagram (one or more netlink messages) into out, waiting up to timeout_ms (< 0: forever) for it.
 * Returns its length, 0 after the timeout or a wake-up, -ENOBUFS when the kernel dropped messages because the
 * socket's buffer was full (the next read continues with newer ones), -EMSGSIZE when cap was too small. */
JNIEXPORT jint JNICALL Java_org_upf_bpf_NetlinkSocket_read(JNIEnv *env, jclass cls, jlong handle, jobject out,
								 jint cap, jint timeout_ms)
{
	UNUSED(cls);
	struct upf_netlink *s = PTR(handle);
	struct pollfd fds[2] = { { .fd = s->fd, .events = POLLIN }, { .fd = s->wake, .events = POLLIN } };
	void *buf = buffer_at(env, out, 0);
	uint64_t count;
	ssize_t n;

	if (!buf || cap <= 0)
		return -EINVAL;
	n = recv(s->fd, buf, (size_t)cap, MSG_TRUNC);
	if (n < 0 && errno == EAGAIN) {
		int ready = poll(fds, 2, timeout_ms);
		if (ready < 0)
			return errno == EINTR ? 0 : -errno;
		if (fds[1].revents & POLLIN) {
			if (read(s->wake, &count, sizeof(count)) < 0 && errno != EAGAIN)
				return -errno;
			return 0;
		}
		if (!(fds[0].revents & (POLLIN | POLLERR)))
			return 0;
		n = recv(s->fd, buf, (size_t)cap, MSG_TRUNC);
	}
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	return n > cap ? -EMSGSIZE : (jint)n;
}

/* Makes a read that is waiting (or the next one) return 0 at once; safe from any thread. */
JNIEXPORT jint JNICALL Java_org_upf_bpf_NetlinkSocket_wakeup(JNIEnv *env, jclass cls, jlong handle)
{
	UNUSED(env);
	UNUSED(cls);
	struct upf_netlink *s = PTR(handle);
	uint64_t one = 1;

	return write(s->wake, &one, sizeof(one)) < 0 ? -errno : 0;
}

/* Only once no read is running. */
JNIEXPORT void JNICALL Java_org_upf_bpf_NetlinkSocket_close(JNIEnv *env, jclass cls, jlong handle)
{
	UNUSED(env);
	UNUSED(cls);
	struct upf_netlink *s = PTR(handle);

	close(s->wake);
	close(s->fd);
	free(s);
}
