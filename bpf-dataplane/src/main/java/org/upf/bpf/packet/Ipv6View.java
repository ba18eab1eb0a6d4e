package org.upf.bpf.packet;

import java.net.InetAddress;
import java.util.List;

/** A decoded IPv6 fixed header (RFC 8200 §3). */
public record Ipv6View(int offset, int trafficClass, int flowLabel, int payloadLength, int nextHeader,
        int hopLimit, InetAddress src, InetAddress dst) implements HeaderView {

    static Ipv6View parse(byte[] b, int off) {
        if (b.length - off < 40 || Bytes.u8(b, off) >>> 4 != 6) {
            return null;
        }
        long first = Bytes.u32(b, off);
        return new Ipv6View(off, (int) (first >>> 20) & 0xFF, (int) first & 0xFFFFF, Bytes.u16(b, off + 4),
                Bytes.u8(b, off + 6), Bytes.u8(b, off + 7), Bytes.address(b, off + 8, 16),
                Bytes.address(b, off + 24, 16));
    }

    @Override
    public String name() {
        return "IPv6";
    }

    @Override
    public int length() {
        return 40;
    }

    @Override
    public List<Field> fields() {
        return List.of(new Field("versionClassFlow", 0, 4), new Field("payloadLength", 4, 2),
                new Field("nextHeader", 6, 1), new Field("hopLimit", 7, 1), new Field("src", 8, 16),
                new Field("dst", 24, 16));
    }
}
