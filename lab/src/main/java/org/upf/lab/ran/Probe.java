package org.upf.lab.ran;

import java.nio.ByteBuffer;

/**
 * The application payload of every emulated packet: magic "UPFL", flow, UE index, sequence number and the send
 * time (System.nanoTime, same JVM), padded to the requested size. Echoed back by the DN (ICMP by the kernel, UDP by
 * {@link UdpEchoResponder}), it gives loss per packet and the round-trip latency.
 */
public record Probe(Flow flow, int ue, int sequence, long sentNanos) {
    static final int MAGIC = 0x5550464c;
    public static final int MIN_SIZE = 21;

    public byte[] encode(int size) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(MIN_SIZE, size));
        b.putInt(MAGIC).put((byte) flow.ordinal()).putInt(ue).putInt(sequence).putLong(sentNanos);
        return b.array();
    }

    /** The probe in bytes [offset, offset + length), or null if they are not one. */
    public static Probe decode(byte[] bytes, int offset, int length) {
        if (length < MIN_SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        int flow = b.getInt() == MAGIC ? b.get() : -1;
        if (flow < 0 || flow >= Flow.values().length) {
            return null;
        }
        return new Probe(Flow.values()[flow], b.getInt(), b.getInt(), b.getLong());
    }

    /** A key unique per (UE, flow, sequence). */
    long key() {
        return ((long) ue << 36) | ((long) flow.ordinal() << 32) | (sequence & 0xffff_ffffL);
    }
}
