package org.upf.bpf.packet;

/**
 * One GTP-U extension header, TS 29.281 §5.2.1 (Figure 5.2.1-1): octet 1 is the Extension Header
 * Length in 4-octet units (counting itself and the trailing type octet), then the content, then the
 * Next Extension Header Type (0 = no more extension headers). Content is zero-padded to fit the unit.
 */
public class GtpuExtension {
    /** TS 29.281 §5.2.1 Figure 5.2.1-3: "1000 0101" PDU Session Container. */
    public static final int PDU_SESSION_CONTAINER = 0x85;

    private final int type;
    private final byte[] content;
    private Integer lengthUnits;
    private Integer nextType;

    /** An extension header of any type carrying {@code content} (padded to the 4-octet unit). */
    public GtpuExtension(int type, byte[] content) {
        this.type = type;
        this.content = content.clone();
    }

    /** The extension header type announced in the preceding Next Extension Header Type field. */
    public int type() {
        return type;
    }

    /** Content octets between the length octet and the next-type octet, before padding. */
    protected byte[] content() {
        return content.clone();
    }

    /** Writes this Extension Header Length (4-octet units) instead of the real one. */
    public GtpuExtension lengthUnits(int value) {
        this.lengthUnits = value;
        return this;
    }

    /** Writes this Next Extension Header Type instead of the following header's type. */
    public GtpuExtension nextType(int value) {
        this.nextType = value;
        return this;
    }

    /** Encodes the header followed by the given next extension header type (0 when last). */
    byte[] encode(int followingType) {
        byte[] body = content();
        int total = (body.length + 2 + 3) / 4 * 4;
        byte[] out = new byte[total];
        out[0] = (byte) (lengthUnits != null ? lengthUnits : total / 4);
        System.arraycopy(body, 0, out, 1, body.length);
        out[total - 1] = (byte) (nextType != null ? nextType : followingType);
        return out;
    }
}
