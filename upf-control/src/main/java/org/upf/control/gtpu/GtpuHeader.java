package org.upf.control.gtpu;

import java.util.ArrayList;
import java.util.List;

/**
 * A received GTP-U header (TS 29.281 §5.1), checked: version 1, PT 1, Length within the datagram. Sequence is -1
 * without the optional field; {@code bodyOffset} is where the IEs (or the T-PDU) start, after the extension
 * header chain (§5.2), whose types are {@code extensionTypes} in order.
 */
public record GtpuHeader(int flags, int type, int length, long teid, int sequence, List<Integer> extensionTypes,
                         int bodyOffset) {
    public GtpuHeader {
        extensionTypes = List.copyOf(extensionTypes);
    }

    static final int VERSION_1_PT = 0x30;
    static final int E = 0x04;
    static final int S = 0x02;
    static final int PN = 0x01;

    /** Parses the header of a datagram; throws {@link IllegalArgumentException} naming what is wrong. */
    public static GtpuHeader parse(byte[] d, int len) {
        if (len < 8) {
            throw new IllegalArgumentException("GTP-U header needs 8 octets, datagram has " + len);
        }
        int flags = d[0] & 0xff;
        if ((flags & 0xf0) != VERSION_1_PT) {
            throw new IllegalArgumentException("not GTPv1-U (version/PT octet 0x" + Integer.toHexString(flags) + ")");
        }
        int length = u16(d, 2);
        if (8 + length > len) {
            throw new IllegalArgumentException("GTP-U Length " + length + " beyond the datagram (" + len + ")");
        }
        long teid = u32(d, 4);
        if ((flags & (E | S | PN)) == 0) {
            return new GtpuHeader(flags, d[1] & 0xff, length, teid, -1, List.of(), 8);
        }
        if (length < 4) {
            throw new IllegalArgumentException("GTP-U Length " + length + " without room for the optional field");
        }
        int sequence = (flags & S) != 0 ? u16(d, 8) : -1;
        int at = 12;
        int next = (flags & E) != 0 ? d[11] & 0xff : 0;
        List<Integer> types = new ArrayList<>();
        while (next != 0) { // §5.2.1: each extension header is a multiple of 4 octets, its last octet the next type
            int units = at < 8 + length ? d[at] & 0xff : 0;
            if (units == 0 || at + 4 * units > 8 + length) {
                throw new IllegalArgumentException("GTP-U extension header 0x" + Integer.toHexString(next)
                        + " runs past the message");
            }
            types.add(next);
            at += 4 * units;
            next = d[at - 1] & 0xff;
        }
        return new GtpuHeader(flags, d[1] & 0xff, length, teid, sequence, types, at);
    }

    /**
     * The first extension header type whose comprehension the receiving endpoint requires (§5.2.1: bit 8 set) and
     * that is not in {@code understood}, or -1.
     */
    public int firstNotUnderstood(List<Integer> understood) {
        return extensionTypes.stream().filter(t -> (t & 0x80) != 0 && !understood.contains(t)).findFirst().orElse(-1);
    }

    /** Offset just after the message (8 + Length). */
    public int end() {
        return 8 + length;
    }

    static int u16(byte[] d, int at) {
        return (d[at] & 0xff) << 8 | d[at + 1] & 0xff;
    }

    static long u32(byte[] d, int at) {
        return ((long) u16(d, at) << 16) | u16(d, at + 2);
    }
}
