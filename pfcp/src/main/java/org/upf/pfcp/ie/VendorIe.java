package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * Vendor-specific IE, TS 29.244 §8.1.1: type 32768..65535, a 2-octet Enterprise ID (IANA SMI Private
 * Enterprise Code) follows the Length and is counted in it. Kept verbatim.
 */
public record VendorIe(int type, int enterpriseId, byte[] data) implements Ie {

    public VendorIe {
        if (!IeType.isVendorSpecific(type)) {
            throw new IllegalArgumentException("vendor IE types are >= 32768: " + type);
        }
    }

    static Ie decode(IeReader r) {
        return new VendorIe(r.type(), r.u16("Enterprise ID"), r.rest());
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeShort(enterpriseId);
        out.writeBytes(data);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("enterpriseId", enterpriseId).put("hex", Hex.of(data));
    }
}
