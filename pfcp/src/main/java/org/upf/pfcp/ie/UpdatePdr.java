package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.4.2 Update PDR (IE type 9). */
public final class UpdatePdr extends GroupedIe {
    public UpdatePdr(List<Ie> ies) {
        super(IeType.UPDATE_PDR, ies);
    }

    public int pdrId() {
        return (int) uint(IeType.PDR_ID);
    }

    public long precedence() {
        return uint(IeType.PRECEDENCE);
    }

    public Pdi pdi() {
        return find(IeType.PDI, Pdi.class);
    }

    public long farId() {
        return uint(IeType.FAR_ID);
    }

    public List<Long> urrIds() {
        return uints(IeType.URR_ID);
    }

    public List<Long> qerIds() {
        return uints(IeType.QER_ID);
    }
}
