package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_far: Apply Action and forwarding parameters. TEID host order; addresses network order.
 *
 * @param applyAction bits of TS 29.244 §8.2.26 octet 5 ({@link #DROP}, {@link #FORW}, ...)
 * @param outerHeader Outer Header Creation, {@link OuterHeader#NONE} toward N6
 * @param peer        outer destination (gNB or peer UPF) when outerHeader is set
 * @param local       outer source (our N3/N9 address) when outerHeader is set
 * @param peerTeid    TEID of the peer's F-TEID
 * @param tos         Transport Level Marking ToS / Traffic Class octet (§8.2.12), or null for 0
 * @param n9          the outer header leads to another UPF over N9, not to the (R)AN over N3 (the agent sets it from
 *                    the Destination Interface, §8.2.24): the G-PDUs count in {@link InterfaceCounter#GTP_OUT_N9}
 */
public record FarRule(int applyAction, OuterHeader outerHeader, InetAddress peer, InetAddress local, int peerTeid,
                      Integer tos, boolean n9) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    public static final int DROP = 1;
    public static final int FORW = 1 << 1;
    public static final int BUFF = 1 << 2;
    public static final int NOCP = 1 << 3;
    public static final int DUPL = 1 << 4;
    /** enum upf_far_flags. */
    static final int FLAG_TOS = 1;
    static final int FLAG_N9 = 1 << 1;
    public static final CStruct C = CStruct.of("upf_far", 44)
            .member("peer_addr", 0, 16)
            .member("local_addr", 16, 16)
            .member("teid", 32, 4)
            .member("action", 36, 2)
            .member("ohc", 38, 1)
            .member("tos", 39, 1)
            .member("flags", 40, 1)
            .member("_pad", 41, 3);

    public FarRule {
        if (applyAction == 0 || (applyAction & ~0x1f) != 0) {
            throw new IllegalArgumentException("unsupported Apply Action 0x" + Integer.toHexString(applyAction));
        }
        if (outerHeader != OuterHeader.NONE) {
            boolean v4 = outerHeader == OuterHeader.GTPU_IPV4;
            if (!(peer instanceof Inet4Address == v4) || !(local instanceof Inet4Address == v4)
                    || peer == null || local == null) {
                throw new IllegalArgumentException(outerHeader + " needs " + (v4 ? "IPv4" : "IPv6")
                        + " peer and local addresses");
            }
        }
        if (tos != null && (tos < 0 || tos > 255)) {
            throw new IllegalArgumentException("ToS " + tos + " not in 0..255");
        }
        if (n9 && outerHeader == OuterHeader.NONE) {
            throw new IllegalArgumentException("a FAR toward N9 needs Outer Header Creation");
        }
    }

    /** A FAR whose outer header leads to the (R)AN over N3, or none (N6). */
    public FarRule(int applyAction, OuterHeader outerHeader, InetAddress peer, InetAddress local, int peerTeid,
                   Integer tos) {
        this(applyAction, outerHeader, peer, local, peerTeid, tos, false);
    }

    /** This FAR with its outer header leading to another UPF over N9. */
    public FarRule toN9() {
        return new FarRule(applyAction, outerHeader, peer, local, peerTeid, tos, true);
    }

    /** FORW toward N6: no outer header. */
    public static FarRule forwardToN6() {
        return new FarRule(FORW, OuterHeader.NONE, null, null, 0, null);
    }

    /** FORW with GTP-U encapsulation toward peer:peerTeid from local. */
    public static FarRule forwardGtpu(InetAddress local, InetAddress peer, int peerTeid, Integer tos) {
        OuterHeader kind = peer instanceof Inet4Address ? OuterHeader.GTPU_IPV4 : OuterHeader.GTPU_IPV6;
        return new FarRule(FORW, kind, peer, local, peerTeid, tos);
    }

    public void write(ByteBuffer buf, int at) {
        Addresses.put(buf, at + C.offset("peer_addr"), peer);
        Addresses.put(buf, at + C.offset("local_addr"), local);
        buf.putInt(at + C.offset("teid"), peerTeid);
        buf.putShort(at + C.offset("action"), (short) applyAction);
        buf.put(at + C.offset("ohc"), (byte) outerHeader.code);
        buf.put(at + C.offset("tos"), (byte) (tos == null ? 0 : tos));
        buf.put(at + C.offset("flags"), (byte) ((tos == null ? 0 : FLAG_TOS) | (n9 ? FLAG_N9 : 0)));
        for (int i = 0; i < 3; i++) {
            buf.put(at + C.offset("_pad") + i, (byte) 0);
        }
    }
}
