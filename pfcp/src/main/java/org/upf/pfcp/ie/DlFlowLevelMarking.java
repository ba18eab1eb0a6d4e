package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.66 DL Flow Level Marking: octet 5 = Spare | SCI (bit 2) | TTC (bit 1); ToS/Traffic
 * Class and mask (2 octets) if TTC; Service Class Indicator (2 octets, TS 29.281 §5.2.2.3) if SCI.
 */
public record DlFlowLevelMarking(int flags, int tosTrafficClass, int serviceClassIndicator) implements Ie {
    private static final int TTC = 0x01;
    private static final int SCI = 0x02;

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        int ttc = (f & TTC) != 0 ? r.u16("ToS/Traffic Class") : 0;
        int sci = (f & SCI) != 0 ? r.u16("Service Class Indicator") : 0;
        return new DlFlowLevelMarking(f, ttc, sci);
    }

    @Override
    public int type() {
        return IeType.DL_FLOW_LEVEL_MARKING.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        if ((flags & TTC) != 0) {
            out.writeShort(tosTrafficClass);
        }
        if ((flags & SCI) != 0) {
            out.writeShort(serviceClassIndicator);
        }
    }

    @Override
    public void describe(IeFields fields) {
        if ((flags & TTC) != 0) {
            fields.put("tosTrafficClass", tosTrafficClass >> 8).put("tosMask", tosTrafficClass & 0xFF);
        }
        if ((flags & SCI) != 0) {
            fields.put("serviceClassIndicator", serviceClassIndicator);
        }
    }
}
