package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.4.3 Update FAR (IE type 10). */
public final class UpdateFar extends GroupedIe {
    public UpdateFar(List<Ie> ies) {
        super(IeType.UPDATE_FAR, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    UpdateFar(Ie[] ies) {
        super(IeType.UPDATE_FAR, ies);
    }

    public long farId() {
        return uint(IeType.FAR_ID);
    }

    public FlagsIe applyAction() {
        return find(IeType.APPLY_ACTION, FlagsIe.class);
    }

    public ForwardingParameters updateForwardingParameters() {
        return find(IeType.UPDATE_FORWARDING_PARAMETERS, ForwardingParameters.class);
    }

    /** PFCPSMReq-Flags (§8.2.31), e.g. SNDEM (send end marker). */
    public FlagsIe smReqFlags() {
        return find(IeType.PFCPSMREQ_FLAGS, FlagsIe.class);
    }

    public int barId() {
        return (int) uint(IeType.BAR_ID);
    }
}
