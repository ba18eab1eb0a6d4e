package org.upf.pfcp.robustness;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.upf.pfcp.ie.Hex;

/** Hand-built PFCP wire bytes for malformed-input tests (TS 29.244 §7.2.2 header, §8.1.1 IEs). */
final class Wire {
    /** Recovery Time Stamp IE, mandatory in Heartbeat Request (§7.4.2.1). */
    static final byte[] RECOVERY_TS = Hex.parse("00600004e5a1b2c3");

    private Wire() {
    }

    static byte[] ie(int type, byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putShort((short) type).putShort((short) value.length)
                .put(value).array();
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A node message (S=0) with sequence 1 and the given body. */
    static byte[] nodeMessage(int type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).put((byte) 0x20).put((byte) type)
                .putShort((short) (4 + body.length)).put(new byte[] {0, 0, 1, 0}).put(body).array();
    }

    /** A session message (S=1) with SEID 1, sequence 1 and the given body. */
    static byte[] sessionMessage(int type, byte[] body) {
        return ByteBuffer.allocate(16 + body.length).put((byte) 0x21).put((byte) type)
                .putShort((short) (12 + body.length)).putLong(1).put(new byte[] {0, 0, 1, 0}).put(body).array();
    }

    /** A Heartbeat Request carrying Recovery Time Stamp and then {@code extra}. */
    static byte[] heartbeatWith(byte[] extra) {
        return nodeMessage(1, cat(RECOVERY_TS, extra));
    }
}
