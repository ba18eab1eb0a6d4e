package org.upf.control.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.ie.VolumeIe;

/**
 * A URR (TS 29.244 §7.5.2.4). The data path counts volume and packets per URR slot; the reporting rules the agent
 * applies are kept as the SMF sent them: Measurement Method (§8.2.40), Reporting Triggers (§8.2.19), Volume
 * Threshold / Quota (§8.2.13, §8.2.50), Time Threshold / Quota (§8.2.14, §8.2.51), Measurement Period (§8.2.15)
 * and FAR ID for Quota Action (Release 16, §7.5.2.4); absent numbers are negative, absent volumes null. The flag
 * and volume values are shared between the URRs that carry the same ones (an SMF sends the same URR templates for
 * many sessions), which keeps a URR at about 70 bytes of heap instead of the ~300 of the decoded Create URR.
 */
record UrrSpec(long id, FlagsIe measurementMethod, FlagsIe reportingTriggers, VolumeIe volumeThreshold,
               VolumeIe volumeQuota, long timeThreshold, long timeQuota, long measurementPeriod, long quotaActionFar) {
    /** Bound on the shared values, so that an SMF sending ever new values cannot grow it without limit. */
    private static final int MAX_SHARED = 4096;
    private static final Map<Ie, Ie> SHARED = new ConcurrentHashMap<>();

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
        return new UrrSpec(id, shared(c.measurementMethod()), shared(c.reportingTriggers()),
                shared(c.volumeThreshold()), shared(c.volumeQuota()), c.timeThreshold(), c.timeQuota(),
                c.measurementPeriod(), c.uint(IeType.FAR_ID));
    }

    /**
     * This URR with what an Update URR (TS 29.244 §7.5.4.4, Table 7.5.4.4-1) changes: Measurement Method, Reporting
     * Triggers, Volume Threshold / Quota, Time Threshold / Quota, Measurement Period and FAR ID for Quota Action each
     * replace the value in force when present (§5.2.2.1: the new values apply from the update on); absent ones keep
     * it. Nothing changes here: the caller puts the result in place once the whole modification is accepted.
     */
    UrrSpec update(UpdateUrr u) {
        FlagsIe method = u.find(IeType.MEASUREMENT_METHOD, FlagsIe.class);
        FlagsIe triggers = u.reportingTriggers();
        VolumeIe threshold = u.volumeThreshold();
        VolumeIe quota = u.find(IeType.VOLUME_QUOTA, VolumeIe.class);
        return new UrrSpec(id, method != null ? shared(method) : measurementMethod,
                triggers != null ? shared(triggers) : reportingTriggers,
                threshold != null ? shared(threshold) : volumeThreshold, quota != null ? shared(quota) : volumeQuota,
                or(u.uint(IeType.TIME_THRESHOLD), timeThreshold), or(u.uint(IeType.TIME_QUOTA), timeQuota),
                or(u.uint(IeType.MEASUREMENT_PERIOD), measurementPeriod), or(u.uint(IeType.FAR_ID), quotaActionFar));
    }

    /** An Update URR's number (-1: absent) or the one in force. */
    private static long or(long updated, long current) {
        return updated >= 0 ? updated : current;
    }

    /**
     * The shared value equal to v (FlagsIe and VolumeIe compare by content), v itself if it is the first or the bound
     * is reached; null for null.
     */
    @SuppressWarnings("unchecked")
    private static <T extends Ie> T shared(T v) {
        if (v == null) {
            return null;
        }
        Ie known = SHARED.get(v);
        if (known != null) {
            return (T) known;
        }
        if (SHARED.size() < MAX_SHARED) {
            known = SHARED.putIfAbsent(v, v);
        }
        return known != null ? (T) known : v;
    }
}
