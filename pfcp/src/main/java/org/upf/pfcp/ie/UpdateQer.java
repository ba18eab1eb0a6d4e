package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.4.5 Update QER (IE type 14). */
public final class UpdateQer extends GroupedIe {
    public UpdateQer(List<Ie> ies) {
        super(IeType.UPDATE_QER, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    UpdateQer(Ie[] ies) {
        super(IeType.UPDATE_QER, ies);
    }

    public long qerId() {
        return uint(IeType.QER_ID);
    }

    public long gateStatus() {
        return uint(IeType.GATE_STATUS);
    }

    public BitRate mbr() {
        return find(IeType.MBR, BitRate.class);
    }
}
