package org.upf.pfcp.ie;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Printing of 4- and 16-octet addresses carried in IEs. */
final class Ip {
    static final int V4 = 4;
    static final int V6 = 16;

    private Ip() {
    }

    static String format(byte[] address) {
        if (address.length == V4) {
            // Dotted decimal without an address object: the Node ID of every session request is looked up as text
            // (issue 5: bytes allocated per establishment).
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "."
                    + (address[3] & 0xFF);
        }
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return Hex.of(address);
        }
    }

    static byte[] check(byte[] address, int length, String what) {
        if (address != null && address.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " octets");
        }
        return address;
    }
}
