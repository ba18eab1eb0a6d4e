package org.upf.control.gtpu;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a received GTP-U signalling message: the header and the IEs of {@link GtpuIe}. Unknown TLV IEs (type 128
 * and up, e.g. Private Extension) are skipped by their length (TS 29.281 §8.1); an unknown TV IE ends the walk,
 * since its length is not on the wire.
 */
public final class GtpuDecoder {
    private GtpuDecoder() {
    }

    /** Throws {@link IllegalArgumentException} for a malformed message. */
    public static GtpuMessage decode(byte[] d, int len) {
        return decode(GtpuHeader.parse(d, len), d);
    }

    /** The IEs after a header parsed from d. */
    public static GtpuMessage decode(GtpuHeader h, byte[] d) {
        List<GtpuIe> ies = new ArrayList<>();
        int at = h.bodyOffset();
        int end = h.end();
        while (at < end && h.type() != GtpuMessage.G_PDU) {
            int type = d[at] & 0xff;
            if (type == GtpuIe.Recovery.TYPE) {
                need(at + 2, end, type);
                ies.add(new GtpuIe.Recovery(d[at + 1] & 0xff));
                at += 2;
            } else if (type == GtpuIe.TeidDataI.TYPE) {
                need(at + 5, end, type);
                ies.add(new GtpuIe.TeidDataI(GtpuHeader.u32(d, at + 1)));
                at += 5;
            } else if (type == GtpuIe.ExtensionHeaderTypeList.TYPE) {
                need(at + 2, end, type);
                int n = d[at + 1] & 0xff;
                need(at + 2 + n, end, type);
                List<Integer> types = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    types.add(d[at + 2 + i] & 0xff);
                }
                ies.add(new GtpuIe.ExtensionHeaderTypeList(types));
                at += 2 + n;
            } else if (type >= 128) {
                need(at + 3, end, type);
                int n = GtpuHeader.u16(d, at + 1);
                need(at + 3 + n, end, type);
                if (type == GtpuIe.PeerAddress.TYPE) {
                    ies.add(new GtpuIe.PeerAddress(address(d, at + 3, n)));
                }
                at += 3 + n;
            } else {
                break;
            }
        }
        return new GtpuMessage(h.type(), h.teid(), h.sequence(), ies);
    }

    private static void need(int upTo, int end, int type) {
        if (upTo > end) {
            throw new IllegalArgumentException("GTP-U IE " + type + " runs past the message");
        }
    }

    private static InetAddress address(byte[] d, int at, int n) {
        if (n != 4 && n != 16) {
            throw new IllegalArgumentException("GTP-U Peer Address of " + n + " octets (4 or 16 expected)");
        }
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(d, at, at + n));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
