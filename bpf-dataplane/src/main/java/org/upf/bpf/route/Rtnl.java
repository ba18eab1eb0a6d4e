package org.upf.bpf.route;

import java.nio.ByteBuffer;
import org.upf.bpf.BpfException;
import org.upf.bpf.Errno;

/**
 * The rtnetlink numbers this package uses (uapi linux/netlink.h, rtnetlink.h, neighbour.h, fib_rules.h,
 * nexthop.h) and the layout of the message header: nlmsghdr {len u32, type u16, flags u16, seq u32, pid u32},
 * then a family header (rtmsg, ndmsg, fib_rule_hdr: 12 octets; nhmsg: 8), then 4-aligned attributes
 * {len u16, type u16, value}.
 */
final class Rtnl {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int[] FAMILIES = {AF_INET, AF_INET6};
    /** Dumps of a table that keeps changing while it is dumped are tried this often before giving up. */
    static final int DUMP_ATTEMPTS = 5;

    static final int HEADER = 16;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_DELNEIGH = 29;
    static final int RTM_GETNEIGH = 30;
    static final int RTM_NEWRULE = 32;
    static final int RTM_DELRULE = 33;
    static final int RTM_GETRULE = 34;
    static final int RTM_NEWNETCONF = 80;
    static final int RTM_DELNETCONF = 81;
    static final int RTM_NEWNEXTHOP = 104;
    static final int RTM_DELNEXTHOP = 105;
    static final int RTM_GETNEXTHOP = 106;

    static final int RTNLGRP_LINK = 1;
    static final int RTNLGRP_NEIGH = 3;
    static final int RTNLGRP_IPV4_ROUTE = 7;
    static final int RTNLGRP_IPV4_RULE = 8;
    static final int RTNLGRP_IPV6_ROUTE = 11;
    static final int RTNLGRP_IPV6_RULE = 19;
    static final int RTNLGRP_IPV4_NETCONF = 24;
    static final int RTNLGRP_IPV6_NETCONF = 25;
    static final int RTNLGRP_NEXTHOP = 32;

    /** Family header sizes. */
    static final int RTMSG = 12;
    static final int NDMSG = 12;
    static final int FIB_RULE_HDR = 12;
    static final int NHMSG = 8;

    private Rtnl() {}

    /** After an inconsistent dump (attempt counts from 1): returns to try again, or throws after the last. */
    static void retryInconsistent(int attempt, String what) {
        if (attempt >= DUMP_ATTEMPTS) {
            throw new BpfException(Errno.EBUSY, what + " kept changing during " + attempt + " dumps");
        }
    }

    static int type(ByteBuffer m) {
        return m.getShort(4) & 0xffff;
    }

    static int u8(ByteBuffer m, int at) {
        return m.get(at) & 0xff;
    }

    /**
     * The attributes after a family header of headerLength octets, indexed by type (nested and byte-order flags
     * masked off); types beyond max are skipped.
     */
    static ByteBuffer[] attributes(ByteBuffer m, int headerLength, int max) {
        ByteBuffer[] out = new ByteBuffer[max + 1];
        int at = HEADER + align(headerLength);
        while (at + 4 <= m.limit()) {
            int len = m.getShort(at) & 0xffff;
            int type = m.getShort(at + 2) & 0x3fff;
            if (len < 4 || at + len > m.limit()) {
                break;
            }
            if (type <= max) {
                out[type] = m.slice(at + 4, len - 4).order(m.order());
            }
            at += align(len);
        }
        return out;
    }

    static byte[] bytes(ByteBuffer attribute) {
        byte[] b = new byte[attribute.remaining()];
        attribute.duplicate().get(b);
        return b;
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }
}
