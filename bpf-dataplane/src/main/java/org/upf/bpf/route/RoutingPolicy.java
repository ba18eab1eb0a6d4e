package org.upf.bpf.route;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.upf.bpf.BpfException;
import org.upf.bpf.Errno;
import org.upf.bpf.NetlinkSocket;

/**
 * Whether the routing of a network namespace lets the next-hop cache (upf_nexthop_v2) be right. The cache keys a
 * FIB result by destination, ingress ifindex and IPv4 ToS; the data path also hands bpf_fib_lookup the packet's
 * source address, L4 protocol and ports (upf_actions.h), with mark 0, no output interface and IPv6 flow info 0.
 * So the cache is wrong exactly where the FIB's answer depends on those four fields:
 * <ul>
 *   <li>a policy rule selecting by source address ({@code ip rule from}), L4 protocol or port
 *   ({@code ipproto}, {@code sport}, {@code dport});</li>
 *   <li>a multipath (ECMP) route, directly or through a nexthop group: the kernel picks the path by a hash of the
 *   source address (and ports with fib_multipath_hash_policy 1), the cache one path per destination and CPU;</li>
 *   <li>an IPv6 source-specific route ({@code ip -6 route ... from}).</li>
 * </ul>
 * Rules beyond the default ones that select only by destination, ingress interface, IPv4 ToS, firewall mark,
 * output interface, UID range, tunnel id, IPv6 DS field or flow label, or L3 master device leave the cache right:
 * for a given key they always match or never do (the data path's lookups carry mark 0, no output interface,
 * IPv6 flow info 0).
 */
public final class RoutingPolicy {
    /** fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action, flags. */
    private static final int RULE_SRC_LEN = Rtnl.HEADER + 2;
    private static final int FRA_SRC = 2;
    private static final int FRA_PRIORITY = 6;
    private static final int FRA_TABLE = 15;
    private static final int FRA_IP_PROTO = 22;
    private static final int FRA_SPORT_RANGE = 23;
    private static final int FRA_DPORT_RANGE = 24;
    /** rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags. */
    private static final int ROUTE_DST_LEN = Rtnl.HEADER + 1;
    private static final int ROUTE_SRC_LEN = Rtnl.HEADER + 2;
    private static final int ROUTE_TABLE = Rtnl.HEADER + 4;
    private static final int RTA_DST = 1;
    private static final int RTA_SRC = 2;
    private static final int RTA_MULTIPATH = 9;
    private static final int RTA_TABLE = 15;
    private static final int RTA_NH_ID = 30;
    /** nhmsg: family, scope, protocol, resvd, flags; nexthop_grp entries are 8 octets. */
    private static final int NHA_ID = 1;
    private static final int NHA_GROUP = 2;
    private static final int NEXTHOP_GRP = 8;

    private RoutingPolicy() {}

    /**
     * Why the next-hop cache would be wrong in the calling thread's network namespace (every reason found, one
     * per line), or empty when it is right.
     */
    public static Optional<String> check() {
        try (NetlinkSocket s = NetlinkSocket.forDumps()) {
            return check(s);
        }
    }

    static Optional<String> check(NetlinkSocket dumps) {
        for (int attempt = 1; ; attempt++) {
            List<String> reasons = new ArrayList<>();
            boolean consistent = true;
            for (int family : Rtnl.FAMILIES) {
                consistent &= dumps.dump(Rtnl.RTM_GETRULE, family, Rtnl.FIB_RULE_HDR, m -> add(reasons, ruleReason(m)));
            }
            Set<Integer> groups = new HashSet<>();
            consistent &= multipathGroups(dumps, groups);
            for (int family : Rtnl.FAMILIES) {
                consistent &= dumps.dump(Rtnl.RTM_GETROUTE, family, Rtnl.RTMSG,
                        m -> add(reasons, routeReason(m, groups)));
            }
            if (consistent) {
                return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", reasons));
            }
            Rtnl.retryInconsistent(attempt, "rules and routes");
        }
    }

    /** Whether a route notification can change {@link #check}'s verdict (so it must be run again). */
    static boolean concernsPolicy(ByteBuffer route) {
        ByteBuffer[] a = Rtnl.attributes(route, Rtnl.RTMSG, RTA_NH_ID);
        return a[RTA_MULTIPATH] != null || a[RTA_NH_ID] != null || Rtnl.u8(route, ROUTE_SRC_LEN) != 0;
    }

