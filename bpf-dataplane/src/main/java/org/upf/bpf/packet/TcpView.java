package org.upf.bpf.packet;

import java.util.List;

/** A decoded TCP header (RFC 9293 §3.1). */
public record TcpView(int offset, int srcPort, int dstPort, long seq, long ack, int dataOffset, int flags,
        int window, int checksum) implements HeaderView {

    static TcpView parse(byte[] b, int off) {
        if (b.length - off < 20) {
            return null;
        }
        return new TcpView(off, Bytes.u16(b, off), Bytes.u16(b, off + 2), Bytes.u32(b, off + 4),
                Bytes.u32(b, off + 8), (Bytes.u8(b, off + 12) >>> 4) * 4, Bytes.u8(b, off + 13),
                Bytes.u16(b, off + 14), Bytes.u16(b, off + 16));
    }

    @Override
    public String name() {
        return "TCP";
    }

    @Override
    public int length() {
        return Math.max(20, dataOffset);
    }

    @Override
    public List<Field> fields() {
        return List.of(new Field("srcPort", 0, 2), new Field("dstPort", 2, 2), new Field("seq", 4, 4),
                new Field("ack", 8, 4), new Field("dataOffset", 12, 1), new Field("flags", 13, 1),
                new Field("window", 14, 2), new Field("checksum", 16, 2), new Field("urgentPointer", 18, 2));
    }
}
