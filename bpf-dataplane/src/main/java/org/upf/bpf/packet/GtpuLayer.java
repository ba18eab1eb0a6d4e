package org.upf.bpf.packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * GTP-U v1 header, TS 29.281 §5.1 (Figure 5.1-1):
 * <pre>
 * octet 1    : Version=1 (3 bits) | PT=1 | spare | E | S | PN
 * octet 2    : Message Type (255 = G-PDU, TS 29.281 §6.1)
 * octets 3-4 : Length: octets after the mandatory 8 (optional fields, extensions, T-PDU)
 * octets 5-8 : TEID
 * octets 9-12: Sequence Number (2), N-PDU Number (1), Next Extension Header Type (1) -
 *              present iff any of E, S, PN is set
 * </pre>
 * followed by the extension header chain (§5.2) and the T-PDU (the inner layers).
 */
public final class GtpuLayer extends Layer {
    public static final int PORT = 2152; // TS 29.281 §4.4.2.0
    public static final int G_PDU = 255;
    public static final int ECHO_REQUEST = 1;
    public static final int END_MARKER = 254;

    private final long teid;
    private int messageType = G_PDU;
    private Integer sequence;
    private Integer npdu;
    private final List<GtpuExtension> extensions = new ArrayList<>();
    private Integer flags;
    private Integer length;
    private Integer nextExtensionType;

    GtpuLayer(long teid) {
        this.teid = teid;
    }

    public GtpuLayer messageType(int value) {
        this.messageType = value & 0xFF;
        return this;
    }

    /** Sets S and the Sequence Number. */
    public GtpuLayer sequence(int value) {
        this.sequence = value & 0xFFFF;
        return this;
    }

    /** Sets PN and the N-PDU Number. */
    public GtpuLayer npdu(int value) {
        this.npdu = value & 0xFF;
        return this;
    }

    /** Appends an extension header to the chain (sets E). */
    public GtpuLayer extension(GtpuExtension extension) {
        extensions.add(extension);
        return this;
    }

    /** Writes this first octet (version, PT, E, S, PN) instead of the derived one. */
    public GtpuLayer flags(int value) {
        this.flags = value & 0xFF;
        return this;
    }

    /** Writes this Length instead of the real one. */
    public GtpuLayer length(int value) {
        this.length = value;
        return this;
    }

    /** Writes this Next Extension Header Type instead of the first extension's type. */
    public GtpuLayer nextExtensionType(int value) {
        this.nextExtensionType = value & 0xFF;
        return this;
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        boolean e = !extensions.isEmpty();
        boolean optional = e || sequence != null || npdu != null;
        byte[] chain = encodeExtensions();
        int afterMandatory = (optional ? 4 : 0) + chain.length + payload.length;
        int firstOctet = 0x30 | (e ? 0x04 : 0) | (sequence != null ? 0x02 : 0) | (npdu != null ? 0x01 : 0);
        ByteBuffer b = ByteBuffer.allocate(8 + afterMandatory)
                .put((byte) (flags != null ? flags : firstOctet))
                .put((byte) messageType)
                .putShort((short) (length != null ? length : afterMandatory))
                .putInt((int) teid);
        if (optional) {
            int firstType = e ? extensions.get(0).type() : 0;
            b.putShort((short) (sequence != null ? sequence : 0))
                    .put((byte) (npdu != null ? npdu : 0))
                    .put((byte) (nextExtensionType != null ? nextExtensionType : firstType));
        }
        return b.put(chain).put(payload).array();
    }

    private byte[] encodeExtensions() {
        ByteBuffer chain = ByteBuffer.allocate(extensions.stream().mapToInt(x -> x.encode(0).length).sum());
        for (int i = 0; i < extensions.size(); i++) {
            int following = i + 1 < extensions.size() ? extensions.get(i + 1).type() : 0;
            chain.put(extensions.get(i).encode(following));
        }
        return chain.array();
    }

    @Override
    public String name() {
        return "GTP-U";
    }
}
