package org.upf.control.session;

import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.dataplane.Usage;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;

/**
 * Usage Reports in responses (TS 29.244 §7.5.5.2 modification, §7.5.7.2 deletion): URR ID, UR-SEQN, Usage Report
 * Trigger (§8.2.41: TERMR for a removed URR or a deleted session, IMMER for a Query URR) and, for a URR measuring
 * volume (§8.2.40 VOLUM), the Volume Measurement (§8.2.44: total, uplink, downlink octets of forwarded packets).
 */
final class FinalUsage {
    /**
     * §8.2.41 Usage Report Trigger has octets 5 to 7: always send all three, a peer with a fixed layout (Scapy, Release
     * 15 parsers) would otherwise read the next IE as the rest of this one.
     */
    private static final int TRIGGER_OCTETS = 3;
    private FinalUsage() {
    }

    /**
     * UR-SEQN is 0: no report was sent for the URR before (threshold, quota and periodic reports, which would number
     * theirs first, are not implemented yet).
     */
    static UsageReport report(IeType container, String trigger, UrrSpec urr, Usage usage) {
        List<Ie> ies = new ArrayList<>(List.of(UintIe.of(IeType.URR_ID, 4, urr.id()), UintIe.of(IeType.UR_SEQN, 4, 0),
                FlagsIe.of(IeType.USAGE_REPORT_TRIGGER, TRIGGER_OCTETS, trigger)));
        if (urr.definition().measurementMethod().has("VOLUM")) {
            ies.add(VolumeIe.volumes(IeType.VOLUME_MEASUREMENT, usage.totalBytes(), usage.uplinkBytes(),
                    usage.downlinkBytes()));
        }
        return new UsageReport(container, ies);
    }
}
