package org.upf.control.session;

import java.time.Instant;
import org.upf.bpf.dataplane.Usage;

/**
 * A URR's reporting state as the journal keeps it after each report or quota grant, so a restarted agent goes on
 * where it stopped (TS 29.244 §5.2.2): the next UR-SEQN (§8.2.71: incremented per report of this URR, so the SMF
 * sees no repeated or restarted sequence), the data-path counters at the last report (usage already reported is not
 * reported again) and when that measurement started, the next periodic report, which quotas were reported (used
 * up: traffic stays stopped), and the counters and time at the last quota grant (a quota counts from there). The
 * quotas themselves come back with the journaled requests that granted them.
 *
 * @param nextPeriod null when the URR has no periodic reporting
 */
public record UrrState(Usage base, Instant start, long seqn, Instant nextPeriod, boolean volumeQuotaReported,
                       boolean timeQuotaReported, Usage quotaBase, Instant quotaStart) {
}
