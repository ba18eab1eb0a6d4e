package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UserPlaneIpResourceInformation;

/**
 * TS 29.244 §7.4.4.2 Association Setup Response: Node ID, Cause, Recovery Time Stamp (M); UP/CP Function
 * Features, User Plane IP Resource Information (Release 15 UPFs), ... (C/O).
 */
public final class AssociationSetupResponse extends PfcpMessage {
    public AssociationSetupResponse(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    /** The response to {@code request} with this node's identity, cause and start time, then {@code optional}. */
    public static AssociationSetupResponse of(AssociationSetupRequest request, NodeId nodeId, PfcpCause cause,
                                              long recoveryTimeStamp, Ie... optional) {
        return (AssociationSetupResponse) request.responseBuilder().nodeId(nodeId).cause(cause)
                .recoveryTimeStamp(recoveryTimeStamp).addAll(List.of(optional)).build();
    }

    public FlagsIe upFunctionFeatures() {
        return find(IeType.UP_FUNCTION_FEATURES, FlagsIe.class);
    }

    public FlagsIe cpFunctionFeatures() {
        return find(IeType.CP_FUNCTION_FEATURES, FlagsIe.class);
    }

    public List<UserPlaneIpResourceInformation> userPlaneIpResources() {
        return findAll(IeType.USER_PLANE_IP_RESOURCE_INFORMATION, UserPlaneIpResourceInformation.class);
    }
}
