package org.upf.bpf.packet;

import java.nio.ByteBuffer;

/** TCP header without options (RFC 9293 §3.1); pseudo-header checksum computed unless overridden. */
public final class TcpLayer extends ChecksummedLayer<TcpLayer> {
    static final int PROTOCOL = 6;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private final int srcPort;
    private final int dstPort;
    private long seq;
    private long ack;
    private int flags = SYN;
    private int window = 65535;

    TcpLayer(int srcPort, int dstPort) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    public TcpLayer seq(long value) {
        this.seq = value;
        return this;
    }

    public TcpLayer ack(long value) {
        this.ack = value;
        return this;
    }

    /** Control bits, e.g. {@code SYN | ACK}. */
    public TcpLayer flags(int value) {
        this.flags = value & 0xFF;
        return this;
    }

    public TcpLayer window(int value) {
        this.window = value & 0xFFFF;
        return this;
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        byte[] out = ByteBuffer.allocate(20 + payload.length)
                .putShort((short) srcPort)
                .putShort((short) dstPort)
                .putInt((int) seq)
                .putInt((int) ack)
                .put((byte) (5 << 4)) // data offset: 5 words, no options
                .put((byte) flags)
                .putShort((short) window)
                .putShort((short) 0) // checksum
                .putShort((short) 0) // urgent pointer
                .put(payload)
                .array();
        writeChecksum(out, 16, ctx.pseudoHeaderChecksum(name(), PROTOCOL, out));
        return out;
    }

    @Override
    int ipProtocol() {
        return PROTOCOL;
    }

    @Override
    public String name() {
        return "TCP";
    }
}
