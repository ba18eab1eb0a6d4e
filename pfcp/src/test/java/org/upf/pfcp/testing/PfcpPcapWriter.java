package org.upf.pfcp.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes PFCP messages into a classic little-endian pcap (tcpdump.org pcap(5), LINKTYPE_ETHERNET), one
 * Ethernet / IPv4 / UDP datagram to port 8805 per message, SMF 198.18.0.1 to UPF 198.18.0.2, so tshark's
 * PFCP dissector (and our own capture reader) see them as on the wire. Frame i carries message i.
 */
public final class PfcpPcapWriter {
    public static final int PFCP_PORT = 8805;
    private static final byte[] SMF = {(byte) 198, 18, 0, 1};
    private static final byte[] UPF = {(byte) 198, 18, 0, 2};

    private PfcpPcapWriter() {
    }

    public static Path write(Path file, List<byte[]> pfcpMessages) throws IOException {
        ByteBuf out = Unpooled.buffer();
        // Global header: magic, version 2.4, thiszone, sigfigs, snaplen, link type.
        out.writeIntLE(0xa1b2c3d4).writeShortLE(2).writeShortLE(4).writeIntLE(0).writeIntLE(0)
                .writeIntLE(0xFFFF).writeIntLE(1);
        int second = 1_700_000_000;
        for (byte[] m : pfcpMessages) {
            byte[] frame = frame(m);
            out.writeIntLE(second++).writeIntLE(0).writeIntLE(frame.length).writeIntLE(frame.length);
            out.writeBytes(frame);
        }
        Files.write(file, ByteBufUtil.getBytes(out));
        return file;
    }

    /** Ethernet II (RFC 894) / IPv4 (RFC 791, header checksum set) / UDP (RFC 768, checksum 0 = none). */
    static byte[] frame(byte[] payload) {
        ByteBuf f = Unpooled.buffer(42 + payload.length);
        f.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).writeShort(0x0800);
        int ip = f.writerIndex();
        f.writeByte(0x45).writeByte(0).writeShort(20 + 8 + payload.length).writeShort(0).writeShort(0x4000)
                .writeByte(64).writeByte(17).writeShort(0).writeBytes(SMF).writeBytes(UPF);
        f.setShort(ip + 10, ipv4Checksum(f, ip));
        f.writeShort(PFCP_PORT).writeShort(PFCP_PORT).writeShort(8 + payload.length).writeShort(0);
        f.writeBytes(payload);
        return ByteBufUtil.getBytes(f);
    }

    private static int ipv4Checksum(ByteBuf f, int at) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += f.getUnsignedShort(at + i);
        }
        sum = (sum >>> 16) + (sum & 0xFFFF);
        sum += sum >>> 16;
        return ~sum & 0xFFFF;
    }
}
