package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.2.3 Create FAR (IE type 3). */
public final class CreateFar extends GroupedIe {
    public CreateFar(List<Ie> ies) {
        super(IeType.CREATE_FAR, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    CreateFar(Ie[] ies) {
        super(IeType.CREATE_FAR, ies);
    }

    public long farId() {
        return uint(IeType.FAR_ID);
    }

    /** Apply Action (§8.2.26), 1 or 2+ octets as the peer sent it. */
    public FlagsIe applyAction() {
        return find(IeType.APPLY_ACTION, FlagsIe.class);
    }

    public ForwardingParameters forwardingParameters() {
        return find(IeType.FORWARDING_PARAMETERS, ForwardingParameters.class);
    }

    public List<GroupedIe> duplicatingParameters() {
        return findAll(IeType.DUPLICATING_PARAMETERS, GroupedIe.class);
    }

    /** BAR ID, -1 if absent. */
    public int barId() {
        return (int) uint(IeType.BAR_ID);
    }
}
