package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.RemoveRule;
import org.upf.pfcp.ie.UpdateFar;
import org.upf.pfcp.ie.UpdatePdr;
import org.upf.pfcp.ie.UpdateQer;
import org.upf.pfcp.ie.UpdateUrr;

/** TS 29.244 §7.5.4 Session Modification Request: every IE is conditional or optional. */
public final class SessionModificationRequest extends PfcpMessage implements RuleCreations {
    public SessionModificationRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public List<RemoveRule> removePdrs() {
        return findAll(IeType.REMOVE_PDR, RemoveRule.class);
    }

    public List<RemoveRule> removeFars() {
        return findAll(IeType.REMOVE_FAR, RemoveRule.class);
    }

    public List<RemoveRule> removeUrrs() {
        return findAll(IeType.REMOVE_URR, RemoveRule.class);
    }

    public List<RemoveRule> removeQers() {
        return findAll(IeType.REMOVE_QER, RemoveRule.class);
    }

    public List<UpdatePdr> updatePdrs() {
        return findAll(IeType.UPDATE_PDR, UpdatePdr.class);
    }

    public List<UpdateFar> updateFars() {
        return findAll(IeType.UPDATE_FAR, UpdateFar.class);
    }

    public List<UpdateUrr> updateUrrs() {
        return findAll(IeType.UPDATE_URR, UpdateUrr.class);
    }

    public List<UpdateQer> updateQers() {
        return findAll(IeType.UPDATE_QER, UpdateQer.class);
    }

    /** PFCPSMReq-Flags (§8.2.31), or {@code null}. */
    public FlagsIe flags() {
        return find(IeType.PFCPSMREQ_FLAGS, FlagsIe.class);
    }

    /** Query URR IEs' URR IDs are inside the groups; this returns whether any Query URR is present. */
    public boolean queriesUsage() {
        return has(IeType.QUERY_URR);
    }
}
