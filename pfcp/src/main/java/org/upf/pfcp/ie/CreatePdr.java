package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.2.2 Create PDR (IE type 1). */
public final class CreatePdr extends PdrRule {
    public CreatePdr(List<Ie> ies) {
        super(IeType.CREATE_PDR, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    CreatePdr(Ie[] ies) {
        super(IeType.CREATE_PDR, ies);
    }

    /** Names of the Activate Predefined Rules IEs (§8.2.72). */
    public List<OctetsIe> activatePredefinedRules() {
        return findAll(IeType.ACTIVATE_PREDEFINED_RULES, OctetsIe.class);
    }
}
