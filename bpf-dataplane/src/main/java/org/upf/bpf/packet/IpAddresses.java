package org.upf.bpf.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address literals only: a host name here is a mistake, never a DNS lookup. */
public final class IpAddresses {
    private IpAddresses() {}

    public static Inet4Address v4(String literal) {
        if (parse(literal) instanceof Inet4Address a) {
            return a;
        }
        throw new IllegalArgumentException("not an IPv4 literal: " + literal);
    }

    public static Inet6Address v6(String literal) {
        if (parse(literal) instanceof Inet6Address a) {
            return a;
        }
        throw new IllegalArgumentException("not an IPv6 literal: " + literal);
    }

    /** An IPv4 or IPv6 literal; Java maps IPv4-mapped IPv6 text to IPv4, which is fine for tests. */
    public static InetAddress parse(String literal) {
        boolean v4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = literal.contains(":") && literal.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }
}
