package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.43 FQ-CSID: octet 5 = FQ-CSID Node-ID Type(4) (0 IPv4, 1 IPv6, 2 MCC/MNC-based 4-octet
 * value) | Number of CSIDs(4); Node-Address (4, 16 or 4 octets); the CSIDs (2 octets each).
 */
public record FqCsid(int typeOctet, byte[] nodeAddress, int[] csids) implements Ie {

    static Ie decode(IeReader r) {
        int t = r.u8("Node-ID Type / Number of CSIDs");
        int addressLength = switch (t >> 4) {
            case 0, 2 -> 4;
            case 1 -> 16;
            default -> throw r.incorrect("unknown FQ-CSID Node-ID Type " + (t >> 4));
        };
        byte[] addr = r.bytes(addressLength, "Node-Address");
        int[] csids = new int[t & 0xF];
        for (int i = 0; i < csids.length; i++) {
            csids[i] = r.u16("PDN Connection Set Identifier");
        }
        return new FqCsid(t, addr, csids);
    }

    @Override
    public int type() {
        return IeType.FQ_CSID.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(typeOctet);
        out.writeBytes(nodeAddress);
        for (int c : csids) {
            out.writeShort(c);
        }
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("nodeIdType", typeOctet >> 4)
                .put("nodeAddress", (typeOctet >> 4) == 2 ? Hex.of(nodeAddress) : Ip.format(nodeAddress))
                .put("csids", java.util.Arrays.stream(csids).boxed().toList());
    }
}
