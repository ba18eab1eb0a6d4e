package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.4.2 Update PDR (IE type 9): only the fields present change. */
public final class UpdatePdr extends PdrRule {
    public UpdatePdr(List<Ie> ies) {
        super(IeType.UPDATE_PDR, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    UpdatePdr(Ie[] ies) {
        super(IeType.UPDATE_PDR, ies);
    }

    /** Names of the Deactivate Predefined Rules IEs (§8.2.73). */
    public List<OctetsIe> deactivatePredefinedRules() {
        return findAll(IeType.DEACTIVATE_PREDEFINED_RULES, OctetsIe.class);
    }
}
