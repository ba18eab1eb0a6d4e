package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UsageReport;

/** TS 29.244 §7.5.7 Session Deletion Response: Cause (M); Usage Report (type 79) (C). */
public final class SessionDeletionResponse extends PfcpMessage {
    public SessionDeletionResponse(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public List<UsageReport> usageReports() {
        return findAll(IeType.USAGE_REPORT_SESSION_DELETION_RESPONSE, UsageReport.class);
    }
}
