package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * Flag octet Spare(6) | V4 (bit 2) | V6 (bit 1), then the IPv4 address if V4 and the IPv6 address if V6:
 * Alternative SMF IP Address (§8.2.129) and CP PFCP Entity IP Address (§8.2.135).
 */
public record IpAddressesIe(int type, int flags, byte[] ipv4, byte[] ipv6) implements Ie {
    private static final int V6 = 0x01;
    private static final int V4 = 0x02;

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        byte[] v4 = (f & V4) != 0 ? r.bytes(Ip.V4, "IPv4 address") : null;
        byte[] v6 = (f & V6) != 0 ? r.bytes(Ip.V6, "IPv6 address") : null;
        return new IpAddressesIe(r.type(), f, v4, v6);
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        IeWrite.optional(out, ipv4);
        IeWrite.optional(out, ipv6);
    }

    @Override
    public void describe(IeFields fields) {
        IeWrite.describeAddresses(fields, ipv4, ipv6);
    }
}
