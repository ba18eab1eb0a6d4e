package org.upf.control.assoc;

import java.net.InetSocketAddress;

/**
 * An established PFCP association with a CP function (TS 29.244 §6.2.6): its Node ID (text), the address it
 * talks from, and the Recovery Time Stamp it sent (§8.2.65).
 */
public record Association(String nodeId, InetSocketAddress peer, long recoveryTimeStamp) {
}
