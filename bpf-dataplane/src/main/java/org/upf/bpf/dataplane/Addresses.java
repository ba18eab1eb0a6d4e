package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** The 16-byte address fields of the map structs: network order, IPv4 in the first 4 bytes, rest zero. */
final class Addresses {
    static final int FIELD = 16;

    private Addresses() {}

    static void put(ByteBuffer buf, int at, InetAddress addr) {
        byte[] raw = addr == null ? new byte[0] : addr.getAddress();
        for (int i = 0; i < FIELD; i++) {
            buf.put(at + i, i < raw.length ? raw[i] : 0);
        }
    }

    /** family 4 or 6: the address family of the ones stored in such a field. */
    static int family(InetAddress addr) {
        return addr instanceof Inet4Address ? 4 : 6;
    }

    /** A prefix mask of bits for the family, as the 16-byte field. */
    static byte[] mask(int family, int prefixLength) {
        int bits = family == 4 ? 32 : 128;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for IPv" + family);
        }
        byte[] mask = new byte[FIELD];
        for (int i = 0; i < prefixLength; i++) {
            mask[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return mask;
    }

    /** The IPv4 address of 4 map-key octets (network order). */
    static Inet4Address ipv4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // unreachable: 4 octets
        }
    }

    /**
     * The IPv6 address of 16 map-key octets (network order), an Inet6Address even for an IPv4-mapped one (which
     * InetAddress.getByAddress would turn into an Inet4Address, a key of another map).
     */
    static Inet6Address ipv6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // unreachable: 16 octets
        }
    }
}
