package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.62 UE IP Address: octet 5 = Spare | IP6PL (bit 7) | CHV6 (bit 6) | CHV4 (bit 5) |
 * IPv6D (bit 4) | S/D (bit 3) | V4 (bit 2) | V6 (bit 1). Then the IPv4 address if V4, the IPv6 address
 * if V6, the IPv6 Prefix Delegation Bits (1 octet) if IPv6D, the IPv6 Prefix Length (1 octet) if IP6PL.
 * Release 17 makes V4/CHV4 (and V6/CHV6) exclusive: CHV4 asks the UPF to choose an IPv4 address and carries
 * none. A peer setting both (the Release 16.2 style) gets no address read; octets it sent anyway are kept
 * as extra octets, so either form decodes and re-encodes.
 */
public record UeIpAddress(int flags, byte[] ipv4, byte[] ipv6, int prefixDelegationBits, int prefixLength)
        implements Ie {
    public static final int V6 = 0x01;
    public static final int V4 = 0x02;
    /** S/D: 1 = destination address (downlink PDI), 0 = source (uplink). */
    public static final int SD = 0x04;
    public static final int IPV6D = 0x08;
    public static final int CHV4 = 0x10;
    public static final int CHV6 = 0x20;
    public static final int IP6PL = 0x40;
    public static final int ABSENT = -1;

    public static UeIpAddress of(boolean destination, byte[] ipv4, byte[] ipv6) {
        int flags = (destination ? SD : 0) | (ipv4 != null ? V4 : 0) | (ipv6 != null ? V6 : 0);
        return new UeIpAddress(flags, Ip.check(ipv4, Ip.V4, "IPv4"), Ip.check(ipv6, Ip.V6, "IPv6"), ABSENT, ABSENT);
    }

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        byte[] v4 = (f & V4) != 0 && (f & CHV4) == 0 ? r.bytes(Ip.V4, "IPv4 address") : null;
        byte[] v6 = (f & V6) != 0 && (f & CHV6) == 0 ? r.bytes(Ip.V6, "IPv6 address") : null;
        int pd = (f & IPV6D) != 0 ? r.u8("IPv6 Prefix Delegation Bits") : ABSENT;
        int pl = (f & IP6PL) != 0 ? r.u8("IPv6 Prefix Length") : ABSENT;
        return new UeIpAddress(f, v4, v6, pd, pl);
    }

    @Override
    public int type() {
        return IeType.UE_IP_ADDRESS.code();
    }

    public boolean isDestination() {
        return (flags & SD) != 0;
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        IeWrite.optional(out, ipv4);
        IeWrite.optional(out, ipv6);
        if (prefixDelegationBits != ABSENT) {
            out.writeByte(prefixDelegationBits);
        }
        if (prefixLength != ABSENT) {
            out.writeByte(prefixLength);
        }
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("sd", isDestination() ? "destination" : "source");
        IeWrite.describeAddresses(fields, ipv4, ipv6);
        if ((flags & CHV4) != 0) {
            fields.put("chv4", true);
        }
        if ((flags & CHV6) != 0) {
            fields.put("chv6", true);
        }
        if (prefixDelegationBits != ABSENT) {
            fields.put("ipv6PrefixDelegationBits", prefixDelegationBits);
        }
        if (prefixLength != ABSENT) {
            fields.put("ipv6PrefixLength", prefixLength);
        }
    }
}
