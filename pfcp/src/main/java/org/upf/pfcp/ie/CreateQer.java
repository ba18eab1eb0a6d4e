package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.2.5 Create QER (IE type 7). */
public final class CreateQer extends GroupedIe {
    public CreateQer(List<Ie> ies) {
        super(IeType.CREATE_QER, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    CreateQer(Ie[] ies) {
        super(IeType.CREATE_QER, ies);
    }

    public long qerId() {
        return uint(IeType.QER_ID);
    }

    /** UL gate (§8.2.7: 0 OPEN, 1 CLOSED), -1 if no Gate Status. */
    public int ulGate() {
        long g = uint(IeType.GATE_STATUS);
        return g < 0 ? -1 : (int) (g >> 2) & 0x3;
    }

    /** DL gate (§8.2.7: 0 OPEN, 1 CLOSED), -1 if no Gate Status. */
    public int dlGate() {
        long g = uint(IeType.GATE_STATUS);
        return g < 0 ? -1 : (int) g & 0x3;
    }

    public BitRate mbr() {
        return find(IeType.MBR, BitRate.class);
    }

    public BitRate gbr() {
        return find(IeType.GBR, BitRate.class);
    }

    /** QFI (§8.2.89), -1 if absent. */
    public int qfi() {
        return (int) uint(IeType.QFI);
    }

    public long qerCorrelationId() {
        return uint(IeType.QER_CORRELATION_ID);
    }
}
