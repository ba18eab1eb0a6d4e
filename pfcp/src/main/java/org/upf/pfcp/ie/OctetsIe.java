package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * An IE whose value is an octet string: text such as Application ID (§8.2.6) or Activate Predefined Rules
 * (§8.2.72), DNS-label names such as Network Instance (§8.2.4) and APN/DNN (§8.2.103), and every IE this
 * codec keeps opaque, including unknown types (TS 29.244 §7.6.1: ignored by the receiver, kept verbatim
 * here so the message re-encodes in place).
 */
public record OctetsIe(int type, byte[] value) implements Ie {

    private static final Set<Integer> TEXT = Set.of(IeType.APPLICATION_ID.code(),
            IeType.ACTIVATE_PREDEFINED_RULES.code(), IeType.DEACTIVATE_PREDEFINED_RULES.code(),
            IeType.APPLICATION_INSTANCE_ID.code(), IeType.FRAMED_ROUTE.code(), IeType.FRAMED_IPV6_ROUTE.code(),
            IeType.PREDEFINED_RULES_NAME.code());
    private static final Set<Integer> DNS = Set.of(IeType.NETWORK_INSTANCE.code(), IeType.APN_DNN.code());

    public static OctetsIe text(IeType type, String text) {
        return new OctetsIe(type.code(), text.getBytes(StandardCharsets.UTF_8));
    }

    public static OctetsIe dnsName(IeType type, String name) {
        return new OctetsIe(type.code(), DnsName.encode(name));
    }

    static Ie decode(IeReader r) {
        return new OctetsIe(r.type(), r.rest());
    }

    /** The value as text: DNS labels joined with dots for names, UTF-8 for text IEs, hex otherwise. */
    public String text() {
        if (DNS.contains(type)) {
            return DnsName.decode(value);
        }
        return TEXT.contains(type) ? new String(value, StandardCharsets.UTF_8) : Hex.of(value);
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeBytes(value);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put(DNS.contains(type) || TEXT.contains(type) ? "value" : "hex", text());
    }
}
