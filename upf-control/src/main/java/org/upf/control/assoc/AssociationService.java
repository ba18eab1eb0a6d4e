package org.upf.control.assoc;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.upf.control.config.SmfAllowList;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;

/**
 * PFCP association procedures on the UP side (TS 29.244 §6.2.6 setup, §6.2.7 update, §6.2.8 release) for CP
 * functions on the allow-list. Call from one thread (the PFCP event loop).
 */
public final class AssociationService {
    private static final System.Logger LOG = System.getLogger(AssociationService.class.getName());

    /**
     * UP Function Features (§8.2.25) this UPF implements, and only those: FTUP (it allocates F-TEIDs, §5.5.3),
     * UEIP (it allocates UE addresses from its pools, §5.21) and QUOAC (a URR's FAR ID for Quota Action is applied
     * when its quota is used up, §5.2.2.2.1). Three octets, since UEIP is octet 7 bit 3.
     */
    public static final FlagsIe FEATURES = FlagsIe.of(IeType.UP_FUNCTION_FEATURES, "FTUP", "UEIP", "QUOAC");

    private final Associations associations;
    private final SmfAllowList allowed;
    private final NodeId nodeId;
    private final long recoveryTimeStamp;
    private final Consumer<String> sessionsGone;
    private final boolean retain;

    /**
     * sessionsGone deletes the sessions of an association that is released or replaced; recoveryTimeStamp is ours
     * (NTP seconds, §8.2.65); retain: sessions are kept for a restarted CP function (associations.peerRestart keep),
     * so a setup with PFCP Session Retention Information keeps them.
     */
    public AssociationService(Associations associations, SmfAllowList allowed, NodeId nodeId, long recoveryTimeStamp,
                              Consumer<String> sessionsGone, boolean retain) {
        this.associations = associations;
        this.allowed = allowed;
        this.nodeId = nodeId;
        this.recoveryTimeStamp = recoveryTimeStamp;
        this.sessionsGone = sessionsGone;
        this.retain = retain;
    }

    /**
     * §6.2.6.2: accept an allowed peer; a setup from a CP function already associated replaces the association and
     * deletes its sessions (§6.2.6.2.2), unless it carries PFCP Session Retention Information (§7.4.4.1; a restarted
     * CP function of an SMF set, §5.22) and sessions are kept for restoration (associations.peerRestart keep): then
     * they stay, bound to the new association. With peerRestart delete such a request is rejected with Service not
     * supported: its sessions may already be gone.
     */
    public PfcpMessage setup(PfcpMessage req, InetSocketAddress peer) {
        PfcpMessage.Builder out = req.responseBuilder().nodeId(nodeId);
        String id = req.nodeId().text();
        if (!allowed.allows(peer.getAddress(), id)) {
            LOG.log(System.Logger.Level.WARNING, "Association Setup from {0} (Node ID {1}) rejected: not in"
                    + " smf.allowed", peer, id);
            return out.cause(PfcpCause.REQUEST_REJECTED).recoveryTimeStamp(recoveryTimeStamp).build();
        }
        boolean retention = req.has(IeType.PFCP_SESSION_RETENTION_INFORMATION);
        if (retention && !retain) {
            return out.cause(PfcpCause.SERVICE_NOT_SUPPORTED).recoveryTimeStamp(recoveryTimeStamp).build();
        }
        Association old = associations.put(new Association(id, peer, req.recoveryTimeStamp()));
        if (old != null && retention) {
            LOG.log(System.Logger.Level.INFO, "Association with {0} set up again with PFCP Session Retention"
                    + " Information; its sessions are kept", id);
        } else if (old != null) {
            sessionsGone.accept(id);
            LOG.log(System.Logger.Level.INFO, "Association with {0} set up again; its earlier sessions are deleted", id);
        } else {
            LOG.log(System.Logger.Level.INFO, "Association with {0} ({1}) set up", id, peer);
        }
        return out.cause(PfcpCause.REQUEST_ACCEPTED).recoveryTimeStamp(recoveryTimeStamp).add(FEATURES).build();
    }

    /**
     * §6.2.7.2 / §6.2.8.2: the Association Update Request by which the UP function asks a CP function to release the
     * association (PFCP Association Release Request, §8.2.77, SARR set), e.g. before it shuts down: the CP function
     * deletes its sessions and sends an Association Release Request (§6.2.8.3, {@link #release}).
     */
    public PfcpMessage releaseRequest() {
        return PfcpMessage.builder(PfcpMessageType.ASSOCIATION_UPDATE_REQUEST).nodeId(nodeId)
                .add(FlagsIe.of(IeType.PFCP_ASSOCIATION_RELEASE_REQUEST, "SARR")).build();
    }

    /** §6.2.7: the CP function updates its association; nothing we hold depends on the updated IEs yet. */
    public PfcpMessage update(PfcpMessage req, InetSocketAddress peer) {
        PfcpMessage.Builder out = req.responseBuilder().nodeId(nodeId);
        Association a = associations.byNodeId(req.nodeId().text());
        if (a == null) {
            return out.cause(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION).build();
        }
        return out.cause(PfcpCause.REQUEST_ACCEPTED).build();
    }

    /** §6.2.8.3: the CP function releases the association; its sessions are deleted. */
    public PfcpMessage release(PfcpMessage req, InetSocketAddress peer) {
        PfcpMessage.Builder out = req.responseBuilder().nodeId(nodeId);
        Association a = associations.remove(req.nodeId().text());
        if (a == null) {
            return out.cause(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION).build();
        }
        sessionsGone.accept(a.nodeId());
        LOG.log(System.Logger.Level.INFO, "Association with {0} released", a.nodeId());
        return out.cause(PfcpCause.REQUEST_ACCEPTED).build();
    }
}
