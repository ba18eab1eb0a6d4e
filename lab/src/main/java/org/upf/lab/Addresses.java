package org.upf.lab;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address arithmetic for numbering UEs. */
public final class Addresses {
    private Addresses() {
    }

    /** base + n (IPv4 or IPv6), e.g. plus(198.19.0.1, 255) = 198.19.1.0. */
    public static InetAddress plus(InetAddress base, long n) {
        byte[] raw = base.getAddress();
        byte[] sum = new BigInteger(1, raw).add(BigInteger.valueOf(n)).toByteArray();
        byte[] out = new byte[raw.length];
        int copy = Math.min(sum.length, out.length);
        System.arraycopy(sum, sum.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A literal address (no name resolution). */
    public static InetAddress parse(String literal) {
        if (!literal.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }
}
