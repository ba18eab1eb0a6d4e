package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * TS 29.244 §8.2.20 Redirect Information: octet 5 = Spare(4) | Redirect Address Type (0 IPv4, 1 IPv6,
 * 2 URL, 3 SIP URI, 4 IPv4 and IPv6); 2-octet length + Redirect Server Address (UTF-8 text); since
 * Release 15.6 optionally 2-octet length + Other Redirect Server Address.
 */
public record RedirectInformation(int typeOctet, byte[] serverAddressOctets, byte[] otherServerAddressOctets)
        implements Ie {

    static Ie decode(IeReader r) {
        int t = r.u8("Redirect Address Type");
        byte[] addr = r.bytes(r.u16("Redirect Server Address Length"), "Redirect Server Address");
        byte[] other = null;
        if (r.hasRemaining()) {
            other = r.bytes(r.u16("Other Redirect Server Address Length"), "Other Redirect Server Address");
        }
        return new RedirectInformation(t, addr, other);
    }

    @Override
    public int type() {
        return IeType.REDIRECT_INFORMATION.code();
    }

    public String serverAddress() {
        return new String(serverAddressOctets, StandardCharsets.UTF_8);
    }

    /** The Other Redirect Server Address, or {@code null}. */
    public String otherServerAddress() {
        return otherServerAddressOctets == null ? null : new String(otherServerAddressOctets, StandardCharsets.UTF_8);
    }

    public int addressType() {
        return typeOctet & 0xF;
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(typeOctet);
        IeWrite.prefixed(out, 2, serverAddressOctets);
        if (otherServerAddressOctets != null) {
            IeWrite.prefixed(out, 2, otherServerAddressOctets);
        }
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("addressType", addressType()).put("serverAddress", serverAddress());
        if (otherServerAddressOctets != null) {
            fields.put("otherServerAddress", otherServerAddress());
        }
    }
}
