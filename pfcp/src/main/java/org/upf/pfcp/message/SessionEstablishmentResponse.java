package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreatedPdr;
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
}
