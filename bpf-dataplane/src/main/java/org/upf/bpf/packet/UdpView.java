package org.upf.bpf.packet;

import java.util.List;

/** A decoded UDP header (RFC 768). */
public record UdpView(int offset, int srcPort, int dstPort, int udpLength, int checksum) implements HeaderView {

    static UdpView parse(byte[] b, int off) {
        if (b.length - off < 8) {
            return null;
        }
        return new UdpView(off, Bytes.u16(b, off), Bytes.u16(b, off + 2), Bytes.u16(b, off + 4), Bytes.u16(b, off + 6));
    }

    @Override
    public String name() {
        return "UDP";
    }

    @Override
    public int length() {
        return 8;
    }

    @Override
    public List<Field> fields() {
        return List.of(new Field("srcPort", 0, 2), new Field("dstPort", 2, 2), new Field("length", 4, 2),
                new Field("checksum", 6, 2));
    }
}
