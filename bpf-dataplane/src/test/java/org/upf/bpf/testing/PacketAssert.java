package org.upf.bpf.testing;

import java.util.HexFormat;
import org.opentest4j.AssertionFailedError;
import org.upf.bpf.packet.PacketView;

/**
 * Compares two Ethernet frames and fails with a {@link ByteDiff} naming the differing header fields,
 * e.g. {@code PacketAssert.assertPacketEquals(expected, result.dataOut())} instead of comparing arrays.
 */
public final class PacketAssert {
    private PacketAssert() {}

    public static void assertPacketEquals(byte[] expected, byte[] actual) {
        assertPacketEquals("packet", expected, actual);
    }

    /** As {@link #assertPacketEquals(byte[], byte[])}, with {@code what} leading the failure message. */
    public static void assertPacketEquals(String what, byte[] expected, byte[] actual) {
        String diff = ByteDiff.describe(expected, actual, PacketView.ofEthernet(expected)::fieldAt);
        if (diff != null) {
            throw new AssertionFailedError(what + ": " + diff, HexFormat.of().formatHex(expected),
                    HexFormat.of().formatHex(actual));
        }
    }
}
