package org.upf.bpf.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A decoded GTP-U header (TS 29.281 §5.1) with its extension header chain (§5.2.1). Sequence, N-PDU
 * and next-type are -1 when the optional octets are absent. A chain that runs past the frame or has a
 * zero length unit stops the walk and leaves {@link #chainComplete()} false.
 */
public record GtpuView(int offset, int flags, int messageType, int gtpLength, long teid, int sequence, int npdu,
        int nextExtensionType, List<Extension> extensions, boolean chainComplete) implements HeaderView {

    /** One extension header: absolute offset, length in 4-octet units, content without length/next octets. */
    public record Extension(int type, int offset, int lengthUnits, byte[] content, int nextType) {}

    /** The PDU Session Information of a PDU Session Container (TS 38.415 §5.5.2). */
    public record PduSessionInfo(int pduType, int qfi, boolean rqi, boolean ppp, int ppi) {}

    static GtpuView parse(byte[] b, int off) {
        if (b.length - off < 8) {
            return null;
        }
        int flags = Bytes.u8(b, off);
        boolean optional = (flags & 0x07) != 0;
        if (optional && b.length - off < 12) {
            return null;
        }
        int seq = optional ? Bytes.u16(b, off + 8) : -1;
        int npdu = optional ? Bytes.u8(b, off + 10) : -1;
        int next = optional ? Bytes.u8(b, off + 11) : -1;
        List<Extension> chain = new ArrayList<>();
        boolean complete = true;
        int pos = off + 12;
        int type = (flags & 0x04) != 0 ? next : 0;
        while (type != 0) {
            int units = pos < b.length ? Bytes.u8(b, pos) : 0;
            if (units == 0 || pos + units * 4 > b.length) {
                complete = false;
                break;
            }
            int end = pos + units * 4;
            int following = Bytes.u8(b, end - 1);
            chain.add(new Extension(type, pos, units, java.util.Arrays.copyOfRange(b, pos + 1, end - 1), following));
            type = following;
            pos = end;
        }
        return new GtpuView(off, flags, Bytes.u8(b, off + 1), Bytes.u16(b, off + 2), Bytes.u32(b, off + 4), seq, npdu,
                next, List.copyOf(chain), complete);
    }

    public int version() {
        return flags >>> 5;
    }

    public boolean e() {
        return (flags & 0x04) != 0;
    }

    public boolean s() {
        return (flags & 0x02) != 0;
    }

    public boolean pn() {
        return (flags & 0x01) != 0;
    }

    /** The first PDU Session Container's information, if the chain has one. */
    public Optional<PduSessionInfo> pduSession() {
        return extensions.stream()
                .filter(x -> x.type() == GtpuExtension.PDU_SESSION_CONTAINER && x.content().length >= 2)
                .findFirst()
                .map(x -> {
                    byte[] c = x.content();
                    int pduType = (c[0] & 0xF0) >>> 4;
                    boolean dl = pduType == PduSessionContainer.PDU_TYPE_DL;
                    boolean ppp = dl && (c[1] & 0x80) != 0;
                    return new PduSessionInfo(pduType, c[1] & 0x3F, dl && (c[1] & 0x40) != 0, ppp,
                            ppp && c.length > 2 ? (c[2] & 0xFF) >>> 5 : -1);
                });
    }

    /** QFI of the PDU Session Container, or -1 without one. */
    public int qfi() {
        return pduSession().map(PduSessionInfo::qfi).orElse(-1);
    }

    @Override
    public String name() {
        return "GTP-U";
    }

    /** Mandatory part, optional octets and the whole extension chain. */
    @Override
    public int length() {
        if (extensions.isEmpty()) {
            return (flags & 0x07) != 0 ? 12 : 8;
        }
        Extension last = extensions.get(extensions.size() - 1);
        return last.offset() + last.lengthUnits() * 4 - offset;
    }

    @Override
    public List<Field> fields() {
        List<Field> fields = new ArrayList<>(List.of(new Field("flags", 0, 1), new Field("messageType", 1, 1),
                new Field("length", 2, 2), new Field("teid", 4, 4)));
        if ((flags & 0x07) != 0) {
            fields.addAll(List.of(new Field("sequence", 8, 2), new Field("npdu", 10, 1),
                    new Field("nextExtensionType", 11, 1)));
        }
        for (int i = 0; i < extensions.size(); i++) {
            Extension x = extensions.get(i);
            String prefix = "ext[" + i + "," + String.format("0x%02x", x.type()) + "].";
            int rel = x.offset() - offset;
            fields.add(new Field(prefix + "length", rel, 1));
            fields.add(new Field(prefix + "content", rel + 1, x.lengthUnits() * 4 - 2));
            fields.add(new Field(prefix + "nextType", rel + x.lengthUnits() * 4 - 1, 1));
        }
        return fields;
    }
}
