package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.Usage;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.ie.VolumeIe;

/**
 * What the usage poller's index asks of a URR (volume triggers watched until a quota is used up, when the next time
 * trigger comes due) and how a quota is used up and granted again (TS 29.244 §5.2.2.2.1).
 */
class UrrMeterTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final Usage NONE = new Usage(0, 0, 0, 0);

    static UrrMeter meter(String trigger, Ie... ies) {
        List<Ie> all = new ArrayList<>(List.of(UintIe.of(IeType.URR_ID, 4, 1),
                FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM", "DURAT"), FlagsIe.of(IeType.REPORTING_TRIGGERS, 2,
                        trigger)));
        all.addAll(Arrays.asList(ies));
        return new UrrMeter(UrrSpec.of(new CreateUrr(all)), T0);
    }

    @Test
    void timeTriggersSayWhenTheyComeDue() {
        UrrMeter perio = meter("PERIO", UintIe.of(IeType.MEASUREMENT_PERIOD, 4, 60));
        assertThat(perio.watchesVolume()).isFalse();
        assertThat(perio.nextTimeDue()).isEqualTo(T0.plusSeconds(60));
        assertThat(perio.due(NONE, T0.plusSeconds(59))).isEmpty();
        perio.report(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, perio.due(NONE, T0.plusSeconds(60)), NONE,
                T0.plusSeconds(60));
        assertThat(perio.nextTimeDue()).as("next period").isEqualTo(T0.plusSeconds(120));

        UrrMeter timth = meter("TIMTH", UintIe.of(IeType.TIME_THRESHOLD, 4, 10));
        assertThat(timth.nextTimeDue()).isEqualTo(T0.plusSeconds(10));
        timth.report(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, List.of("VOLTH"), NONE, T0.plusSeconds(4));
        assertThat(timth.nextTimeDue()).as("counted from the last report").isEqualTo(T0.plusSeconds(14));
        assertThat(meter("VOLTH").nextTimeDue()).isNull();
    }

    @Test
    void volumeTriggersWatchTheCountersUntilTheQuotaIsUsedUp() {
        assertThat(meter("VOLTH", VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 100, -1, -1)).watchesVolume()).isTrue();
        assertThat(meter("VOLTH").watchesVolume()).as("VOLTH without a threshold").isFalse();

        UrrMeter quota = meter("VOLQU", VolumeIe.volumes(IeType.VOLUME_QUOTA, 100, -1, -1));
        assertThat(quota.watchesVolume()).isTrue();
        Usage used = new Usage(100, 1, 0, 0);
        List<String> due = quota.due(used, T0.plusSeconds(1));
        assertThat(due).containsExactly("VOLQU");
        quota.report(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, due, used, T0.plusSeconds(1));
        assertThat(quota.exhausted()).isTrue();
        assertThat(quota.watchesVolume()).as("used up: nothing to watch").isFalse();

        Runnable undo = update(quota, T0.plusSeconds(3), used, VolumeIe.volumes(IeType.VOLUME_QUOTA, 50, -1, -1));
        assertThat(quota.exhausted()).isFalse();
        assertThat(quota.watchesVolume()).isTrue();
        assertThat(quota.due(new Usage(149, 2, 0, 0), T0.plusSeconds(4))).as("the grant counts from 100").isEmpty();
        assertThat(quota.due(new Usage(150, 3, 0, 0), T0.plusSeconds(4))).containsExactly("VOLQU");
        undo.run();
        assertThat(quota.exhausted()).as("a failed modification takes its grant back").isTrue();
    }

    /**
     * Update URR (TS 29.244 §7.5.4.4) replaces the reporting rules from now on: a lowered Volume Threshold is due
     * on the usage already counted since the last report, PERIO added with a Measurement Period counts the period
     * from the update, and the undo of a failed modification restores the URR as it was.
     */
    @Test
    void updateUrrReplacesTheReportingRulesAndIsUndone() {
        UrrMeter m = meter("VOLTH", FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 1000, -1, -1));
        Usage counted = new Usage(90, 3, 0, 0);
        assertThat(m.due(counted, T0.plusSeconds(1))).isEmpty();

        Runnable undo = update(m, T0.plusSeconds(2), counted, VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 60, -1, -1),
                FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, "PERIO", "VOLTH"), UintIe.of(IeType.MEASUREMENT_PERIOD, 4, 5));
        assertThat(m.takeUpdated()).as("read at the next pass").isTrue();
        assertThat(m.takeUpdated()).isFalse();
        assertThat(m.urr().volumeThreshold().total()).isEqualTo(60);
        assertThat(m.urr().measurementMethod().has("VOLUM")).as("absent values kept").isTrue();
        assertThat(m.due(counted, T0.plusSeconds(3))).containsExactly("VOLTH");
        assertThat(m.nextTimeDue()).as("the period counts from the update").isEqualTo(T0.plusSeconds(7));
        assertThat(m.due(counted, T0.plusSeconds(7))).containsExactly("PERIO", "VOLTH");

        undo.run();
        assertThat(m.urr().volumeThreshold().total()).isEqualTo(1000);
        assertThat(m.due(counted, T0.plusSeconds(7))).isEmpty();
        assertThat(m.nextTimeDue()).isNull();
    }

    /** Applies an Update URR of URR 1 carrying ies to m, as the session service does; returns its undo. */
    private static Runnable update(UrrMeter m, Instant now, Usage counters, Ie... ies) {
        List<Ie> all = new ArrayList<>(List.of(UintIe.of(IeType.URR_ID, 4, 1)));
        all.addAll(Arrays.asList(ies));
        UpdateUrr u = new UpdateUrr(all);
        return m.update(u, m.urr().update(u), counters, now);
    }
}
