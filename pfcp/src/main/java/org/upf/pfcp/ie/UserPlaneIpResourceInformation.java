package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.82 User Plane IP Resource Information (removed from Release 16.3 but still sent by
 * Release 15 UPFs and expected by open5gs SMFs): octet 5 = Spare | ASSOSI (bit 7) | ASSONI (bit 6) |
 * TEIDRI (bits 3-5) | V6 (bit 2) | V4 (bit 1); TEID Range (1 octet) if TEIDRI &gt; 0; IPv4 address if V4;
 * IPv6 address if V6; Network Instance (the rest, less the last octet if ASSOSI) if ASSONI; Source
 * Interface (1 octet) if ASSOSI.
 */
public record UserPlaneIpResourceInformation(int flags, int teidRange, byte[] ipv4, byte[] ipv6,
                                             byte[] networkInstance, int sourceInterface) implements Ie {
    private static final int V4 = 0x01;
    private static final int V6 = 0x02;
    private static final int ASSONI = 0x20;
    private static final int ASSOSI = 0x40;
    public static final int ABSENT = -1;

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        int range = teidri(f) > 0 ? r.u8("TEID Range") : ABSENT;
        byte[] v4 = (f & V4) != 0 ? r.bytes(Ip.V4, "IPv4 address") : null;
        byte[] v6 = (f & V6) != 0 ? r.bytes(Ip.V6, "IPv6 address") : null;
        byte[] ni = null;
        if ((f & ASSONI) != 0) {
            int len = r.remaining() - ((f & ASSOSI) != 0 ? 1 : 0);
            ni = r.bytes(Math.max(len, 0), "Network Instance");
        }
        int si = (f & ASSOSI) != 0 ? r.u8("Source Interface") : ABSENT;
        return new UserPlaneIpResourceInformation(f, range, v4, v6, ni, si);
    }

    private static int teidri(int flags) {
        return (flags >> 2) & 0x7;
    }

    @Override
    public int type() {
        return IeType.USER_PLANE_IP_RESOURCE_INFORMATION.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        if (teidRange != ABSENT) {
            out.writeByte(teidRange);
        }
        IeWrite.optional(out, ipv4);
        IeWrite.optional(out, ipv6);
        IeWrite.optional(out, networkInstance);
        if (sourceInterface != ABSENT) {
            out.writeByte(sourceInterface);
        }
    }

    @Override
    public void describe(IeFields fields) {
        if (teidRange != ABSENT) {
            fields.put("teidri", teidri(flags)).put("teidRange", teidRange);
        }
        IeWrite.describeAddresses(fields, ipv4, ipv6);
        if (networkInstance != null) {
            fields.put("networkInstance", DnsName.decode(networkInstance));
        }
        if (sourceInterface != ABSENT) {
            fields.put("sourceInterface", sourceInterface & 0xF);
        }
    }
}
