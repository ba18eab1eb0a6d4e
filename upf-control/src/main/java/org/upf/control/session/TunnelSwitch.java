package org.upf.control.session;

import java.net.InetAddress;

/**
 * A FAR that moved its GTP-U tunnel (Update FAR with new Outer Header Creation) and asked for End Marker (TS 29.244
 * §7.5.4.3-2 Update Forwarding Parameters, PFCPSMReq-Flags SNDEM, §8.2.31): the old tunnel gets an End Marker
 * (TS 29.281 §7.3.2) once the new one is in the data path.
 *
 * @param toCore the FAR forwards to Core (N9 peer), else to Access (N3, gNB)
 */
public record TunnelSwitch(InetAddress oldPeer, long oldTeid, boolean toCore) {
}
