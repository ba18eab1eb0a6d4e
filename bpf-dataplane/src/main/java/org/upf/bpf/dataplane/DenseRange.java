package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A range of UE addresses for the dense downlink index ({@link DenseIndex}): every IPv4 address, or every IPv6 /64
 * (TS 23.501 §5.8.2.2.2: the prefix of one PDU session), of prefix/length owns one slot of upf_dldense_v1, found by
 * arithmetic instead of a hash lookup. Meant for the UE pools the UPF allocates from (TS 29.244 §5.21) and the ranges
 * an SMF allocates from.
 *
 * @param prefix the range's first address (bits after length must be zero)
 * @param length IPv4: 8..32; IPv6: 32..64 (slots are /64s)
 */
public record DenseRange(InetAddress prefix, int length) {
    /** The shortest prefixes: at most 2^24 IPv4 addresses or 2^32 /64s per range (the array bounds it further). */
    static final int MIN_IPV4 = 8;
    static final int MIN_IPV6 = 32;

    public DenseRange {
        int bits = ipv4(prefix) ? 32 : 64;
        int min = ipv4(prefix) ? MIN_IPV4 : MIN_IPV6;
        if (length < min || length > bits) {
            throw new IllegalArgumentException("dense range " + prefix.getHostAddress() + "/" + length
                    + ": length must be in " + min + ".." + bits + (bits == 64 ? " (one slot per /64)" : ""));
        }
        if ((key(prefix.getAddress()) & ~mask(bits, length)) != 0 || !restZero(prefix.getAddress())) {
            throw new IllegalArgumentException("dense range " + prefix.getHostAddress() + "/" + length
                    + ": address bits set after the prefix length");
        }
    }

    /** Parses "ADDRESS/LENGTH" (numeric addresses only). */
    public static DenseRange parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? "" : text.substring(0, slash).trim();
        if (addr.isEmpty() || !(addr.indexOf(':') >= 0 || addr.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("dense range \"" + text + "\": expected ADDRESS/LENGTH");
        }
        try {
            return new DenseRange(InetAddress.getByName(addr), Integer.parseInt(text.substring(slash + 1).trim()));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("dense range \"" + text + "\": expected ADDRESS/LENGTH");
        }
    }

    public boolean ipv4() {
        return ipv4(prefix);
    }

    /** Slots the range takes: one per IPv4 address or IPv6 /64. */
    public long slots() {
        return 1L << ((ipv4() ? 32 : 64) - length);
    }

    /** Whether the two ranges share an address (same family, one prefix inside the other). */
    public boolean overlaps(DenseRange o) {
        if (ipv4() != o.ipv4()) {
            return false;
        }
        int shorter = Math.min(length, o.length);
        long m = mask(ipv4() ? 32 : 64, shorter);
        return (key(prefix.getAddress()) & m) == (key(o.prefix.getAddress()) & m);
    }

    /** The number the data path compares: an IPv4 address, or the first 64 bits of an IPv6 address. */
    static long key(byte[] address) {
        long k = 0;
        for (int i = 0; i < Math.min(8, address.length); i++) {
            k = k << 8 | (address[i] & 0xff);
        }
        return k;
    }

    /** The range's prefix length as a mask of the family's bits (32 or 64). */
    static long mask(int bits, int length) {
        return length == 0 ? 0 : (-1L << (bits - length)) & (bits == 64 ? -1L : 0xffffffffL);
    }

    long mask() {
        return mask(ipv4() ? 32 : 64, length);
    }

    private static boolean ipv4(InetAddress a) {
        return a instanceof Inet4Address;
    }

    /** IPv6: octets 8..15 (the interface identifier of a /64) must be zero. */
    private static boolean restZero(byte[] address) {
        for (int i = 8; i < address.length; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return prefix.getHostAddress() + "/" + length;
    }
}
