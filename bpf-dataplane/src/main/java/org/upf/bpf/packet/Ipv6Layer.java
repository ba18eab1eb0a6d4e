package org.upf.bpf.packet;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/** IPv6 fixed header (RFC 8200 §3); payload length computed unless overridden. */
public final class Ipv6Layer extends Layer implements IpLayer {
    static final int ETHERTYPE = 0x86DD;

    private final Inet6Address src;
    private final Inet6Address dst;
    private int trafficClass;
    private int flowLabel;
    private int hopLimit = 64;
    private Integer nextHeader;
    private Integer payloadLength;

    Ipv6Layer(Inet6Address src, Inet6Address dst) {
        this.src = src;
        this.dst = dst;
    }

    public Ipv6Layer trafficClass(int value) {
        this.trafficClass = value & 0xFF;
        return this;
    }

    public Ipv6Layer flowLabel(int value) {
        this.flowLabel = value & 0xFFFFF;
        return this;
    }

    public Ipv6Layer hopLimit(int value) {
        this.hopLimit = value & 0xFF;
        return this;
    }

    /** Announces this next header instead of the inner layer's. */
    public Ipv6Layer nextHeader(int value) {
        this.nextHeader = value;
        return this;
    }

    /** Writes this Payload Length instead of the real one. */
    public Ipv6Layer payloadLength(int value) {
        this.payloadLength = value;
        return this;
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        int next = nextHeader != null ? nextHeader : ctx.innerIpProtocol(name());
        return ByteBuffer.allocate(40 + payload.length)
                .putInt((6 << 28) | (trafficClass << 20) | flowLabel)
                .putShort((short) (payloadLength != null ? payloadLength : payload.length))
                .put((byte) next)
                .put((byte) hopLimit)
                .put(src.getAddress())
                .put(dst.getAddress())
                .put(payload)
                .array();
    }

    @Override
    public long pseudoHeaderSum(int proto, int length) {
        return Checksum.pseudoHeader(src, dst, proto, length);
    }

    @Override
    public boolean isV6() {
        return true;
    }

    @Override
    int etherType() {
        return ETHERTYPE;
    }

    @Override
    int ipProtocol() {
        return 41; // IPv6 encapsulation (RFC 2473)
    }

    @Override
    public String name() {
        return "IPv6";
    }
}
