package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.56 Outer Header Creation: 2-octet description (octet 5: bit 1 GTP-U/UDP/IPv4, bit 2
 * GTP-U/UDP/IPv6, bit 3 UDP/IPv4, bit 4 UDP/IPv6, bit 5 IPv4, bit 6 IPv6, bit 7 C-TAG, bit 8 S-TAG;
 * octet 6: bit 1 N19 Indication, bit 2 N6 Indication), then TEID (4) for GTP-U, IPv4 address (4) for
 * bits 1/3/5, IPv6 address (16) for bits 2/4/6, port (2) for UDP, C-TAG (3), S-TAG (3).
 * A zero-length IE (open5gs issue #4423 crashed on it) is rejected as too short.
 */
public record OuterHeaderCreation(int description, long teid, byte[] ipv4, byte[] ipv6, int port, int cTag,
                                  int sTag) implements Ie {
    public static final int GTPU_UDP_IPV4 = 0x0100;
    public static final int GTPU_UDP_IPV6 = 0x0200;
    public static final int UDP_IPV4 = 0x0400;
    public static final int UDP_IPV6 = 0x0800;
    public static final int IPV4 = 0x1000;
    public static final int IPV6 = 0x2000;
    public static final int C_TAG = 0x4000;
    public static final int S_TAG = 0x8000;
    public static final int N19 = 0x0001;
    public static final int N6 = 0x0002;

    /** GTP-U/UDP/IPv4 (or IPv6) towards a peer TEID, the usual N3/N9 downlink or uplink encapsulation. */
    public static OuterHeaderCreation gtpu(long teid, byte[] ipv4, byte[] ipv6) {
        int d = (ipv4 != null ? GTPU_UDP_IPV4 : 0) | (ipv6 != null ? GTPU_UDP_IPV6 : 0);
        return new OuterHeaderCreation(d, teid, Ip.check(ipv4, Ip.V4, "IPv4"), Ip.check(ipv6, Ip.V6, "IPv6"), 0, 0, 0);
    }

    static Ie decode(IeReader r) {
        int d = r.u16("Outer Header Creation Description");
        long teid = has(d, GTPU_UDP_IPV4 | GTPU_UDP_IPV6) ? r.u32("TEID") : 0;
        byte[] v4 = has(d, GTPU_UDP_IPV4 | UDP_IPV4 | IPV4) ? r.bytes(Ip.V4, "IPv4 address") : null;
        byte[] v6 = has(d, GTPU_UDP_IPV6 | UDP_IPV6 | IPV6) ? r.bytes(Ip.V6, "IPv6 address") : null;
        int port = has(d, UDP_IPV4 | UDP_IPV6) ? r.u16("Port Number") : 0;
        int c = has(d, C_TAG) ? r.u24("C-TAG") : 0;
        int s = has(d, S_TAG) ? r.u24("S-TAG") : 0;
        return new OuterHeaderCreation(d, teid, v4, v6, port, c, s);
    }

    private static boolean has(int description, int bits) {
        return (description & bits) != 0;
    }

    @Override
    public int type() {
        return IeType.OUTER_HEADER_CREATION.code();
    }

    public boolean isGtpu() {
        return has(description, GTPU_UDP_IPV4 | GTPU_UDP_IPV6);
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeShort(description);
        if (isGtpu()) {
            out.writeInt((int) teid);
        }
        IeWrite.optional(out, ipv4);
        IeWrite.optional(out, ipv6);
        if (has(description, UDP_IPV4 | UDP_IPV6)) {
            out.writeShort(port);
        }
        if (has(description, C_TAG)) {
            out.writeMedium(cTag);
        }
        if (has(description, S_TAG)) {
            out.writeMedium(sTag);
        }
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("description", String.format("0x%04x", description));
        if (isGtpu()) {
            fields.put("teid", teid);
        }
        IeWrite.describeAddresses(fields, ipv4, ipv6);
        if (has(description, UDP_IPV4 | UDP_IPV6)) {
            fields.put("port", port);
        }
        if (has(description, C_TAG)) {
            fields.put("cTag", cTag);
        }
        if (has(description, S_TAG)) {
            fields.put("sTag", sTag);
        }
        if (has(description, N19 | N6)) {
            fields.put("n19", has(description, N19)).put("n6", has(description, N6));
        }
    }
}
