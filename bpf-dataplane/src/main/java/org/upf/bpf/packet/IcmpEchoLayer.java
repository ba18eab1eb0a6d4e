package org.upf.bpf.packet;

import java.nio.ByteBuffer;

/**
 * ICMP echo request/reply (RFC 792) or ICMPv6 echo (RFC 4443 §4.1), chosen by the enclosing IP
 * version. ICMPv6 sums a pseudo-header (RFC 4443 §2.3); ICMPv4 does not.
 */
public final class IcmpEchoLayer extends ChecksummedLayer<IcmpEchoLayer> {
    private final boolean v6;
    private final int id;
    private final int seq;
    private final byte[] data;
    private boolean reply;
    private Integer type;
    private int code;

    IcmpEchoLayer(boolean v6, int id, int seq, byte[] data) {
        this.v6 = v6;
        this.id = id;
        this.seq = seq;
        this.data = data.clone();
    }

    /** Echo reply (0 / ICMPv6 129) instead of request (8 / ICMPv6 128). */
    public IcmpEchoLayer reply() {
        this.reply = true;
        return this;
    }

    /** Writes this type instead of echo request/reply. */
    public IcmpEchoLayer type(int value) {
        this.type = value;
        return this;
    }

    public IcmpEchoLayer code(int value) {
        this.code = value;
        return this;
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        int echoType = v6 ? (reply ? 129 : 128) : (reply ? 0 : 8);
        byte[] out = ByteBuffer.allocate(8 + data.length + payload.length)
                .put((byte) (type != null ? type : echoType))
                .put((byte) code)
                .putShort((short) 0)
                .putShort((short) id)
                .putShort((short) seq)
                .put(data)
                .put(payload)
                .array();
        int computed = v6 ? ctx.pseudoHeaderChecksum(name(), ipProtocol(), out) : Checksum.of(out, 0, out.length);
        writeChecksum(out, 2, computed);
        return out;
    }

    @Override
    int ipProtocol() {
        return v6 ? 58 : 1;
    }

    @Override
    public String name() {
        return v6 ? "ICMPv6" : "ICMP";
    }
}
