package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * TS 29.244 §8.2.67 Header Enrichment: octet 5 = Spare(3) | Header Type(5) (0 HTTP); 1-octet length +
 * Header Field Name; 1-octet length + Header Field Value.
 */
public record HeaderEnrichment(int headerType, byte[] fieldName, byte[] fieldValue) implements Ie {

    public static HeaderEnrichment http(String name, String value) {
        return new HeaderEnrichment(0, name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    static Ie decode(IeReader r) {
        int t = r.u8("Header Type");
        byte[] n = r.bytes(r.u8("Length of Header Field Name"), "Header Field Name");
        byte[] v = r.bytes(r.u8("Length of Header Field Value"), "Header Field Value");
        return new HeaderEnrichment(t, n, v);
    }

    @Override
    public int type() {
        return IeType.HEADER_ENRICHMENT.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(headerType);
        IeWrite.prefixed(out, 1, fieldName);
        IeWrite.prefixed(out, 1, fieldValue);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("headerType", headerType & 0x1F).put("name", new String(fieldName, StandardCharsets.UTF_8))
                .put("value", new String(fieldValue, StandardCharsets.UTF_8));
    }
}
