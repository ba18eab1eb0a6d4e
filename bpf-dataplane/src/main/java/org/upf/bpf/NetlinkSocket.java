package org.upf.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * An rtnetlink (NETLINK_ROUTE) socket of the network namespace of the thread that opens it (netlink.c): joins
 * multicast groups for change notifications and/or sends dump requests. Messages are handed over raw, header
 * included, as host-order views valid only during the call; org.upf.bpf.route decodes them. One reader thread;
 * {@link #wakeup()} and nothing else may be called from another one.
 */
public final class NetlinkSocket implements AutoCloseable {
    /** {@link #read} result: the kernel dropped notifications because the socket's buffer was full. */
    public static final int OVERRUN = -1;
    private static final int ENOBUFS = 105;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLMSG_HDRLEN = 16;
    private static final int NLM_F_DUMP_INTR = 0x10;
    /** Larger than any datagram the kernel builds for a notification or a dump part (32 KiB at most). */
    private static final int BUFFER = 64 << 10;
    private static final int DUMP_TIMEOUT_MS = 5_000;

    static {
        Native.ensureLoaded();
    }

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.nativeOrder());
    private volatile long handle;
    private int seq;

    private NetlinkSocket(long handle) {
        this.handle = handle;
    }

    /**
     * A socket receiving the notifications of groups (RTNLGRP_* numbers); receiveBufferBytes sets its receive buffer
     * (SO_RCVBUFFORCE, else SO_RCVBUF capped by net.core.rmem_max; 0: the system default), beyond which the kernel
     * drops notifications and the next {@link #read} reports {@link #OVERRUN}.
     */
    public static NetlinkSocket subscribe(int receiveBufferBytes, int... groups) {
        long h = open(groups.clone(), receiveBufferBytes);
        if (h < 0) {
            throw new BpfException((int) -h, "cannot open a netlink socket for groups "
                    + java.util.Arrays.toString(groups));
        }
        return new NetlinkSocket(h);
    }

    /** A socket for {@link #dump} requests only. */
    public static NetlinkSocket forDumps() {
        return subscribe(0);
    }

    /**
     * Delivers the messages of the next datagram, waiting up to timeoutMillis (negative: until one arrives or
     * {@link #wakeup()}); returns how many, 0 after the timeout or a wake-up, or {@link #OVERRUN}.
     */
    public int read(int timeoutMillis, Consumer<ByteBuffer> message) {
        int n = read(checkOpen(), buffer, buffer.capacity(), timeoutMillis);
        if (n == -ENOBUFS) {
            return OVERRUN;
        }
        BpfException.check(n, "cannot read the netlink socket");
        int count = 0;
        for (int at = 0; at + NLMSG_HDRLEN <= n; count++) {
            int len = buffer.getInt(at);
            if (len < NLMSG_HDRLEN || at + len > n) {
                break; // a truncated tail: the kernel never sends one
            }
            message.accept(buffer.slice(at, len).order(ByteOrder.nativeOrder()));
            at += (len + 3) & ~3;
        }
        return count;
    }

    /**
     * Dumps the kernel's objects of type (RTM_GET*) for family, with a zeroed family header of headerLength octets
     * (rtmsg 12, ndmsg 12, fib_rule_hdr 12, nhmsg 8), delivering each answer message to each. Only for a socket
     * without groups: notifications would be mixed in. Returns false when the kernel flagged the dump inconsistent
     * (NLM_F_DUMP_INTR: the objects changed while it was built, so some may be missing or doubled).
     */
    public boolean dump(int type, int family, int headerLength, Consumer<ByteBuffer> each) {
        int mySeq = ++seq;
        BpfException.check(dump(checkOpen(), type, family, headerLength, mySeq), "cannot send netlink dump " + type);
        boolean[] done = {false};
        boolean[] consistent = {true};
        while (!done[0]) {
            int n = read(DUMP_TIMEOUT_MS, m -> {
                if (m.getInt(8) != mySeq || done[0]) {
                    return; // an answer to an earlier, abandoned request
                }
                if ((m.getShort(6) & NLM_F_DUMP_INTR) != 0) {
                    consistent[0] = false;
                }
                int t = m.getShort(4) & 0xffff;
                if (t == NLMSG_DONE) {
                    done[0] = true;
                } else if (t == NLMSG_ERROR) {
                    int errno = -m.getInt(NLMSG_HDRLEN);
                    if (errno != 0) {
                        throw new BpfException(errno, "netlink dump " + type + " for family " + family + " failed");
                    }
                } else {
                    each.accept(m);
                }
            });
            if (n == 0) {
                throw new BpfException(Errno.EBUSY, "netlink dump " + type + " did not finish in "
                        + DUMP_TIMEOUT_MS + " ms");
            }
        }
        return consistent[0];
    }

    /** Makes a waiting {@link #read} (or the next one) return 0 at once. Any thread. */
    public void wakeup() {
        BpfException.check(wakeup(checkOpen()), "cannot wake the netlink reader");
    }

    /** Only once no {@link #read} runs (the reader thread closes, or its owner after joining it). */
    @Override
    public void close() {
        if (handle != 0) {
            close(handle);
            handle = 0;
        }
    }

    private long checkOpen() {
        if (handle == 0) {
            throw new IllegalStateException("netlink socket is closed");
        }
        return handle;
    }

    private static native long open(int[] groups, int receiveBufferBytes);

    private static native int dump(long handle, int type, int family, int headerLength, int seq);

    private static native int read(long handle, ByteBuffer out, int capacity, int timeoutMillis);

    private static native int wakeup(long handle);

    private static native void close(long handle);
}
