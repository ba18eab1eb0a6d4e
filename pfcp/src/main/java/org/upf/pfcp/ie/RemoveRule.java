package org.upf.pfcp.ie;

import java.util.List;

/**
 * TS 29.244 §7.5.4.6-§7.5.4.9, §7.5.4.12, §7.5.4.14: Remove PDR/FAR/URR/QER/BAR/Traffic Endpoint, each
 * carrying only the ID of the rule to remove.
 */
public final class RemoveRule extends GroupedIe {
    private final IeType idType;

    public RemoveRule(IeType type, IeType idType, List<Ie> ies) {
        this(type, idType, IeList.copyOf(ies).array());
    }

    RemoveRule(IeType type, IeType idType, Ie[] ies) {
        super(type, ies);
        this.idType = idType;
    }

    public IeType idType() {
        return idType;
    }

    /** The rule ID, -1 if absent. */
    public long ruleId() {
        return uint(idType);
    }
}
