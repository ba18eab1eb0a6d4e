package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.8 MBR and §8.2.9 GBR: uplink (octets 5-9) and downlink (octets 10-14) bit rates in
 * kbps as 40-bit unsigned integers.
 */
public record BitRate(int type, long ulKbps, long dlKbps) implements Ie {
    private static final int RATE_OCTETS = 5;

    public static BitRate mbr(long ulKbps, long dlKbps) {
        return new BitRate(IeType.MBR.code(), ulKbps, dlKbps);
    }

    public static BitRate gbr(long ulKbps, long dlKbps) {
        return new BitRate(IeType.GBR.code(), ulKbps, dlKbps);
    }

    static Ie decode(IeReader r) {
        return new BitRate(r.type(), r.uint(RATE_OCTETS, "UL bit rate"), r.uint(RATE_OCTETS, "DL bit rate"));
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte((int) (ulKbps >>> 32));
        out.writeInt((int) ulKbps);
        out.writeByte((int) (dlKbps >>> 32));
        out.writeInt((int) dlKbps);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("ulKbps", ulKbps).put("dlKbps", dlKbps);
    }
}
