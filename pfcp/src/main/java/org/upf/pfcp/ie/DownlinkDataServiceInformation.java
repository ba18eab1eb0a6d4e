package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.27 Downlink Data Service Information: octet 5 = Spare | QFII (bit 2) | PPI (bit 1);
 * Paging Policy Indication value (Spare(2) | 6 bits) if PPI; QFI (Spare(2) | 6 bits) if QFII.
 */
public record DownlinkDataServiceInformation(int flags, int ppi, int qfi) implements Ie {
    private static final int PPI = 0x01;
    private static final int QFII = 0x02;
    public static final int ABSENT = -1;

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        int ppi = (f & PPI) != 0 ? r.u8("Paging Policy Indication") : ABSENT;
        int qfi = (f & QFII) != 0 ? r.u8("QFI") : ABSENT;
        return new DownlinkDataServiceInformation(f, ppi, qfi);
    }

    @Override
    public int type() {
        return IeType.DOWNLINK_DATA_SERVICE_INFORMATION.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        if (ppi != ABSENT) {
            out.writeByte(ppi);
        }
        if (qfi != ABSENT) {
            out.writeByte(qfi);
        }
    }

    @Override
    public void describe(IeFields fields) {
        if (ppi != ABSENT) {
            fields.put("pagingPolicyIndication", ppi & 0x3F);
        }
        if (qfi != ABSENT) {
            fields.put("qfi", qfi & 0x3F);
        }
    }
}
