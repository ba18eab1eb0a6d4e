package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * TS 29.244 §8.2.5 SDF Filter: octet 5 = Spare(3) | BID | FL | SPI | TTC | FD, octet 6 spare; then if FD a
 * 2-octet length and the Flow Description (an IPFilterRule, TS 29.212 §5.4.2 / RFC 6733 §4.3, e.g.
 * "permit out ip from 10.45.0.0/16 to assigned"); if TTC the 2-octet ToS/Traffic Class and mask; if SPI the
 * 4-octet IPsec SPI; if FL the 3-octet IPv6 flow label (20 bits); if BID the 4-octet SDF Filter ID.
 */
public record SdfFilter(int flags, int spare, byte[] flowDescriptionOctets, int tosTrafficClass, long spi,
                        int flowLabel, long filterId) implements Ie {
    public static final int FD = 0x01;
    public static final int TTC = 0x02;
    public static final int SPI = 0x04;
    public static final int FL = 0x08;
    public static final int BID = 0x10;

    /** A filter with only a Flow Description. */
    public static SdfFilter of(String flowDescription) {
        return new SdfFilter(FD, 0, flowDescription.getBytes(StandardCharsets.US_ASCII), 0, 0, 0, 0);
    }

    /** The Flow Description as text (an IPFilterRule is ASCII), or {@code null} if FD is not set. */
    public String flowDescription() {
        return flowDescriptionOctets == null ? null : new String(flowDescriptionOctets, StandardCharsets.US_ASCII);
    }

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        int spare = r.u8("spare octet");
        byte[] fd = null;
        if ((f & FD) != 0) {
            fd = r.bytes(r.u16("Length of Flow Description"), "Flow Description");
        }
        int ttc = (f & TTC) != 0 ? r.u16("ToS Traffic Class") : 0;
        long spi = (f & SPI) != 0 ? r.u32("Security Parameter Index") : 0;
        int fl = (f & FL) != 0 ? r.u24("Flow Label") : 0;
        long id = (f & BID) != 0 ? r.u32("SDF Filter ID") : 0;
        return new SdfFilter(f, spare, fd, ttc, spi, fl, id);
    }

    @Override
    public int type() {
        return IeType.SDF_FILTER.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        out.writeByte(spare);
        if ((flags & FD) != 0) {
            IeWrite.prefixed(out, 2, flowDescriptionOctets);
        }
        if ((flags & TTC) != 0) {
            out.writeShort(tosTrafficClass);
        }
        if ((flags & SPI) != 0) {
            out.writeInt((int) spi);
        }
        if ((flags & FL) != 0) {
            out.writeMedium(flowLabel);
        }
        if ((flags & BID) != 0) {
            out.writeInt((int) filterId);
        }
    }

    @Override
    public void describe(IeFields fields) {
        if ((flags & FD) != 0) {
            fields.put("flowDescription", flowDescription());
        }
        if ((flags & TTC) != 0) {
            fields.put("tosTrafficClass", tosTrafficClass >> 8).put("tosMask", tosTrafficClass & 0xFF);
        }
        if ((flags & SPI) != 0) {
            fields.put("spi", spi);
        }
        if ((flags & FL) != 0) {
            fields.put("flowLabel", flowLabel & 0xFFFFF);
        }
        if ((flags & BID) != 0) {
            fields.put("sdfFilterId", filterId);
        }
    }
}
