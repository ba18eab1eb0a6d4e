package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;

/**
 * TS 29.244 §7.5.2 Session Establishment Request: Node ID, CP F-SEID, Create PDR, Create FAR (M);
 * Create URR, Create QER, Create BAR, Create Traffic Endpoint, PDN Type, APN/DNN, ... (C/O).
 */
public final class SessionEstablishmentRequest extends PfcpMessage implements RuleCreations {
    public SessionEstablishmentRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public List<GroupedIe> createTrafficEndpoints() {
        return findAll(IeType.CREATE_TRAFFIC_ENDPOINT, GroupedIe.class);
    }

    /** PDN Type (§8.2.79: 1 IPv4, 2 IPv6, 3 IPv4v6, 4 Non-IP, 5 Ethernet), -1 if absent. */
    public int pdnType() {
        return (int) uint(IeType.PDN_TYPE);
    }

    public String apnDnn() {
        return text(IeType.APN_DNN);
    }
}
