package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * TS 29.244 §8.2.61 Flow Information: octet 5 = Spare(5) | Flow Direction(3) (0 unspecified, 1 downlink,
 * 2 uplink, 3 bidirectional); 2-octet length + Flow Description (IPFilterRule, TS 29.212 §5.4.2).
 */
public record FlowInformation(int directionOctet, byte[] flowDescriptionOctets) implements Ie {

    static Ie decode(IeReader r) {
        int d = r.u8("Flow Direction");
        return new FlowInformation(d, r.bytes(r.u16("Length of Flow Description"), "Flow Description"));
    }

    public String flowDescription() {
        return new String(flowDescriptionOctets, StandardCharsets.US_ASCII);
    }

    @Override
    public int type() {
        return IeType.FLOW_INFORMATION.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(directionOctet);
        IeWrite.prefixed(out, 2, flowDescriptionOctets);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("direction", directionOctet & 0x7).put("flowDescription", flowDescription());
    }
}
