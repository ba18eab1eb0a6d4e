package org.upf.bpf.netns;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.upf.bpf.packet.IpAddresses;

/**
 * The only addresses tests may configure: 198.18.0.0/15 (RFC 2544 benchmarking) and 2001:db8::/32
 * (RFC 3849 documentation). Anything else could reach a real network, so it is refused.
 */
public final class TestAddresses {
    private TestAddresses() {}

    /** Checks an address or prefix ("198.18.0.1", "2001:db8::1/64") and returns it unchanged. */
    public static String require(String addressOrPrefix) {
        String address = addressOrPrefix.contains("/")
                ? addressOrPrefix.substring(0, addressOrPrefix.indexOf('/')) : addressOrPrefix;
        InetAddress a = IpAddresses.parse(address);
        byte[] b = a.getAddress();
        boolean ok = a instanceof Inet4Address
                ? (b[0] & 0xFF) == 198 && ((b[1] & 0xFF) == 18 || (b[1] & 0xFF) == 19)
                : (b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x01 && (b[2] & 0xFF) == 0x0d && (b[3] & 0xFF) == 0xb8;
        if (!ok) {
            throw new IllegalArgumentException(addressOrPrefix
                    + " is outside the test ranges 198.18.0.0/15 and 2001:db8::/32");
        }
        return addressOrPrefix;
    }

    static boolean isV6(String addressOrPrefix) {
        return addressOrPrefix.contains(":");
    }
}
