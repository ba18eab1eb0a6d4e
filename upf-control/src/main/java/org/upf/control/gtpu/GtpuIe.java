package org.upf.control.gtpu;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The GTP-U information elements the control path sends and reads (TS 29.281 §8). IEs with a type below 128 are
 * TV (fixed length, §8.1), the others TLV with a 2-octet length.
 */
public sealed interface GtpuIe {
    int type();

    /** Writes type, (length,) value. */
    void writeTo(ByteBuffer out);

    /** Encoded size including the type octet (and length octets). */
    int size();

    /** §8.2 Recovery (type 14, TV, 1 octet): the restart counter, which a GTP-U sender sets to 0. */
    record Recovery(int restartCounter) implements GtpuIe {
        public static final int TYPE = 14;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            out.put((byte) TYPE).put((byte) restartCounter);
        }

        @Override
        public int size() {
            return 2;
        }
    }

    /** §8.3 Tunnel Endpoint Identifier Data I (type 16, TV, 4 octets). */
    record TeidDataI(long teid) implements GtpuIe {
        public static final int TYPE = 16;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            out.put((byte) TYPE).putInt((int) teid);
        }

        @Override
        public int size() {
            return 5;
        }
    }

    /** §8.4 GTP-U Peer Address (type 133, TLV): an IPv4 (4 octets) or IPv6 (16 octets) address. */
    record PeerAddress(InetAddress address) implements GtpuIe {
        public static final int TYPE = 133;

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            byte[] a = address.getAddress();
            out.put((byte) TYPE).putShort((short) a.length).put(a);
        }

        @Override
        public int size() {
            return 3 + (address instanceof Inet4Address ? 4 : 16);
        }
    }

    /**
     * §8.5 Extension Header Type List (type 141): unlike the other TLV IEs its length is one octet, the number of
     * types listed.
     */
    record ExtensionHeaderTypeList(List<Integer> types) implements GtpuIe {
        public static final int TYPE = 141;

        public ExtensionHeaderTypeList {
            types = List.copyOf(types);
        }

        @Override
        public int type() {
            return TYPE;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            out.put((byte) TYPE).put((byte) types.size());
            types.forEach(t -> out.put(t.byteValue()));
        }

        @Override
        public int size() {
            return 2 + types.size();
        }
    }
}
