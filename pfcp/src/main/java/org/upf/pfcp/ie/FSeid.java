package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.37 F-SEID: octet 5 = Spare(6) | V4 (bit 2) | V6 (bit 1); octets 6-13 SEID;
 * then the IPv4 address if V4, the IPv6 address if V6.
 */
public record FSeid(int flags, long seid, byte[] ipv4, byte[] ipv6) implements Ie {
    private static final int V6 = 0x01;
    private static final int V4 = 0x02;

    public static FSeid of(long seid, byte[] ipv4, byte[] ipv6) {
        int flags = (ipv4 != null ? V4 : 0) | (ipv6 != null ? V6 : 0);
        return new FSeid(flags, seid, Ip.check(ipv4, Ip.V4, "IPv4"), Ip.check(ipv6, Ip.V6, "IPv6"));
    }

    static Ie decode(IeReader r) {
        int flags = r.u8("flags");
        long seid = r.uint(8, "SEID");
        byte[] v4 = (flags & V4) != 0 ? r.bytes(Ip.V4, "IPv4 address") : null;
        byte[] v6 = (flags & V6) != 0 ? r.bytes(Ip.V6, "IPv6 address") : null;
        return new FSeid(flags, seid, v4, v6);
    }

    @Override
    public int type() {
        return IeType.F_SEID.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        out.writeLong(seid);
        IeWrite.optional(out, ipv4);
        IeWrite.optional(out, ipv6);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("seid", Long.toUnsignedString(seid));
        IeWrite.describeAddresses(fields, ipv4, ipv6);
    }
}
