package org.upf.pfcp.ie;

import java.util.List;

/** The fields Create PDR (§7.5.2.2) and Update PDR (§7.5.4.2) share. */
public abstract class PdrRule extends GroupedIe {
    PdrRule(IeType type, List<Ie> ies) {
        super(type, ies);
    }

    PdrRule(IeType type, Ie[] ies) {
        super(type, ies);
    }

    /** PDR ID (§8.2.36), -1 if absent. */
    public int pdrId() {
        return (int) uint(IeType.PDR_ID);
    }

    /** Precedence (§8.2.11), -1 if absent. */
    public long precedence() {
        return uint(IeType.PRECEDENCE);
    }

    public Pdi pdi() {
        return find(IeType.PDI, Pdi.class);
    }

    /** Outer Header Removal (§8.2.64), or {@code null}. */
    public OuterHeaderRemoval outerHeaderRemoval() {
        return find(IeType.OUTER_HEADER_REMOVAL, OuterHeaderRemoval.class);
    }

    /** FAR ID (§8.2.74), -1 if absent. */
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
