package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.81 Time Quota Mechanism: octet 5 = Spare(6) | BTIT (0 CTP, 1 DTP); octets 6-9 Base
 * Time Interval (Unsigned32 seconds, TS 32.299 §7.2.29).
 */
public record TimeQuotaMechanism(int btitOctet, long baseTimeInterval) implements Ie {

    static Ie decode(IeReader r) {
        return new TimeQuotaMechanism(r.u8("BTIT"), r.u32("Base Time Interval"));
    }

    @Override
    public int type() {
        return IeType.TIME_QUOTA_MECHANISM.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(btitOctet);
        out.writeInt((int) baseTimeInterval);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("btit", (btitOctet & 0x3) == 0 ? "CTP" : "DTP").put("baseTimeInterval", baseTimeInterval);
    }
}
