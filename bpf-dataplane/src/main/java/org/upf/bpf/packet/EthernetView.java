package org.upf.bpf.packet;

import java.util.Arrays;
import java.util.List;

/** A decoded Ethernet II header with at most one 802.1Q tag; vlanId is -1 when untagged. */
public record EthernetView(int offset, MacAddress dst, MacAddress src, int vlanId, int vlanPriority, int etherType)
        implements HeaderView {

    static EthernetView parse(byte[] b, int off) {
        if (b.length - off < 14) {
            return null;
        }
        MacAddress dst = new MacAddress(Arrays.copyOfRange(b, off, off + 6));
        MacAddress src = new MacAddress(Arrays.copyOfRange(b, off + 6, off + 12));
        int type = Bytes.u16(b, off + 12);
        if (type != EthernetLayer.ETHERTYPE_VLAN) {
            return new EthernetView(off, dst, src, -1, 0, type);
        }
        if (b.length - off < 18) {
            return null;
        }
        int tci = Bytes.u16(b, off + 14);
        return new EthernetView(off, dst, src, tci & 0xFFF, tci >>> 13, Bytes.u16(b, off + 16));
    }

    @Override
    public String name() {
        return "Ethernet";
    }

    @Override
    public int length() {
        return vlanId < 0 ? 14 : 18;
    }

    @Override
    public List<Field> fields() {
        Field type = new Field("etherType", length() - 2, 2);
        return vlanId < 0
                ? List.of(new Field("dst", 0, 6), new Field("src", 6, 6), type)
                : List.of(new Field("dst", 0, 6), new Field("src", 6, 6), new Field("tpid", 12, 2),
                        new Field("tci", 14, 2), type);
    }
}
