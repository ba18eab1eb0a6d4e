package org.upf.control.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.dataplane.Usage;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;
import org.upf.pfcp.node.NtpTime;

/**
 * The reporting state of one URR (TS 29.244 §5.2.2): what its data-path slot had counted at the last report
 * (each Usage Report carries the usage since the previous one, §5.2.2.2.1), when that measurement started, the
 * next UR-SEQN (§8.2.71: incremented per report of this URR) and which quota and period reports are due.
 * Shared by the session copies a modification makes (a kept URR keeps measuring) and read by the usage poller
 * thread as well as the PFCP event loop, hence synchronized.
 */
final class UrrMeter {
    /**
     * §8.2.41 Usage Report Trigger has octets 5 to 7: always send all three, a peer with a fixed layout (Scapy, Release
     * 15 parsers) would otherwise read the next IE as the rest of this one.
     */
    private static final int TRIGGER_OCTETS = 3;
    private static final Usage NOTHING = new Usage(0, 0, 0, 0);

    /** Bits of {@link #watch}: the Reporting Triggers (§8.2.19) this URR has, with the value each one needs. */
    private static final int PERIO = 1;
    private static final int VOLTH = 2;
    private static final int TIMTH = 4;
    private static final int VOLQU = 8;
    private static final int TIMQU = 16;

    /** The URR in force: Create URR's, replaced by an Update URR (§7.5.4.4). */
    private volatile UrrSpec urr;
    /**
     * The triggers, read from the URR in force: the poller asks each URR it reads, and looking flags up in the IE
     * list each time cost more than the batched counter read.
     */
    private volatile int watch;
    private Usage base = NOTHING;
    private Instant start;
    private long seqn;
    private Instant nextPeriod;
    private boolean volumeQuotaReported;
    private boolean timeQuotaReported;
    /** The quotas in force: Create URR's, replaced by an Update URR that carries new ones (§5.2.2.2.1). */
    private VolumeIe volumeQuota;
    private long timeQuota;
    /** Counters and time when the quotas in force were granted: a quota counts the usage since. */
    private Usage quotaBase = NOTHING;
    private Instant quotaStart;
    /** FAR ID for Quota Action (§7.5.2.4, Release 16, a FAR ID IE in Create/Update URR), or -1. */
    private long quotaActionFar;
    /** {@link UrrIndex} bookkeeping, poller thread only: the round it was last given out in, the second it is queued for. */
    long givenRound;
    long indexedSecond = UrrIndex.NONE;
    /** Set by an Update URR, taken by {@link UrrIndex}: the URR is read at the next pass, without waiting for a mark. */
    private volatile boolean updated;

    /** A URR whose counters were zeroed at created (a new data-path slot). */
    UrrMeter(UrrSpec urr, Instant created) {
        this.urr = urr;
        this.start = created;
        watch = watchOf(urr);
        nextPeriod = (watch & PERIO) != 0 ? created.plusSeconds(urr.measurementPeriod()) : null;
        volumeQuota = urr.volumeQuota();
        timeQuota = urr.timeQuota();
        quotaStart = created;
        quotaActionFar = urr.quotaActionFar();
    }

    /** The triggers of {@link #watch} a URR has with the value each one needs. */
    private static int watchOf(UrrSpec d) {
        FlagsIe t = d.reportingTriggers();
        return (d.measurementPeriod() > 0 && t.has("PERIO") ? PERIO : 0)
                | (d.volumeThreshold() != null && t.has("VOLTH") ? VOLTH : 0)
                | (d.timeThreshold() > 0 && t.has("TIMTH") ? TIMTH : 0)
                | (t.has("VOLQU") ? VOLQU : 0) | (t.has("TIMQU") ? TIMQU : 0);
    }

    /** Whether a URR has quotas (VOLQU or TIMQU): traffic stops when one is used up (§5.2.2.2.1). */
    static boolean enforcesQuota(UrrSpec d) {
        return (watchOf(d) & (VOLQU | TIMQU)) != 0;
    }

    /** Whether this URR has quotas (VOLQU or TIMQU): traffic stops when one is used up (§5.2.2.2.1). */
    boolean enforcesQuota() {
        return (watch & (VOLQU | TIMQU)) != 0;
    }

    /**
     * Whether a quota was used up and reported and no new one granted since: the PDRs using this URR must not forward
     * (§5.2.2.2.1: the UP function stops forwarding, or applies the FAR ID for Quota Action).
     */
    synchronized boolean exhausted() {
        return volumeQuotaReported || timeQuotaReported;
    }

    /** The FAR ID for Quota Action, or -1 (drop). */
    synchronized long quotaActionFar() {
        return quotaActionFar;
    }

