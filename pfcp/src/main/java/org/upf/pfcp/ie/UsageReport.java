package org.upf.pfcp.ie;

import java.util.List;

/**
 * Usage Report, TS 29.244 §7.5.5.2 (in Session Modification Response, IE type 78), §7.5.7.2 (Session
 * Deletion Response, 79) and §7.5.8.3 (Session Report Request, 80): the same core children.
 */
public final class UsageReport extends GroupedIe {
    public UsageReport(IeType type, List<Ie> ies) {
        super(type, ies);
    }

    UsageReport(IeType type, Ie[] ies) {
        super(type, ies);
    }

    public long urrId() {
        return uint(IeType.URR_ID);
    }

    /** UR-SEQN, -1 if absent. */
    public long urSeqn() {
        return uint(IeType.UR_SEQN);
    }

    /** Usage Report Trigger (§8.2.41). */
    public FlagsIe trigger() {
        return find(IeType.USAGE_REPORT_TRIGGER, FlagsIe.class);
    }

    public VolumeIe volumeMeasurement() {
        return find(IeType.VOLUME_MEASUREMENT, VolumeIe.class);
    }

    /** Duration Measurement in seconds, -1 if absent. */
    public long durationMeasurement() {
        return uint(IeType.DURATION_MEASUREMENT);
    }

    public long startTime() {
        return uint(IeType.START_TIME);
    }

    public long endTime() {
        return uint(IeType.END_TIME);
    }
}
