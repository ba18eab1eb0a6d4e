package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * S-NSSAI (IE type 257, TS 29.244 Release 17): SST (1 octet) and SD (3 octets; 0xFFFFFF = no SD,
 * TS 23.003 §28.4.2).
 */
public record SNssai(int sst, int sd) implements Ie {

    static Ie decode(IeReader r) {
        return new SNssai(r.u8("SST"), r.u24("SD"));
    }

    @Override
    public int type() {
        return IeType.S_NSSAI.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(sst);
        out.writeMedium(sd);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("sst", sst).put("sd", String.format("%06x", sd));
    }
}
