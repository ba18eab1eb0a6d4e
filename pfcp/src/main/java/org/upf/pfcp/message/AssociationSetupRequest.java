package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

/**
 * TS 29.244 §7.4.4.1 Association Setup Request: Node ID, Recovery Time Stamp (M); UP Function Features
 * (sent by a UPF), CP Function Features (sent by an SMF), User Plane IP Resource Information, ... (C/O).
 */
public final class AssociationSetupRequest extends PfcpMessage {
    public AssociationSetupRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public static AssociationSetupRequest of(int sequence, NodeId nodeId, long recoveryTimeStamp, Ie... optional) {
        return (AssociationSetupRequest) builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(sequence)
                .nodeId(nodeId).recoveryTimeStamp(recoveryTimeStamp).addAll(List.of(optional)).build();
    }

    /** UP Function Features (§8.2.25), or {@code null}. */
    public FlagsIe upFunctionFeatures() {
        return find(IeType.UP_FUNCTION_FEATURES, FlagsIe.class);
    }

    /** CP Function Features (§8.2.58), or {@code null}. */
    public FlagsIe cpFunctionFeatures() {
        return find(IeType.CP_FUNCTION_FEATURES, FlagsIe.class);
    }
}
