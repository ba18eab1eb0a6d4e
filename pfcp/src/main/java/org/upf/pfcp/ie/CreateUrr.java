package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.2.4 Create URR (IE type 6). */
public final class CreateUrr extends GroupedIe {
    public CreateUrr(List<Ie> ies) {
        super(IeType.CREATE_URR, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    CreateUrr(Ie[] ies) {
        super(IeType.CREATE_URR, ies);
    }

    public long urrId() {
        return uint(IeType.URR_ID);
    }

    /** Measurement Method (§8.2.40): DURAT, VOLUM, EVENT. */
    public FlagsIe measurementMethod() {
        return find(IeType.MEASUREMENT_METHOD, FlagsIe.class);
    }

    /** Reporting Triggers (§8.2.19), 2 or 3 octets as sent. */
    public FlagsIe reportingTriggers() {
        return find(IeType.REPORTING_TRIGGERS, FlagsIe.class);
    }

    public VolumeIe volumeThreshold() {
        return find(IeType.VOLUME_THRESHOLD, VolumeIe.class);
    }

    public VolumeIe volumeQuota() {
        return find(IeType.VOLUME_QUOTA, VolumeIe.class);
    }

    /** Time Threshold in seconds, -1 if absent. */
    public long timeThreshold() {
        return uint(IeType.TIME_THRESHOLD);
    }

    /** Time Quota in seconds, -1 if absent. */
    public long timeQuota() {
        return uint(IeType.TIME_QUOTA);
    }

    /** Measurement Period in seconds, -1 if absent. */
    public long measurementPeriod() {
        return uint(IeType.MEASUREMENT_PERIOD);
    }

    /** Monitoring Time (NTP seconds), -1 if absent. */
    public long monitoringTime() {
        return uint(IeType.MONITORING_TIME);
    }
}
