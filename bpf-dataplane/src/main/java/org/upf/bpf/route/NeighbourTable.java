package org.upf.bpf.route;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * What bpf_fib_lookup would answer for each IPv4/IPv6 neighbour: its link-layer address while the entry is in a
 * NUD_VALID state, nothing otherwise (the lookup then returns NO_NEIGH and the cache is not filled). A change of
 * that answer for a neighbour that had one is what makes cached next hops wrong: a new MAC, an entry gone or
 * failed. A state change that keeps the address (REACHABLE, STALE, DELAY, PROBE: the kernel refreshing
 * reachability) changes nothing the cache holds, and a neighbour that had no answer cannot be in the cache, so
 * neither flushes.
 */
final class NeighbourTable {
    /** ndmsg: family u8, pad u8, pad u16, ifindex s32, state u16, flags u8, type u8. */
    private static final int IFINDEX = Rtnl.HEADER + 4;
    private static final int STATE = Rtnl.HEADER + 8;
    private static final int FLAGS = Rtnl.HEADER + 10;
    private static final int NDA_DST = 1;
    private static final int NDA_LLADDR = 2;
    private static final int NTF_PROXY = 0x08;
    /** NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY (include/net/neighbour.h). */
    private static final int NUD_VALID = 0x80 | 0x40 | 0x02 | 0x10 | 0x04 | 0x08;
    private static final HexFormat HEX = HexFormat.of();

    /** family/ifindex/address -> link-layer address (hex). */
    private final Map<String, String> answers = new HashMap<>();

    /** Forgets everything (before a fresh dump). */
    void clear() {
        answers.clear();
    }

    /**
     * Applies an RTM_NEWNEIGH / RTM_DELNEIGH message (a dump answer is an RTM_NEWNEIGH); returns whether cached
     * next hops through this neighbour may now be wrong.
     */
    boolean apply(ByteBuffer m) {
        int family = Rtnl.u8(m, Rtnl.HEADER);
        if ((family != Rtnl.AF_INET && family != Rtnl.AF_INET6) || (Rtnl.u8(m, FLAGS) & NTF_PROXY) != 0) {
            return false; // bridge FDB entries and proxy entries are not next hops
        }
        ByteBuffer[] a = Rtnl.attributes(m, Rtnl.NDMSG, NDA_LLADDR);
        if (a[NDA_DST] == null) {
            return false;
        }
        String key = family + "/" + m.getInt(IFINDEX) + "/" + HEX.formatHex(Rtnl.bytes(a[NDA_DST]));
        boolean valid = Rtnl.type(m) == Rtnl.RTM_NEWNEIGH && (m.getShort(STATE) & NUD_VALID) != 0
                && a[NDA_LLADDR] != null;
        String answer = valid ? HEX.formatHex(Rtnl.bytes(a[NDA_LLADDR])) : null;
        String before = answer == null ? answers.remove(key) : answers.put(key, answer);
        return before != null && !Objects.equals(before, answer);
    }

    int size() {
        return answers.size();
    }
}