    /** The reason a rule (RTM_NEWRULE) makes the cache wrong, or null. */
    static String ruleReason(ByteBuffer m) {
        ByteBuffer[] a = Rtnl.attributes(m, Rtnl.FIB_RULE_HDR, FRA_DPORT_RANGE);
        String selector = Rtnl.u8(m, RULE_SRC_LEN) != 0 || a[FRA_SRC] != null ? "source address"
                : a[FRA_IP_PROTO] != null ? "L4 protocol"
                : a[FRA_SPORT_RANGE] != null || a[FRA_DPORT_RANGE] != null ? "L4 port" : null;
        if (selector == null) {
            return null;
        }
        long table = a[FRA_TABLE] != null ? a[FRA_TABLE].getInt(0) & 0xffffffffL : Rtnl.u8(m, Rtnl.HEADER + 4);
        int priority = a[FRA_PRIORITY] != null ? a[FRA_PRIORITY].getInt(0) : 0;
        String from = a[FRA_SRC] == null ? "" : " from " + prefix(a[FRA_SRC], Rtnl.u8(m, RULE_SRC_LEN));
        return family(m) + " rule " + priority + from + " (table " + table + ") selects by " + selector
                + "; the next-hop cache keys by destination";
    }

    /** The reason a route (RTM_NEWROUTE) makes the cache wrong, or null; groups: ids of multipath nexthop groups. */
    static String routeReason(ByteBuffer m, Set<Integer> groups) {
        ByteBuffer[] a = Rtnl.attributes(m, Rtnl.RTMSG, RTA_NH_ID);
        String why = a[RTA_MULTIPATH] != null && paths(a[RTA_MULTIPATH]) > 1 ? "is multipath (ECMP)"
                : a[RTA_NH_ID] != null && groups.contains(a[RTA_NH_ID].getInt(0)) ? "uses a multipath nexthop group"
                : Rtnl.u8(m, ROUTE_SRC_LEN) != 0 ? "is source-specific (from "
                        + prefix(a[RTA_SRC], Rtnl.u8(m, ROUTE_SRC_LEN)) + ")"
                : null;
        if (why == null) {
            return null;
        }
        long table = a[RTA_TABLE] != null ? a[RTA_TABLE].getInt(0) & 0xffffffffL : Rtnl.u8(m, ROUTE_TABLE);
        String dst = a[RTA_DST] == null ? "default" : prefix(a[RTA_DST], Rtnl.u8(m, ROUTE_DST_LEN));
        return family(m) + " route " + dst + " (table " + table + ") " + why
                + "; the next-hop cache keeps one path per destination";
    }

    /**
     * Adds the ids of nexthop groups with more than one member to ids (none where the kernel has no nexthop
     * objects); false when the dump was inconsistent.
     */
    private static boolean multipathGroups(NetlinkSocket dumps, Set<Integer> ids) {
        try {
            return dumps.dump(Rtnl.RTM_GETNEXTHOP, 0, Rtnl.NHMSG, m -> {
                ByteBuffer[] a = Rtnl.attributes(m, Rtnl.NHMSG, NHA_GROUP);
                if (a[NHA_ID] != null && a[NHA_GROUP] != null && a[NHA_GROUP].remaining() / NEXTHOP_GRP > 1) {
                    ids.add(a[NHA_ID].getInt(0));
                }
            });
        } catch (BpfException e) {
            if (e.errno() != Errno.ENOTSUP && e.errno() != Errno.EINVAL) {
                throw e;
            }
            return true; // a kernel without nexthop objects, so without groups
        }
    }

    /** Entries of an RTA_MULTIPATH attribute (rtnexthop {len u16, flags u8, hops u8, ifindex s32} + attributes). */
    private static int paths(ByteBuffer multipath) {
        int n = 0;
        for (int at = 0; at + 8 <= multipath.limit(); n++) {
            int len = multipath.getShort(at) & 0xffff;
            if (len < 8) {
                break;
            }
            at += (len + 3) & ~3;
        }
        return n;
    }

    private static String family(ByteBuffer m) {
        return Rtnl.u8(m, Rtnl.HEADER) == Rtnl.AF_INET6 ? "IPv6" : "IPv4";
    }

    private static String prefix(ByteBuffer address, int length) {
        if (address == null) {
            return "?/" + length;
        }
        try {
            return InetAddress.getByAddress(Rtnl.bytes(address)).getHostAddress() + "/" + length;
        } catch (UnknownHostException e) {
            return "?/" + length; // not 4 or 16 octets: the kernel never sends that
        }
    }

    private static void add(List<String> reasons, String reason) {
        if (reason != null) {
            reasons.add(reason);
        }
    }
}
