package org.upf.bpf.packet;

/** Big-endian reads from a frame for the header views. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return (u8(b, off) << 8) | u8(b, off + 1);
    }

    static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }

    static java.net.InetAddress address(byte[] b, int off, int len) {
        try {
            return java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, off, off + len));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e); // unreachable: the length is always 4 or 16
        }
    }
}
