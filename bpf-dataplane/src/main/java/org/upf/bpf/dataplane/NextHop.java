package org.upf.bpf.dataplane;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Mirror of struct upf_nexthop: one CPU's cached FIB result in upf_nexthop_v2 (see upf_nexthop.h). Numbers host
 * order, addresses network order. Version 1 kept the expiry in coarse CLOCK_MONOTONIC ns and smac before dmac.
 *
 * @param cpu            the CPU whose copy this is
 * @param destination    the looked-up destination (the inner one, or the outer peer with Outer Header Creation)
 * @param ingressIfindex the interface the packets arrived on
 * @param tos            IPv4 ToS of the lookup (0 for IPv6)
 * @param maxLength      largest IP packet length the FIB's MTU check accepted for this entry
 * @param egressIfindex  where the packets leave
 * @param sourceMac      "aa:bb:cc:dd:ee:ff"
 * @param destinationMac the neighbour's MAC address
 * @param expiresJiffies the kernel tick count (jiffies) from which the entry is looked up again
 * @param hits           packets forwarded with this entry instead of a FIB lookup
 */
public record NextHop(int cpu, InetAddress destination, int ingressIfindex, int tos, int maxLength,
                      int egressIfindex, String sourceMac, String destinationMac, long expiresJiffies, long hits) {
    public static final int LAYOUT_VERSION = 2;
    public static final String MAP = "upf_nexthop_v" + LAYOUT_VERSION;
    public static final CStruct C = CStruct.of("upf_nexthop", 56)
            .member("dst", 0, 16)
            .member("ifindex_in", 16, 4)
            .member("family", 20, 1)
            .member("tos", 21, 1)
            .member("max_len", 22, 2)
            .member("dmac", 24, 6)
            .member("smac", 30, 6)
            .member("ifindex_out", 36, 4)
            .member("expires", 40, 8)
            .member("hits", 48, 8);

    private static final HexFormat MAC = HexFormat.ofDelimiter(":");

    /** The entry at buf[at] (host order buffer), or null for an empty slot. */
    static NextHop read(ByteBuffer buf, int at, int cpu) {
        int family = buf.get(at + C.offset("family"));
        if (family != 4 && family != 6) {
            return null;
        }
        byte[] dst = new byte[16];
        buf.get(at + C.offset("dst"), dst);
        byte[] smac = new byte[6];
        buf.get(at + C.offset("smac"), smac);
        byte[] dmac = new byte[6];
        buf.get(at + C.offset("dmac"), dmac);
        try {
            InetAddress addr = InetAddress.getByAddress(family == 4 ? Arrays.copyOf(dst, 4) : dst);
            return new NextHop(cpu, addr, buf.getInt(at + C.offset("ifindex_in")), buf.get(at + C.offset("tos")) & 0xff,
                    buf.getShort(at + C.offset("max_len")) & 0xffff, buf.getInt(at + C.offset("ifindex_out")),
                    MAC.formatHex(smac), MAC.formatHex(dmac), buf.getLong(at + C.offset("expires")),
                    buf.getLong(at + C.offset("hits")));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of 4 or 16 octets rejected", e);
        }
    }
}
