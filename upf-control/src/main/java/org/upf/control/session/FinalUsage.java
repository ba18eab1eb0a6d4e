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
 * The Usage Report a Session Deletion Response carries for each URR (TS 29.244 §7.5.7.2): URR ID, UR-SEQN,
 * Usage Report Trigger TERMR (§8.2.41, termination of the session) and, for a URR measuring volume (§8.2.40 VOLUM),
 * the Volume Measurement (§8.2.44: total, uplink, downlink octets of the forwarded packets).
 */
final class FinalUsage {
    private FinalUsage() {
    }

    /**
     * UR-SEQN is 0: no report was sent for the URR before (threshold, quota and periodic reports, which would number
     * theirs first, are not implemented yet).
     */
    static UsageReport report(UrrSpec urr, Usage usage) {
        List<Ie> ies = new ArrayList<>(List.of(UintIe.of(IeType.URR_ID, 4, urr.id()), UintIe.of(IeType.UR_SEQN, 4, 0),
                FlagsIe.of(IeType.USAGE_REPORT_TRIGGER, "TERMR")));
        if (urr.definition().measurementMethod().has("VOLUM")) {
            ies.add(VolumeIe.volumes(IeType.VOLUME_MEASUREMENT, usage.totalBytes(), usage.uplinkBytes(),
                    usage.downlinkBytes()));
        }
        return new UsageReport(IeType.USAGE_REPORT_SESSION_DELETION_RESPONSE, ies);
    }
}
