package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * TS 29.244 §8.2.23 Forwarding Policy: 1-octet Forwarding Policy Identifier Length, then the identifier
 * (an octet string naming a policy pre-configured in the UP function).
 */
public record ForwardingPolicy(byte[] identifier) implements Ie {

    public static ForwardingPolicy of(String identifier) {
        return new ForwardingPolicy(identifier.getBytes(StandardCharsets.UTF_8));
    }

    static Ie decode(IeReader r) {
        return new ForwardingPolicy(r.bytes(r.u8("Forwarding Policy Identifier Length"),
                "Forwarding Policy Identifier"));
    }

    @Override
    public int type() {
        return IeType.FORWARDING_POLICY.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        IeWrite.prefixed(out, 1, identifier);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("identifier", new String(identifier, StandardCharsets.UTF_8));
    }
}
