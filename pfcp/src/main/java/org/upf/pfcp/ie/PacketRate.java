package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.63 Packet Rate: octet 5 = Spare | APRC (bit 3) | DLPR (bit 2) | ULPR (bit 1). ULPR: an
 * octet with the Uplink Time Unit (3 bits: 0 minute, 1 6 minutes, 2 hour, 3 day, 4 week) and a 2-octet
 * Maximum Uplink Packet Rate; DLPR likewise for downlink; with APRC the Additional Maximum Uplink and
 * Downlink Packet Rates follow in the same form for each direction present.
 */
public record PacketRate(int flags, int[] rates) implements Ie {
    public static final int ULPR = 0x01;
    public static final int DLPR = 0x02;
    public static final int APRC = 0x04;

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        int n = rateCount(f);
        int[] rates = new int[n];
        for (int i = 0; i < n; i++) {
            rates[i] = r.u24("time unit and packet rate");
        }
        return new PacketRate(f, rates);
    }

    /** Each rate is 3 octets: time unit, then the 16-bit rate. */
    private static int rateCount(int f) {
        int directions = ((f & ULPR) != 0 ? 1 : 0) + ((f & DLPR) != 0 ? 1 : 0);
        return (f & APRC) != 0 ? 2 * directions : directions;
    }

    @Override
    public int type() {
        return IeType.PACKET_RATE.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        for (int rate : rates) {
            out.writeMedium(rate);
        }
    }

    @Override
    public void describe(IeFields fields) {
        String[] names = {"uplink", "downlink"};
        int i = 0;
        for (int pass = 0; pass < ((flags & APRC) != 0 ? 2 : 1); pass++) {
            for (int dir = 0; dir < 2; dir++) {
                if ((flags & (1 << dir)) != 0) {
                    String prefix = (pass == 0 ? "" : "additional ") + names[dir];
                    fields.put(prefix + "TimeUnit", (rates[i] >> 16) & 0x7).put(prefix + "MaxRate", rates[i] & 0xFFFF);
                    i++;
                }
            }
        }
    }
}
