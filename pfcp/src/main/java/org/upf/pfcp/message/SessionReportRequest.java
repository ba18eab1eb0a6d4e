package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UsageReport;

/** TS 29.244 §7.5.8 Session Report Request: Report Type (M); Downlink Data Report, Usage Report (type 80), Error Indication Report (C). */
public final class SessionReportRequest extends PfcpMessage {
    public SessionReportRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public List<UsageReport> usageReports() {
        return findAll(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
    }
}
