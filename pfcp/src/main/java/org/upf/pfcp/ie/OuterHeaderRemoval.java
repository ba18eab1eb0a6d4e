package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.64 Outer Header Removal: octet 5 Outer Header Removal Description (0 GTP-U/UDP/IPv4,
 * 1 GTP-U/UDP/IPv6, 2 UDP/IPv4, 3 UDP/IPv6, 4 IPv4, 5 IPv6, 6 GTP-U/UDP/IP, 7 VLAN S-TAG, 8 S-TAG and
 * C-TAG); optional octet 6 GTP-U Extension Header Deletion (bit 1: PDU Session Container).
 */
public record OuterHeaderRemoval(int description, int extensionHeaderDeletion) implements Ie {
    public static final int GTPU_UDP_IPV4 = 0;
    public static final int GTPU_UDP_IPV6 = 1;
    public static final int GTPU_UDP_IP = 6;
    public static final int ABSENT = -1;

    public static OuterHeaderRemoval of(int description) {
        return new OuterHeaderRemoval(description, ABSENT);
    }

    static Ie decode(IeReader r) {
        int d = r.u8("Outer Header Removal Description");
        int ext = r.hasRemaining() ? r.u8("GTP-U Extension Header Deletion") : ABSENT;
        return new OuterHeaderRemoval(d, ext);
    }

    @Override
    public int type() {
        return IeType.OUTER_HEADER_REMOVAL.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(description);
        if (extensionHeaderDeletion != ABSENT) {
            out.writeByte(extensionHeaderDeletion);
        }
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("description", description);
        if (extensionHeaderDeletion != ABSENT) {
            fields.put("deletePduSessionContainer", (extensionHeaderDeletion & 1) != 0);
        }
    }
}
