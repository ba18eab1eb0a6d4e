package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/** Small helpers shared by IE encoders and describers. */
final class IeWrite {
    private IeWrite() {
    }

    /** Writes the octets if the optional field is present. */
    static void optional(ByteBuf out, byte[] field) {
        if (field != null) {
            out.writeBytes(field);
        }
    }

    static void describeAddresses(IeFields fields, byte[] ipv4, byte[] ipv6) {
        if (ipv4 != null) {
            fields.put("ipv4", Ip.format(ipv4));
        }
        if (ipv6 != null) {
            fields.put("ipv6", Ip.format(ipv6));
        }
    }

    /** Writes a length-prefixed field: {@code lengthOctets} (1 or 2) of length, then the octets. */
    static void prefixed(ByteBuf out, int lengthOctets, byte[] field) {
        if (lengthOctets == 1) {
            out.writeByte(field.length);
        } else {
            out.writeShort(field.length);
        }
        out.writeBytes(field);
    }
}
