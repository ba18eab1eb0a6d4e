package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;

/**
 * TS 29.244 §7.5.3 Session Establishment Response: Node ID, Cause (M); Offending IE, UP F-SEID,
 * Created PDR, Load/Overload Control Information, Failed Rule ID (C).
 */
public final class SessionEstablishmentResponse extends PfcpMessage {
    public SessionEstablishmentResponse(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public List<CreatedPdr> createdPdrs() {
        return findAll(IeType.CREATED_PDR, CreatedPdr.class);
    }

    /** UP F-SEID (§8.2.37): the SEID the SMF puts in the header of this session's later requests. */
    public FSeid upFSeid() {
        return fSeid();
    }

    /** Failed Rule ID (§8.2.80) of a rejection, or {@code null}. */
    public FailedRuleId failedRuleId() {
        return find(IeType.FAILED_RULE_ID, FailedRuleId.class);
    }

    /**
     * The acceptance of {@code request}: header SEID = the SMF's CP F-SEID, Node ID, Cause accepted,
     * UP F-SEID and the Created PDRs (with the F-TEIDs the UPF chose), TS 29.244 §7.5.3.
     */
    public static SessionEstablishmentResponse accepted(SessionEstablishmentRequest request, NodeId nodeId,
                                                        FSeid upFSeid, List<CreatedPdr> createdPdrs) {
        return (SessionEstablishmentResponse) request.responseBuilder().seid(cpSeid(request)).nodeId(nodeId)
                .cause(PfcpCause.REQUEST_ACCEPTED).add(upFSeid).addAll(createdPdrs).build();
    }

    /** A rejection of {@code request} with a cause, the Offending IE (if any, else -1) and Failed Rule ID (or null). */
    public static SessionEstablishmentResponse rejected(SessionEstablishmentRequest request, NodeId nodeId,
                                                        PfcpCause cause, int offendingIe, FailedRuleId failedRule) {
        PfcpMessage.Builder b = request.responseBuilder().seid(cpSeid(request)).nodeId(nodeId).cause(cause);
        if (offendingIe >= 0) {
            b.offendingIe(offendingIe);
        }
        if (failedRule != null) {
            b.add(failedRule);
        }
        return (SessionEstablishmentResponse) b.build();
    }

    /** §7.2.2: the header carries the receiving peer's SEID, the CP F-SEID here; 0 if the request had none. */
    private static long cpSeid(SessionEstablishmentRequest request) {
        FSeid cp = request.fSeid();
        return cp == null ? 0 : cp.seid();
    }
}
