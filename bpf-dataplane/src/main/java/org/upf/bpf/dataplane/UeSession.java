package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_session: the UE addresses of one PDU session, the anti-spoofing reference. Addresses in
 * network order as in the packet.
 *
 * @param ipv4             the UE's IPv4 address or null
 * @param ipv6Prefix       the UE's IPv6 prefix or null (TS 23.501 §5.8.2.2.2: a /64 per PDU session)
 * @param ipv6PrefixLength 1..128 when ipv6Prefix is set
 */
public record UeSession(Inet4Address ipv4, Inet6Address ipv6Prefix, int ipv6PrefixLength)
        implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    public static final CStruct C = CStruct.of("upf_session", 24)
            .member("ue_ipv4", 0, 4)
            .member("ue_ipv6", 4, 16)
            .member("ue_ipv6_plen", 20, 1)
            .member("_pad", 21, 3);

    public UeSession {
        if (ipv4 == null && ipv6Prefix == null) {
            throw new IllegalArgumentException("a session needs a UE IPv4 address or IPv6 prefix");
        }
        if (ipv6Prefix != null && (ipv6PrefixLength < 1 || ipv6PrefixLength > 128)) {
            throw new IllegalArgumentException("IPv6 prefix length " + ipv6PrefixLength + " not in 1..128");
        }
    }

    public void write(ByteBuffer buf, int at) {
        byte[] v4 = ipv4 == null ? new byte[4] : ipv4.getAddress();
        for (int i = 0; i < 4; i++) {
            buf.put(at + C.offset("ue_ipv4") + i, v4[i]);
        }
        Addresses.put(buf, at + C.offset("ue_ipv6"), ipv6Prefix);
        buf.put(at + C.offset("ue_ipv6_plen"), (byte) (ipv6Prefix == null ? 0 : ipv6PrefixLength));
        for (int i = 0; i < 3; i++) {
            buf.put(at + C.offset("_pad") + i, (byte) 0);
        }
    }
}
