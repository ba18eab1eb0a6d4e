package org.upf.control.session;

import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.CreateQer;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UpdateQer;

/**
 * A QER (TS 29.244 §7.5.2.5): gates (§8.2.7), MBR / GBR in kbit/s (§8.2.8, §8.2.9), QFI (§8.2.89), RQI.
 *
 * @param mbr MBR or null (no limit)
 * @param gbr GBR or null
 */
record QerSpec(long id, boolean ulOpen, boolean dlOpen, BitRate mbr, BitRate gbr, Integer qfi, boolean rqi) {

    static QerSpec of(CreateQer c) {
        long id = c.qerId();
        if (id < 0) {
            throw RuleException.missing(IeType.QER_ID, false, "Create QER");
        }
        if (c.ulGate() < 0) {
            throw RuleException.missing(IeType.GATE_STATUS, false, "Create QER " + id);
        }
        if (c.qerCorrelationId() >= 0) {
            throw RuleException.rule(FailedRuleId.QER, id, "QER " + id + ": QER Correlation ID is not supported");
        }
        long rqi = c.uint(IeType.RQI);
        return new QerSpec(id, c.ulGate() == 0, c.dlGate() == 0, c.mbr(), c.gbr(), c.qfi() < 0 ? null : c.qfi(),
                rqi > 0 && (rqi & 1) != 0);
    }

    /** §7.5.4.5 Update QER: Gate Status, MBR, GBR, QFI present replace the old ones. */
    QerSpec update(UpdateQer u) {
        long g = u.gateStatus();
        boolean ul = g < 0 ? ulOpen : ((g >> 2) & 3) == 0;
        boolean dl = g < 0 ? dlOpen : (g & 3) == 0;
        BitRate gbrNew = u.find(IeType.GBR, BitRate.class);
        long q = u.uint(IeType.QFI);
        return new QerSpec(id, ul, dl, u.mbr() != null ? u.mbr() : mbr, gbrNew != null ? gbrNew : gbr,
                q >= 0 ? (Integer) (int) q : qfi, rqi);
    }
}
