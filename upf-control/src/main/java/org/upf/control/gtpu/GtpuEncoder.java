package org.upf.control.gtpu;

import java.nio.ByteBuffer;

/** Writes a {@link GtpuMessage} as the UDP payload (TS 29.281 §5.1 header, then the IEs). */
public final class GtpuEncoder {
    private GtpuEncoder() {
    }

    public static byte[] encode(GtpuMessage m) {
        boolean s = m.sequence() >= 0;
        int ies = m.ies().stream().mapToInt(GtpuIe::size).sum();
        // §5.1: Length counts the octets after the mandatory 8, so the optional 4 when S is set.
        int length = (s ? 4 : 0) + ies;
        ByteBuffer b = ByteBuffer.allocate(8 + length)
                .put((byte) (GtpuHeader.VERSION_1_PT | (s ? GtpuHeader.S : 0)))
                .put((byte) m.type())
                .putShort((short) length)
                .putInt((int) m.teid());
        if (s) {
            b.putShort((short) m.sequence()).put((byte) 0).put((byte) 0); // N-PDU Number, no extension header
        }
        m.ies().forEach(ie -> ie.writeTo(b));
        return b.array();
    }
}
