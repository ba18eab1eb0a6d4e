package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * TS 29.244 §8.2.101 User ID: octet 5 flags IMSIF, IMEIF, MSISDNF, NAIF, SUPIF, GPSIF, PEIF (bits 1-7);
 * for each set flag, in that order, a 1-octet length and the identity (IMSI/IMEI/MSISDN as TBCD digits,
 * NAI/SUPI/GPSI/PEI as octet strings).
 */
public record UserId(int flags, List<byte[]> identities) implements Ie {
    private static final String[] NAMES = {"imsi", "imei", "msisdn", "nai", "supi", "gpsi", "pei"};
    /** Field names for short-IE errors, built once rather than per decoded IE. */
    private static final String[] LENGTH_NAMES = java.util.Arrays.stream(NAMES).map(n -> "Length of " + n)
            .toArray(String[]::new);
    private static final int TBCD_FIELDS = 3;

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        byte[][] ids = new byte[Integer.bitCount(f & (1 << NAMES.length) - 1)][];
        int n = 0;
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((f & 1 << bit) != 0) {
                ids[n++] = r.bytes(r.u8(LENGTH_NAMES[bit]), NAMES[bit]);
            }
        }
        return new UserId(f, List.of(ids));
    }

    @Override
    public int type() {
        return IeType.USER_ID.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        for (byte[] id : identities) {
            IeWrite.prefixed(out, 1, id);
        }
    }

    @Override
    public void describe(IeFields fields) {
        int i = 0;
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((flags & 1 << bit) != 0) {
                byte[] id = identities.get(i++);
                fields.put(NAMES[bit], bit < TBCD_FIELDS ? tbcd(id) : new String(id, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /** TBCD (TS 29.274 §8.3): low nibble first, 0xF filler. */
    private static String tbcd(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            int lo = x & 0xF;
            int hi = (x >> 4) & 0xF;
            if (lo < 10) {
                sb.append((char) ('0' + lo));
            }
            if (hi < 10) {
                sb.append((char) ('0' + hi));
            }
        }
        return sb.toString();
    }
}
