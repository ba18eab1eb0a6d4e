package org.upf.control.session;

import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.IeType;

/**
 * A URR (TS 29.244 §7.5.2.4). The data path counts volume and packets per URR slot; the reporting rules
 * (thresholds, quotas, periods) are kept as the SMF sent them for the reporting logic.
 */
record UrrSpec(long id, CreateUrr definition) {

    static UrrSpec of(CreateUrr c) {
        long id = c.urrId();
        if (id < 0) {
            throw RuleException.missing(IeType.URR_ID, false, "Create URR");
        }
        if (c.measurementMethod() == null) {
            throw RuleException.missing(IeType.MEASUREMENT_METHOD, false, "Create URR " + id);
        }
        if (c.reportingTriggers() == null) {
            throw RuleException.missing(IeType.REPORTING_TRIGGERS, false, "Create URR " + id);
        }
        return new UrrSpec(id, c);
    }
}
