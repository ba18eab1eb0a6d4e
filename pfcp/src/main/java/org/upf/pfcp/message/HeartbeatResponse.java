package org.upf.pfcp.message;

import java.util.List;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.Ie;

/** TS 29.244 §7.4.2.2 Heartbeat Response: Recovery Time Stamp (M). */
public final class HeartbeatResponse extends PfcpMessage {
    public HeartbeatResponse(PfcpHeader header, List<Ie> ies) {
        super(header, ies);
    }

    public static HeartbeatResponse of(int sequence, long recoveryTimeStamp) {
        return (HeartbeatResponse) builder(PfcpMessageType.HEARTBEAT_RESPONSE).sequence(sequence)
                .recoveryTimeStamp(recoveryTimeStamp).build();
    }
}
