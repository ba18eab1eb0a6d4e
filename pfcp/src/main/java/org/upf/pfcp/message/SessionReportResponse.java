package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;

/**
 * TS 29.244 §7.5.9 Session Report Response (SMF to UPF): Cause (M); Offending IE, Update BAR (§7.5.9.2),
 * PFCPSRRsp-Flags (DROBU: drop buffered packets), ... (C).
 */
public final class SessionReportResponse extends PfcpMessage {
    public SessionReportResponse(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    /** Update BAR (Session Report Response variant, IE type 12), or {@code null}. */
    public GroupedIe updateBar() {
        return find(IeType.UPDATE_BAR_SESSION_REPORT_RESPONSE, GroupedIe.class);
    }

    /** PFCPSRRsp-Flags (§8.2.32), or {@code null}. */
    public FlagsIe flags() {
        return find(IeType.PFCPSRRSP_FLAGS, FlagsIe.class);
    }
}
