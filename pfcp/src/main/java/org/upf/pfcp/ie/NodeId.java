package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.38 Node ID: octet 5 = Spare(4) | Node ID Type(4) (0 IPv4, 1 IPv6, 2 FQDN);
 * then a 4-octet IPv4 address, a 16-octet IPv6 address, or an FQDN encoded as in TS 23.003 §19.4.2
 * (DNS labels, each preceded by its length, no trailing root label).
 */
public record NodeId(int typeOctet, byte[] value) implements Ie {
    public static final int IPV4 = 0;
    public static final int IPV6 = 1;
    public static final int FQDN = 2;

    public static NodeId ipv4(byte[] address) {
        return new NodeId(IPV4, Ip.check(address, Ip.V4, "IPv4 Node ID"));
    }

    public static NodeId ipv6(byte[] address) {
        return new NodeId(IPV6, Ip.check(address, Ip.V6, "IPv6 Node ID"));
    }

    public static NodeId fqdn(String name) {
        return new NodeId(FQDN, DnsName.encode(name));
    }

    static Ie decode(IeReader r) {
        int typeOctet = r.u8("Node ID Type");
        switch (typeOctet & 0xF) {
            case IPV4:
                return new NodeId(typeOctet, r.bytes(Ip.V4, "IPv4 address"));
            case IPV6:
                return new NodeId(typeOctet, r.bytes(Ip.V6, "IPv6 address"));
            case FQDN:
                if (!r.hasRemaining()) {
                    throw r.tooShort("FQDN", 1);
                }
                return new NodeId(typeOctet, r.rest());
            default:
                throw r.incorrect("unknown Node ID Type " + (typeOctet & 0xF));
        }
    }

    @Override
    public int type() {
        return IeType.NODE_ID.code();
    }

    public int nodeIdType() {
        return typeOctet & 0xF;
    }

    /** The address or FQDN as text. */
    public String text() {
        return nodeIdType() == FQDN ? DnsName.decode(value) : Ip.format(value);
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(typeOctet);
        out.writeBytes(value);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("nodeIdType", nodeIdType() == IPV4 ? "IPv4" : nodeIdType() == IPV6 ? "IPv6" : "FQDN")
                .put("value", text());
    }
}
