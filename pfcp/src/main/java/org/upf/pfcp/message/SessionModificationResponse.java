package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UsageReport;

/** TS 29.244 §7.5.5 Session Modification Response: Cause (M); Usage Report (type 78), Created PDR, ... (C). */
public final class SessionModificationResponse extends PfcpMessage {
    public SessionModificationResponse(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public List<UsageReport> usageReports() {
        return findAll(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, UsageReport.class);
    }
}
