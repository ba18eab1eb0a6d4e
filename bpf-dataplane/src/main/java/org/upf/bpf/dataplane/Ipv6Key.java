package org.upf.bpf.dataplane;

import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Mirrors of the IPv6 downlink keys: struct upf_ip6 (exact, {@link UeKeys#DL6_MAP}) and struct upf_lpm6_key
 * ({@link UeKeys#DL6P_MAP}).
 */
public final class Ipv6Key {
    public static final int LAYOUT_VERSION = 1;
    public static final CStruct EXACT = CStruct.of("upf_ip6", 16)
            .member("addr", 0, 16);
    /** prefixlen host order (as BPF_MAP_TYPE_LPM_TRIE wants), addr network order. */
    public static final CStruct PREFIX = CStruct.of("upf_lpm6_key", 20)
            .member("prefixlen", 0, 4)
            .member("addr", 4, 16);

    private Ipv6Key() {}

    static void writeExact(ByteBuffer buf, int at, Inet6Address addr) {
        Addresses.put(buf, at + EXACT.offset("addr"), addr);
    }

    static void writePrefix(ByteBuffer buf, int at, Inet6Address prefix, int length) {
        byte[] mask = Addresses.mask(6, length);
        byte[] raw = prefix.getAddress();
        buf.putInt(at + PREFIX.offset("prefixlen"), length);
        for (int i = 0; i < 16; i++) {
            buf.put(at + PREFIX.offset("addr") + i, (byte) (raw[i] & mask[i]));
        }
    }
}
