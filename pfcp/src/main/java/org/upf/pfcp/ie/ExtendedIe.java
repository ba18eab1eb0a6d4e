package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * A typed IE followed by octets beyond the fields this release defines. TS 29.244 §8.1.1 lets a sender
 * append such octets and the receiver ignores them; we keep them so the IE re-encodes byte for byte.
 */
public record ExtendedIe(Ie ie, byte[] extraOctets) implements Ie {

    @Override
    public int type() {
        return ie.type();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        ie.encodeValue(out);
        out.writeBytes(extraOctets);
    }

    @Override
    public void describe(IeFields fields) {
        ie.describe(fields);
        fields.put("extraOctets", Hex.of(extraOctets));
    }

    @Override
    public Ie unwrap() {
        return ie;
    }
}
