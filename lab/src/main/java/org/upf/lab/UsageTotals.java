package org.upf.lab;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;

/** Sums the Volume Measurements (TS 29.244 §8.2.44) of usage reports from any thread. */
final class UsageTotals {
    private final LongAdder reports = new LongAdder();
    private final LongAdder uplink = new LongAdder();
    private final LongAdder downlink = new LongAdder();

    void add(List<UsageReport> list) {
        for (UsageReport r : list) {
            reports.increment();
            VolumeIe v = r.volumeMeasurement();
            if (v != null) {
                uplink.add(Math.max(0, v.uplink()));
                downlink.add(Math.max(0, v.downlink()));
            }
        }
    }

    long reports() {
        return reports.sum();
    }

    long uplink() {
        return uplink.sum();
    }

    long downlink() {
        return downlink.sum();
    }
}