    /**
     * Update URR (§7.5.4.4): spec (the URR with the update's values, {@link UrrSpec#update}) is in force from now on
     * (§5.2.2.1). Thresholds count the usage since the last report as before, so a threshold lowered below it is due
     * at the next read; a new or changed Measurement Period starts now (§5.2.2.2.1 PERIO); a new Volume Quota and/or
     * Time Quota counts from now (counters: the slot's totals now), and a used-up quota of that kind is available
     * again. Returns how to undo it if the modification carrying it fails.
     */
    synchronized Runnable update(UpdateUrr u, UrrSpec spec, Usage counters, Instant now) {
        UrrSpec oldUrr = urr;
        int oldWatch = watch;
        Instant oldPeriod = nextPeriod;
        VolumeIe oldVq = volumeQuota;
        long oldTq = timeQuota;
        Usage oldBase = quotaBase;
        Instant oldStart = quotaStart;
        boolean oldVr = volumeQuotaReported;
        boolean oldTr = timeQuotaReported;
        long oldFar = quotaActionFar;
        urr = spec;
        watch = watchOf(spec);
        if ((watch & PERIO) == 0) {
            nextPeriod = null;
        } else if ((oldWatch & PERIO) == 0 || spec.measurementPeriod() != oldUrr.measurementPeriod()) {
            nextPeriod = now.plusSeconds(spec.measurementPeriod());
        }
        if (u.find(IeType.VOLUME_QUOTA, VolumeIe.class) != null) {
            volumeQuota = spec.volumeQuota();
            quotaBase = counters;
            volumeQuotaReported = false;
        }
        if (u.uint(IeType.TIME_QUOTA) >= 0) {
            timeQuota = spec.timeQuota();
            quotaStart = now;
            timeQuotaReported = false;
        }
        quotaActionFar = spec.quotaActionFar();
        updated = true;
        return () -> {
            synchronized (this) {
                urr = oldUrr;
                watch = oldWatch;
                nextPeriod = oldPeriod;
                volumeQuota = oldVq;
                timeQuota = oldTq;
                quotaBase = oldBase;
                quotaStart = oldStart;
                volumeQuotaReported = oldVr;
                timeQuotaReported = oldTr;
                quotaActionFar = oldFar;
            }
        };
    }

    /** Whether an Update URR changed this URR since the last call (the usage poller thread). */
    boolean takeUpdated() {
        boolean was = updated;
        updated = false;
        return was;
    }

    UrrSpec urr() {
        return urr;
    }

    /**
     * The triggers of §5.2.2.2 this URR asked for (Reporting Triggers, §8.2.19) that counters (its slot's totals)
     * and the time now fulfil: PERIO (Measurement Period elapsed), VOLTH (Volume Threshold reached by the usage
     * since the last report), TIMTH (Time Threshold elapsed since the last report), VOLQU / TIMQU (Volume / Time
     * Quota used up since it was granted by Create URR or by the last Update URR carrying one; reported once per
     * grant).
     */
    synchronized List<String> due(Usage counters, Instant now) {
        List<String> out = timeDue(now);
        UrrSpec d = urr;
        if ((watch & VOLTH) != 0 && reached(d.volumeThreshold(), minus(counters, base))) {
            out.add("VOLTH");
        }
        if ((watch & VOLQU) != 0 && !volumeQuotaReported && used(volumeQuota, minus(counters, quotaBase))) {
            out.add("VOLQU");
        }
        return out;
    }

    /**
     * Whether a Volume Quota is used up with nothing counted since its grant (a quota of zero): no packet will mark
     * this URR for the poller, so a new URR like this must be read at its first pass.
     */
    synchronized boolean volumeDueUnused() {
        return (watch & VOLQU) != 0 && !volumeQuotaReported && used(volumeQuota, NOTHING);
    }

    /** Whether a volume trigger watches the counters (VOLTH, or VOLQU with a quota not yet used up). */
    synchronized boolean watchesVolume() {
        return (watch & VOLTH) != 0 || ((watch & VOLQU) != 0 && !volumeQuotaReported && volumeQuota != null);
    }

