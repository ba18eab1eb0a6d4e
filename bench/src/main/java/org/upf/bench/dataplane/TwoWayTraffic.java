package org.upf.bench.dataplane;

import java.util.function.Supplier;
import org.upf.bench.dataplane.UpfRig.Way;
import org.upf.bpf.BpfProgram;

/**
 * {@link LiveTraffic} both ways through a {@link UpfRig}, with each device under test's own time per packet taken
 * once at set-up (see {@link TrialFigures}): what the live-frames benchmarks share, whatever they attach.
 */
final class TwoWayTraffic {
    final LiveTraffic uplink;
    final LiveTraffic downlink;
    final double uplinkProgNanos;
    final double downlinkProgNanos;

    /** uplinkDut / downlinkDut: the programs attached to the UPF interfaces uplink / downlink frames come in on. */
    TwoWayTraffic(UpfRig rig, BulkSessions sessions, BpfProgram uplinkDut, BpfProgram downlinkDut) {
        uplink = new LiveTraffic(rig, Way.UPLINK, sessions, uplinkDut);
        downlink = new LiveTraffic(rig, Way.DOWNLINK, sessions, downlinkDut);
        uplinkProgNanos = uplink.programNanos(LiveTraffic.STATS_BURSTS);
        downlinkProgNanos = downlink.programNanos(LiveTraffic.STATS_BURSTS);
    }

    /** {@link LiveTraffic#checkDelivered} for both ways. */
    void checkDelivered(Supplier<String> why) {
        uplink.checkDelivered(why);
        downlink.checkDelivered(why);
    }
}
