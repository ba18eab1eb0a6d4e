package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * TS 29.244 §8.2.20 Redirect Information: octet 5 = Spare(4) | Redirect Address Type (0 IPv4, 1 IPv6,
 * 2 URL, 3 SIP URI, 4 IPv4 and IPv6); 2-octet length + Redirect Server Address (UTF-8 text); since
 * Release 15.6 optionally 2-octet length + Other Redirect Server Address.
 */
public record RedirectInformation(int typeOctet, String serverAddress, String otherServerAddress) implements Ie {

    static Ie decode(IeReader r) {
        int t = r.u8("Redirect Address Type");
        String addr = new String(r.bytes(r.u16("Redirect Server Address Length"), "Redirect Server Address"),
                StandardCharsets.UTF_8);
        String other = null;
        if (r.hasRemaining()) {
            other = new String(r.bytes(r.u16("Other Redirect Server Address Length"),
                    "Other Redirect Server Address"), StandardCharsets.UTF_8);
        }
        return new RedirectInformation(t, addr, other);
    }

    @Override
    public int type() {
        return IeType.REDIRECT_INFORMATION.code();
    }

    public int addressType() {
        return typeOctet & 0xF;
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(typeOctet);
        IeWrite.prefixed(out, 2, serverAddress.getBytes(StandardCharsets.UTF_8));
        if (otherServerAddress != null) {
            IeWrite.prefixed(out, 2, otherServerAddress.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("addressType", addressType()).put("serverAddress", serverAddress);
        if (otherServerAddress != null) {
            fields.put("otherServerAddress", otherServerAddress);
        }
    }
}
