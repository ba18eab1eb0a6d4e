package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

/**
 * TS 29.244 §7.4.5.1 Node Report Request (UPF to SMF): Node ID, Node Report Type (M); User Plane Path
 * Failure Report (§7.4.5.1-2), User Plane Path Recovery Report, ... (C).
 */
public final class NodeReportRequest extends PfcpMessage {
    public NodeReportRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    /** A report, e.g. {@code of(seq, self, FlagsIe.of(NODE_REPORT_TYPE, "UPFR"), pathFailureReport)}. */
    public static NodeReportRequest of(int sequence, NodeId nodeId, FlagsIe reportType, Ie... reports) {
        return (NodeReportRequest) builder(PfcpMessageType.NODE_REPORT_REQUEST).sequence(sequence).nodeId(nodeId)
                .add(reportType).addAll(List.of(reports)).build();
    }

    /** Node Report Type (§8.2.69): UPFR, UPRR, CKDR, GPQR, ... */
    public FlagsIe reportType() {
        return find(IeType.NODE_REPORT_TYPE, FlagsIe.class);
    }

    /** User Plane Path Failure Report: the Remote GTP-U Peer(s) no longer reachable, or {@code null}. */
    public GroupedIe userPlanePathFailureReport() {
        return find(IeType.USER_PLANE_PATH_FAILURE_REPORT, GroupedIe.class);
    }
}
