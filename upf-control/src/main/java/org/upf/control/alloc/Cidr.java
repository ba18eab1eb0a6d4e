package org.upf.control.alloc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address prefix such as 198.19.0.0/16 or 2001:db8:200::/48; the address is masked to the prefix. */
public record Cidr(InetAddress address, int length) {
    public Cidr {
        address = masked(address, length);
    }

    /**
     * The prefix of {@code length} bits of the address in {@code octets} (4 or 16, not modified), as an address: what
     * {@code new Cidr(InetAddress.getByAddress(octets), length).address()} gives, with one address object instead of
     * three (issue 5: bytes allocated per establishment, which masks the UE's IPv6 address).
     */
    public static InetAddress prefix(byte[] octets, int length) {
        return address(mask(octets.clone(), length));
    }

    /** Parses "ADDRESS/LENGTH" or a plain address (a host prefix); only numeric addresses, no DNS lookups. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.isEmpty() || !(addr.indexOf(':') >= 0 || addr.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or prefix");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or prefix");
        }
        int bits = a.getAddress().length * 8;
        int len;
        try {
            len = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" has no numeric prefix length");
        }
        return new Cidr(a, len);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    public boolean contains(InetAddress a) {
        return a.getAddress().length == address.getAddress().length && masked(a, length).equals(address);
    }

    static InetAddress masked(InetAddress a, int length) {
        return address(mask(a.getAddress(), length));
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Clears the bits of the address octets b after the first {@code length}; returns b. */
    private static byte[] mask(byte[] b, int length) {
        int bits = b.length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " not in 0.." + bits);
        }
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, length - 8 * i));
            b[i] &= (byte) (0xff00 >> keep);
        }
        return b;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
