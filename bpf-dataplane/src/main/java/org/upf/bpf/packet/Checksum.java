package org.upf.bpf.packet;

/**
 * The Internet checksum (RFC 1071): 16-bit one's complement of the one's complement sum. Shared by
 * the IPv4 header, UDP, TCP, ICMP and ICMPv6 (the last three over a pseudo-header where the protocol
 * requires one).
 */
public final class Checksum {
    private Checksum() {}

    /** Adds {@code len} bytes of {@code data} from {@code off} to a running (unfolded) sum. */
    public static long add(long sum, byte[] data, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (data[i] & 0xFF) << 8; // odd length: pad with a zero octet (RFC 1071 §4.1)
        }
        return sum;
    }

    /** Folds the carries of a running sum and returns its complement: the value to put on the wire. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /**
     * Running sum of the pseudo-header of an upper-layer segment: IPv4 (RFC 768, RFC 9293 §3.1: src, dst,
     * zero, protocol, 16-bit length) or IPv6 (RFC 8200 §8.1: src, dst, 32-bit length, zeros, next header).
     * Both sum to the same value, so one routine serves both.
     */
    static long pseudoHeader(java.net.InetAddress src, java.net.InetAddress dst, int protocol, int length) {
        byte[] s = src.getAddress();
        byte[] d = dst.getAddress();
        return add(add(0, s, 0, s.length), d, 0, d.length) + (length >>> 16) + (length & 0xFFFF) + protocol;
    }

    /** Checksum of a whole byte range with no pseudo-header. */
    public static int of(byte[] data, int off, int len) {
        return finish(add(0, data, off, len));
    }

    /**
     * A value that is wrong for the same data whatever the correct one is. Flipping alternate bits
     * never maps a checksum onto its one's complement twin (0x0000 and 0xFFFF verify alike).
     */
    static int corrupt(int correct) {
        return correct ^ 0x5555;
    }
}
