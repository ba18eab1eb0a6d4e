package org.upf.bpf.packet;

import java.nio.ByteBuffer;

/** UDP header (RFC 768); length and pseudo-header checksum computed unless overridden. */
public final class UdpLayer extends ChecksummedLayer<UdpLayer> {
    static final int PROTOCOL = 17;

    private final int srcPort;
    private final int dstPort;
    private Integer length;

    UdpLayer(int srcPort, int dstPort) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    /** Writes this Length instead of the real one. */
    public UdpLayer length(int value) {
        this.length = value;
        return this;
    }

    /** Sends no checksum (0), which RFC 768 allows over IPv4 only. */
    public UdpLayer noChecksum() {
        return checksum(0);
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        int realLength = 8 + payload.length;
        byte[] out = ByteBuffer.allocate(realLength)
                .putShort((short) srcPort)
                .putShort((short) dstPort)
                .putShort((short) (length != null ? length : realLength))
                .putShort((short) 0)
                .put(payload)
                .array();
        int computed = ctx.pseudoHeaderChecksum(name(), PROTOCOL, out);
        // RFC 768: a computed zero is sent as all ones, zero means "no checksum".
        writeChecksum(out, 6, computed == 0 ? 0xFFFF : computed);
        return out;
    }

    @Override
    int ipProtocol() {
        return PROTOCOL;
    }

    @Override
    public String name() {
        return "UDP";
    }
}
