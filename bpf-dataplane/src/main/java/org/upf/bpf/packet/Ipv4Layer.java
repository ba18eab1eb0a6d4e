package org.upf.bpf.packet;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/** IPv4 header (RFC 791 §3.1); header checksum and total length computed unless overridden. */
public final class Ipv4Layer extends ChecksummedLayer<Ipv4Layer> implements IpLayer {
    static final int ETHERTYPE = 0x0800;

    private final Inet4Address src;
    private final Inet4Address dst;
    private int tos;
    private int identification;
    private int flagsAndOffset;
    private int ttl = 64;
    private byte[] options = new byte[0];
    private Integer protocol;
    private Integer totalLength;
    private Integer ihl;

    Ipv4Layer(Inet4Address src, Inet4Address dst) {
        this.src = src;
        this.dst = dst;
    }

    /** Type of service octet: DSCP in the upper six bits, ECN in the lower two (RFC 2474, RFC 3168). */
    public Ipv4Layer tos(int value) {
        this.tos = value & 0xFF;
        return this;
    }

    public Ipv4Layer dscp(int value) {
        return tos((value << 2) | (tos & 0x3));
    }

    public Ipv4Layer identification(int value) {
        this.identification = value & 0xFFFF;
        return this;
    }

    public Ipv4Layer ttl(int value) {
        this.ttl = value & 0xFF;
        return this;
    }

    public Ipv4Layer dontFragment() {
        flagsAndOffset |= 0x4000;
        return this;
    }

    public Ipv4Layer moreFragments() {
        flagsAndOffset |= 0x2000;
        return this;
    }

    /** Fragment offset in 8-octet units. */
    public Ipv4Layer fragmentOffset(int units) {
        flagsAndOffset = (flagsAndOffset & 0xE000) | (units & 0x1FFF);
        return this;
    }

    /** Raw options; the IHL grows with them (must be a multiple of 4 octets). */
    public Ipv4Layer options(byte[] value) {
        if (value.length % 4 != 0 || value.length > 40) {
            throw new IllegalArgumentException("IPv4 options must be 0..40 octets in 4-octet words, got " + value.length);
        }
        this.options = value.clone();
        return this;
    }

    /** Announces this protocol number instead of the inner layer's. */
    public Ipv4Layer protocol(int value) {
        this.protocol = value;
        return this;
    }

    /** Writes this Total Length instead of the real one. */
    public Ipv4Layer totalLength(int value) {
        this.totalLength = value;
        return this;
    }

    /** Writes this IHL (in 4-octet words) instead of the real one. */
    public Ipv4Layer ihl(int words) {
        this.ihl = words;
        return this;
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        int headerLength = 20 + options.length;
        int proto = protocol != null ? protocol : ctx.innerIpProtocol(name());
        ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length);
        b.put((byte) (0x40 | (ihl != null ? ihl : headerLength / 4)))
                .put((byte) tos)
                .putShort((short) (totalLength != null ? totalLength : headerLength + payload.length))
                .putShort((short) identification)
                .putShort((short) flagsAndOffset)
                .put((byte) ttl)
                .put((byte) proto)
                .putShort((short) 0)
                .put(src.getAddress())
                .put(dst.getAddress())
                .put(options);
        byte[] out = b.put(payload).array();
        writeChecksum(out, 10, Checksum.of(out, 0, headerLength));
        return out;
    }

    @Override
    public long pseudoHeaderSum(int proto, int length) {
        return Checksum.pseudoHeader(src, dst, proto, length);
    }

    @Override
    public boolean isV6() {
        return false;
    }

    @Override
    int etherType() {
        return ETHERTYPE;
    }

    @Override
    int ipProtocol() {
        return 4; // IP-in-IP (RFC 2003)
    }

    @Override
    public String name() {
        return "IPv4";
    }
}
