package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreateQer;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;

/**
 * TS 29.244 §7.5.2 Session Establishment Request: Node ID, CP F-SEID, Create PDR, Create FAR (M);
 * Create URR, Create QER, Create BAR, Create Traffic Endpoint, PDN Type, APN/DNN, ... (C/O).
 */
public final class SessionEstablishmentRequest extends PfcpMessage {
    public SessionEstablishmentRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public List<CreatePdr> createPdrs() {
        return findAll(IeType.CREATE_PDR, CreatePdr.class);
    }

    public List<CreateFar> createFars() {
        return findAll(IeType.CREATE_FAR, CreateFar.class);
    }

    public List<CreateUrr> createUrrs() {
        return findAll(IeType.CREATE_URR, CreateUrr.class);
    }

    public List<CreateQer> createQers() {
        return findAll(IeType.CREATE_QER, CreateQer.class);
    }

    public GroupedIe createBar() {
        return find(IeType.CREATE_BAR, GroupedIe.class);
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
