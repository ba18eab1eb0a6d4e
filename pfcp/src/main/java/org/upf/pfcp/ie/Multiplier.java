package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.84 Multiplier: Value-Digits (Integer64, octets 5-12) and Exponent (Integer32, octets
 * 13-16); the multiplier is Value-Digits × 10^Exponent (as the Unit-Value AVP of RFC 4006).
 */
public record Multiplier(long valueDigits, int exponent) implements Ie {

    static Ie decode(IeReader r) {
        return new Multiplier(r.uint(8, "Value-Digits"), (int) r.u32("Exponent"));
    }

    @Override
    public int type() {
        return IeType.MULTIPLIER.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeLong(valueDigits);
        out.writeInt(exponent);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("valueDigits", valueDigits).put("exponent", exponent);
    }
}
