package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UsageReport;

/**
 * TS 29.244 §7.5.8 Session Report Request (UPF to SMF): Report Type (M); Downlink Data Report, Usage Report
 * (type 80), Error Indication Report, Load/Overload Control Information, Additional Usage Reports
 * Information, PFCPSRReq-Flags, ... (C).
 */
public final class SessionReportRequest extends PfcpMessage {
    public SessionReportRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    /** A report to the SMF's session {@code cpSeid} with a Report Type (§8.2.21) and its report IEs. */
    public static SessionReportRequest of(long cpSeid, int sequence, FlagsIe reportType, Ie... reports) {
        return (SessionReportRequest) builder(PfcpMessageType.SESSION_REPORT_REQUEST).seid(cpSeid)
                .sequence(sequence).add(reportType).addAll(List.of(reports)).build();
    }

    /** Report Type (§8.2.21): DLDR, USAR, ERIR, UPIR, ... */
    public FlagsIe reportType() {
        return find(IeType.REPORT_TYPE, FlagsIe.class);
    }

    public List<UsageReport> usageReports() {
        return findAll(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
    }

    /** Downlink Data Report (§7.5.8.2): PDR ID(s), Downlink Data Service Information. */
    public GroupedIe downlinkDataReport() {
        return find(IeType.DOWNLINK_DATA_REPORT, GroupedIe.class);
    }

    /** Error Indication Report (§7.5.8.4): the remote F-TEID(s) that sent GTP-U Error Indications. */
    public GroupedIe errorIndicationReport() {
        return find(IeType.ERROR_INDICATION_REPORT, GroupedIe.class);
    }
}
