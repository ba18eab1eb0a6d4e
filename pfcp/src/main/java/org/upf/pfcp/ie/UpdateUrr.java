package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.4.4 Update URR (IE type 13). */
public final class UpdateUrr extends GroupedIe {
    public UpdateUrr(List<Ie> ies) {
        super(IeType.UPDATE_URR, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    UpdateUrr(Ie[] ies) {
        super(IeType.UPDATE_URR, ies);
    }

    public long urrId() {
        return uint(IeType.URR_ID);
    }

    public FlagsIe reportingTriggers() {
        return find(IeType.REPORTING_TRIGGERS, FlagsIe.class);
    }

    public VolumeIe volumeThreshold() {
        return find(IeType.VOLUME_THRESHOLD, VolumeIe.class);
    }
}
