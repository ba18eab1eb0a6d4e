package org.upf.bpf.packet;

import java.net.InetAddress;
import java.util.List;

/** A decoded IPv4 header (RFC 791 §3.1). */
public record Ipv4View(int offset, int headerLength, int tos, int totalLength, int identification,
        int flagsAndOffset, int ttl, int protocol, int checksum, InetAddress src, InetAddress dst,
        boolean checksumValid) implements HeaderView {

    static Ipv4View parse(byte[] b, int off) {
        if (b.length - off < 20 || Bytes.u8(b, off) >>> 4 != 4) {
            return null;
        }
        int ihl = (Bytes.u8(b, off) & 0xF) * 4;
        if (ihl < 20 || b.length - off < ihl) {
            return null;
        }
        return new Ipv4View(off, ihl, Bytes.u8(b, off + 1), Bytes.u16(b, off + 2), Bytes.u16(b, off + 4),
                Bytes.u16(b, off + 6), Bytes.u8(b, off + 8), Bytes.u8(b, off + 9), Bytes.u16(b, off + 10),
                Bytes.address(b, off + 12, 4), Bytes.address(b, off + 16, 4), Checksum.of(b, off, ihl) == 0);
    }

    public int dscp() {
        return tos >>> 2;
    }

    @Override
    public String name() {
        return "IPv4";
    }

    @Override
    public int length() {
        return headerLength;
    }

    @Override
    public List<Field> fields() {
        return List.of(new Field("versionIhl", 0, 1), new Field("tos", 1, 1), new Field("totalLength", 2, 2),
                new Field("identification", 4, 2), new Field("flagsFragmentOffset", 6, 2), new Field("ttl", 8, 1),
                new Field("protocol", 9, 1), new Field("checksum", 10, 2), new Field("src", 12, 4),
                new Field("dst", 16, 4), new Field("options", 20, headerLength - 20));
    }
}
