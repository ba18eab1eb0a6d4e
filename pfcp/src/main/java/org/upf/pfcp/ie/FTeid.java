package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.3 F-TEID: octet 5 = Spare(4) | CHID (bit 4) | CH (bit 3) | V6 (bit 2) | V4 (bit 1).
 * With CH=0: TEID (4 octets), IPv4 address if V4, IPv6 address if V6. With CH=1 the UP function
 * chooses the TEID and addresses (V4/V6 say which families), none are present. CHOOSE ID (1 octet)
 * follows if CHID=1, so the same choice can be shared by several PDRs.
 */
public record FTeid(int flags, long teid, byte[] ipv4, byte[] ipv6, int chooseId) implements Ie {
    private static final int V4 = 0x01;
    private static final int V6 = 0x02;
    private static final int CH = 0x04;
    private static final int CHID = 0x08;
    public static final int NO_CHOOSE_ID = -1;

    /** An F-TEID with a TEID and address(es) (CH=0). */
    public static FTeid of(long teid, byte[] ipv4, byte[] ipv6) {
        int flags = (ipv4 != null ? V4 : 0) | (ipv6 != null ? V6 : 0);
        return new FTeid(flags, teid, Ip.check(ipv4, Ip.V4, "IPv4"), Ip.check(ipv6, Ip.V6, "IPv6"), NO_CHOOSE_ID);
    }

    /** CH=1: the UP function allocates; {@code chooseId} >= 0 sets CHID. */
    public static FTeid choose(boolean v4, boolean v6, int chooseId) {
        int flags = CH | (v4 ? V4 : 0) | (v6 ? V6 : 0) | (chooseId >= 0 ? CHID : 0);
        return new FTeid(flags, 0, null, null, chooseId);
    }

    static Ie decode(IeReader r) {
        int flags = r.u8("flags");
        long teid = 0;
        byte[] v4 = null;
        byte[] v6 = null;
        if ((flags & CH) == 0) {
            teid = r.u32("TEID");
            v4 = (flags & V4) != 0 ? r.bytes(Ip.V4, "IPv4 address") : null;
            v6 = (flags & V6) != 0 ? r.bytes(Ip.V6, "IPv6 address") : null;
        }
        int chooseId = (flags & CHID) != 0 ? r.u8("CHOOSE ID") : NO_CHOOSE_ID;
        return new FTeid(flags, teid, v4, v6, chooseId);
    }

    @Override
    public int type() {
        return IeType.F_TEID.code();
    }

    public boolean choose() {
        return (flags & CH) != 0;
    }

    public boolean hasV4() {
        return (flags & V4) != 0;
    }

    public boolean hasV6() {
        return (flags & V6) != 0;
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        if (!choose()) {
            out.writeInt((int) teid);
            IeWrite.optional(out, ipv4);
            IeWrite.optional(out, ipv6);
        }
        if ((flags & CHID) != 0) {
            out.writeByte(chooseId);
        }
    }

    @Override
    public void describe(IeFields fields) {
        if (choose()) {
            fields.put("ch", true).put("v4", hasV4()).put("v6", hasV6());
        } else {
            fields.put("teid", teid);
            IeWrite.describeAddresses(fields, ipv4, ipv6);
        }
        if (chooseId != NO_CHOOSE_ID) {
            fields.put("chooseId", chooseId);
        }
    }
}
