package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Map;

/**
 * Flag octet followed by one Unsigned64 per set flag, in flag order. Used by Volume Threshold (§8.2.13),
 * Subsequent Volume Threshold (§8.2.16), Volume Quota (§8.2.50), Subsequent Volume Quota (§8.2.86):
 * TOVOL, ULVOL, DLVOL octet counts; Volume Measurement (§8.2.44): those plus TONOP, ULNOP, DLNOP packet
 * counts; Dropped DL Traffic Threshold (§8.2.49): DLPA packets, DLBY octets. Bits beyond the defined
 * fields are spare and kept in {@code flags}.
 */
public record VolumeIe(int type, int flags, long[] values) implements Ie {
    private static final String[] VOLUME = {"totalVolume", "uplinkVolume", "downlinkVolume"};
    private static final String[] MEASUREMENT = {"totalVolume", "uplinkVolume", "downlinkVolume",
        "totalPackets", "uplinkPackets", "downlinkPackets"};
    private static final String[] DROPPED = {"downlinkPackets", "downlinkBytes"};
    private static final Map<Integer, String[]> FIELDS = Map.of(
            IeType.VOLUME_THRESHOLD.code(), VOLUME,
            IeType.SUBSEQUENT_VOLUME_THRESHOLD.code(), VOLUME,
            IeType.VOLUME_QUOTA.code(), VOLUME,
            IeType.SUBSEQUENT_VOLUME_QUOTA.code(), VOLUME,
            IeType.VOLUME_MEASUREMENT.code(), MEASUREMENT,
            IeType.DROPPED_DL_TRAFFIC_THRESHOLD.code(), DROPPED);
    public static final int TOVOL = 0x01;
    public static final int ULVOL = 0x02;
    public static final int DLVOL = 0x04;

    /** Total/uplink/downlink volumes for the threshold and quota types; negative means absent. */
    public static VolumeIe volumes(IeType type, long total, long uplink, long downlink) {
        long[] all = {total, uplink, downlink};
        int flags = 0;
        long[] present = new long[3];
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] >= 0) {
                flags |= 1 << i;
                present[n++] = all[i];
            }
        }
        return new VolumeIe(type.code(), flags, Arrays.copyOf(present, n));
    }

    private static String[] names(int type) {
        return FIELDS.get(type);
    }

    static Ie decode(IeReader r) {
        String[] names = names(r.type());
        int flags = r.u8("flags");
        long[] v = new long[Integer.bitCount(flags & ((1 << names.length) - 1))];
        int n = 0;
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & 1 << bit) != 0) {
                v[n++] = r.uint(8, names[bit]);
            }
        }
        return new VolumeIe(r.type(), flags, v);
    }

    /** The value of the field for flag bit {@code bit} (0 = TOVOL / DLPA), or -1 if absent. */
    public long value(int bit) {
        if (bit >= names(type).length || (flags & 1 << bit) == 0) {
            return -1;
        }
        return values[Integer.bitCount(flags & ((1 << bit) - 1))];
    }

    public long total() {
        return value(0);
    }

    public long uplink() {
        return value(1);
    }

    public long downlink() {
        return value(2);
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    @Override
    public void describe(IeFields fields) {
        String[] names = names(type);
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & 1 << bit) != 0) {
                fields.put(names[bit], Long.toUnsignedString(value(bit)));
            }
        }
    }

    /** Equal by content (a record compares its array by reference), so equal values can be shared, e.g. by rules. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeIe v && v.type == type && v.flags == flags && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
        return (type * 31 + flags) * 31 + Arrays.hashCode(values);
    }
}
