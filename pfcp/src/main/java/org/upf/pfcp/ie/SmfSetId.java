package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.131 SMF Set ID: octet 5 spare, then an FQDN encoded as DNS labels (as in the Node ID,
 * §8.2.38).
 */
public record SmfSetId(int spare, byte[] fqdn) implements Ie {

    static Ie decode(IeReader r) {
        int spare = r.u8("spare octet");
        if (!r.hasRemaining()) {
            throw r.tooShort("FQDN", 1);
        }
        return new SmfSetId(spare, r.rest());
    }

    @Override
    public int type() {
        return IeType.SMF_SET_ID.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(spare);
        out.writeBytes(fqdn);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("fqdn", DnsName.decode(fqdn));
    }
}