    /** When the earliest time trigger (PERIO, TIMTH, TIMQU) comes due, or null if it has none pending. */
    synchronized Instant nextTimeDue() {
        Instant next = nextPeriod;
        if ((watch & TIMTH) != 0) {
            next = earlier(next, start.plusSeconds(urr.timeThreshold()));
        }
        if ((watch & TIMQU) != 0 && !timeQuotaReported && timeQuota > 0) {
            next = earlier(next, quotaStart.plusSeconds(timeQuota));
        }
        return next;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** The time triggers due at now: PERIO, TIMTH, TIMQU. */
    private List<String> timeDue(Instant now) {
        UrrSpec d = urr;
        List<String> out = new ArrayList<>();
        if (nextPeriod != null && !now.isBefore(nextPeriod)) {
            out.add("PERIO");
        }
        if ((watch & TIMTH) != 0 && elapsed(start, now) >= d.timeThreshold()) {
            out.add("TIMTH");
        }
        if ((watch & TIMQU) != 0 && !timeQuotaReported && timeQuota > 0 && elapsed(quotaStart, now) >= timeQuota) {
            out.add("TIMQU");
        }
        return out;
    }

    /**
     * A Usage Report (§7.5.5.2, §7.5.7.2, §7.5.8.3) of the usage since the last report, with these triggers: URR ID,
     * UR-SEQN (§8.2.71), Usage Report Trigger, Start Time and End Time of the measurement (§8.2.52, §8.2.53), Volume
     * Measurement (§8.2.44, VOLUM) and Duration Measurement (§8.2.45, DURAT). The next measurement starts now.
     */
    synchronized UsageReport report(IeType container, List<String> triggers, Usage counters, Instant now) {
        Usage since = minus(counters, base);
        List<Ie> ies = new ArrayList<>(List.of(UintIe.of(IeType.URR_ID, 4, urr.id()),
                UintIe.of(IeType.UR_SEQN, 4, seqn++),
                FlagsIe.of(IeType.USAGE_REPORT_TRIGGER, TRIGGER_OCTETS, triggers.toArray(String[]::new)),
                UintIe.of(IeType.START_TIME, 4, NtpTime.seconds(start)),
                UintIe.of(IeType.END_TIME, 4, NtpTime.seconds(now))));
        FlagsIe method = urr.measurementMethod();
        if (method.has("VOLUM")) {
            ies.add(VolumeIe.volumes(IeType.VOLUME_MEASUREMENT, since.totalBytes(), since.uplinkBytes(),
                    since.downlinkBytes()));
        }
        if (method.has("DURAT")) {
            ies.add(UintIe.of(IeType.DURATION_MEASUREMENT, 4, elapsed(start, now)));
        }
        base = counters;
        start = now;
        if (triggers.contains("PERIO") && nextPeriod != null) { // an Update URR may have removed PERIO since due()
            long period = urr.measurementPeriod();
            while (!now.isBefore(nextPeriod)) {
                nextPeriod = nextPeriod.plusSeconds(period);
            }
        }
        volumeQuotaReported |= triggers.contains("VOLQU");
        timeQuotaReported |= triggers.contains("TIMQU");
        return new UsageReport(container, ies);
    }

    /** The state a restarted agent needs to continue this URR's reports (journaled after each report). */
    synchronized UrrState state() {
        return new UrrState(base, start, seqn, nextPeriod, volumeQuotaReported, timeQuotaReported, quotaBase,
                quotaStart);
    }

    /** Continues from a journaled state (replay after a restart): the next report carries its UR-SEQN. */
    synchronized void restore(UrrState s) {
        base = s.base();
        start = s.start();
        seqn = s.seqn();
        nextPeriod = s.nextPeriod();
        volumeQuotaReported = s.volumeQuotaReported();
        timeQuotaReported = s.timeQuotaReported();
        quotaBase = s.quotaBase();
        quotaStart = s.quotaStart();
    }

    /** Whether any volume the IE sets (total, uplink, downlink octets) is reached. */
    private static boolean reached(VolumeIe limit, Usage u) {
        return limit != null && (reached(limit.total(), u.totalBytes()) || reached(limit.uplink(), u.uplinkBytes())
                || reached(limit.downlink(), u.downlinkBytes()));
    }

    /**
     * Whether a Volume Quota (§8.2.50) is used up: a field set to zero grants nothing and is used up at once (unlike a
     * threshold of zero, which never fires).
     */
    private static boolean used(VolumeIe quota, Usage u) {
        return quota != null && (quota.total() == 0 || quota.uplink() == 0 || quota.downlink() == 0
                || reached(quota, u));
    }

    private static boolean reached(long limit, long value) {
        return limit > 0 && value >= limit;
    }

    private static long elapsed(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds());
    }

    /**
     * Counters minus the base; a counter below its base (the slot was cleared under a racing reader) counts from
     * zero again.
     */
    private static Usage minus(Usage a, Usage b) {
        return new Usage(nonNegative(a.uplinkBytes(), b.uplinkBytes()), nonNegative(a.uplinkPackets(),
                b.uplinkPackets()), nonNegative(a.downlinkBytes(), b.downlinkBytes()),
                nonNegative(a.downlinkPackets(), b.downlinkPackets()));
    }

    private static long nonNegative(long a, long b) {
        return a >= b ? a - b : a;
    }
}
