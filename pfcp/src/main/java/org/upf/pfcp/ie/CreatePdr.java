package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.2.2 Create PDR (IE type 1). */
public final class CreatePdr extends GroupedIe {
    public CreatePdr(List<Ie> ies) {
        super(IeType.CREATE_PDR, ies);
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

    /** Names of the Activate Predefined Rules IEs. */
    public List<OctetsIe> activatePredefinedRules() {
        return findAll(IeType.ACTIVATE_PREDEFINED_RULES, OctetsIe.class);
    }
}
