package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * An IE whose value is one unsigned big-endian integer of fixed width, e.g. PDR ID (TS 29.244 §8.2.36,
 * 2 octets), Precedence (§8.2.11, 4), Cause (§8.2.1, 1). The width and clause of every such IE are listed
 * where it is registered ({@link IeRegistry}). {@code raw} keeps the octets whole; {@code mask} selects the
 * defined bits for {@link #value()} when high bits are spare (e.g. Source Interface §8.2.2: 4 bits).
 */
public record UintIe(int type, int width, long raw, long mask) implements Ie {
    private static final int SMALL = 256;

    public UintIe {
        if (width < 1 || width > 8) {
            throw new IllegalArgumentException("width " + width);
        }
    }

    /** An integer IE of a width of your choosing (for types this codec does not list as integers). */
    public static UintIe of(IeType type, int width, long value) {
        return new UintIe(type.code(), width, value, width == 8 ? -1L : (1L << (8 * width)) - 1);
    }

    /** An integer IE in the width TS 29.244 gives its type, e.g. {@code UintIe.of(IeType.PDR_ID, 1)}. */
    public static UintIe of(IeType type, long value) {
        long[] spec = UintTypes.of(type);
        if (spec == null) {
            throw new IllegalArgumentException(type + " is not an integer IE");
        }
        if ((value & ~spec[1]) != 0) {
            throw new IllegalArgumentException(type.displayName() + " value " + value + " exceeds its bits");
        }
        return new UintIe(type.code(), (int) spec[0], value, spec[1]);
    }

    /**
     * A decoder for an integer IE of {@code width} octets whose defined bits are {@code mask}. Values below 256
     * (IDs, interfaces, QFIs, causes: most integers on the wire) come from a per-decoder cache of the immutable
     * instances instead of a new object per IE.
     */
    public static IeDecoder decoder(int width, long mask) {
        return new Decoder(width, mask);
    }

    /** A named class (not a lambda) so that {@link IeCodec} can call it directly, see {@code IeCodec.decodeValue}. */
    static final class Decoder implements IeDecoder {
        private final int width;
        private final long mask;
        private final UintIe[] small = new UintIe[SMALL];

        private Decoder(int width, long mask) {
            this.width = width;
            this.mask = mask;
        }

        int width() {
            return width;
        }

        @Override
        public Ie decode(IeReader r) {
            return decode(r.type(), r.uint(width, "value"));
        }

        /** The IE of {@code type} with these {@code width} octets as its value. */
        UintIe decode(int type, long raw) {
            if (raw < 0 || raw >= SMALL) {
                return new UintIe(type, width, raw, mask);
            }
            UintIe cached = small[(int) raw];
            if (cached == null || cached.type != type) {
                // A benign race: records publish their final fields safely, a lost update only costs an object.
                cached = new UintIe(type, width, raw, mask);
                small[(int) raw] = cached;
            }
            return cached;
        }
    }

    /**
     * A decoder for an integer IE whose width is its length, between 1 and {@code maxWidth} octets, e.g.
     * DL Buffering Suggested Packet Count (§8.2.30: "the length shall be set to 1 or 2 octets").
     */
    public static IeDecoder variableWidthDecoder(int maxWidth) {
        return r -> {
            int width = Math.max(1, Math.min(r.remaining(), maxWidth));
            return new UintIe(r.type(), width, r.uint(width, "value"), width == 8 ? -1L : (1L << 8 * width) - 1);
        };
    }

    public long value() {
        return raw & mask;
    }

    public int intValue() {
        return (int) value();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
            out.writeByte((int) (raw >>> shift));
        }
    }

    /** NTP times (§8.2.65 and the others in {@link #NTP_TIMES}) as an instant; see RFC 5905 §6 for eras. */
    public java.time.Instant ntpTime() {
        return Ntp.toInstant(value());
    }

    /** IEs holding the first 4 octets of an RFC 5905 timestamp (seconds since 1900), printed as UTC too. */
    static final java.util.Set<Integer> NTP_TIMES = java.util.Set.of(IeType.RECOVERY_TIME_STAMP.code(),
            IeType.MONITORING_TIME.code(), IeType.START_TIME.code(), IeType.END_TIME.code(),
            IeType.TIME_OF_FIRST_PACKET.code(), IeType.TIME_OF_LAST_PACKET.code(), IeType.EVENT_TIME_STAMP.code(),
            IeType.ACTIVATION_TIME.code(), IeType.DEACTIVATION_TIME.code());

    @Override
    public void describe(IeFields fields) {
        fields.put("value", value());
        if (NTP_TIMES.contains(type)) {
            fields.put("utc", ntpTime().toString());
        }
        if ((raw & ~mask) != 0) {
            fields.put("spareBits", raw & ~mask);
        }
    }
}
