package org.upf.bpf.packet;

import java.util.List;

/** A decoded ICMP or ICMPv6 header; id and seq are meaningful for echo messages. */
public record IcmpView(int offset, boolean v6, int type, int code, int checksum, int id, int seq)
        implements HeaderView {

    static IcmpView parse(byte[] b, int off, boolean v6) {
        if (b.length - off < 8) {
            return null;
        }
        return new IcmpView(off, v6, Bytes.u8(b, off), Bytes.u8(b, off + 1), Bytes.u16(b, off + 2),
                Bytes.u16(b, off + 4), Bytes.u16(b, off + 6));
    }

    @Override
    public String name() {
        return v6 ? "ICMPv6" : "ICMP";
    }

    @Override
    public int length() {
        return 8;
    }

    @Override
    public List<Field> fields() {
        return List.of(new Field("type", 0, 1), new Field("code", 1, 1), new Field("checksum", 2, 2),
                new Field("id", 4, 2), new Field("seq", 6, 2));
    }
}
