package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.Ie;

/** TS 29.244 §7.4.2.1 Heartbeat Request: Recovery Time Stamp (M), Source IP Address (O). */
public final class HeartbeatRequest extends PfcpMessage {
    public HeartbeatRequest(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    /** @param recoveryTimeStamp NTP seconds of this node's last start (§8.2.65) */
    public static HeartbeatRequest of(int sequence, long recoveryTimeStamp) {
        return (HeartbeatRequest) builder(PfcpMessageType.HEARTBEAT_REQUEST).sequence(sequence)
                .recoveryTimeStamp(recoveryTimeStamp).build();
    }
}
