package org.upf.bpf.dataplane;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_sdf: one SDF filter (TS 29.244 §8.2.5) normalised to the UE side and the remote side, so
 * the agent translates a flow description ("permit out ... from REMOTE to UE") once for both directions.
 * Ports and ranges host order, inclusive; addresses network order.
 *
 * @param remote             remote address (null: any remote address, either family)
 * @param remotePrefixLength prefix length applied to remote
 * @param protocol           IP protocol number, 0 = any
 * @param tos                ToS / Traffic Class value compared after tosMask (tosMask 0: any)
 */
public record SdfFilter(InetAddress remote, int remotePrefixLength, int protocol, int uePortLow, int uePortHigh,
                        int remotePortLow, int remotePortHigh, int tos, int tosMask) {
    public static final int LAYOUT_VERSION = 1;
    public static final CStruct C = CStruct.of("upf_sdf", 44)
            .member("remote_addr", 0, 16)
            .member("remote_mask", 16, 16)
            .member("ue_port_lo", 32, 2)
            .member("ue_port_hi", 34, 2)
            .member("remote_port_lo", 36, 2)
            .member("remote_port_hi", 38, 2)
            .member("proto", 40, 1)
            .member("family", 41, 1)
            .member("tos", 42, 1)
            .member("tos_mask", 43, 1);

    public SdfFilter {
        checkRange(uePortLow, uePortHigh, "UE port");
        checkRange(remotePortLow, remotePortHigh, "remote port");
        if (protocol < 0 || protocol > 255 || tos < 0 || tos > 255 || tosMask < 0 || tosMask > 255) {
            throw new IllegalArgumentException("protocol / ToS out of range in SDF filter");
        }
        if (remote != null) {
            Addresses.mask(Addresses.family(remote), remotePrefixLength); // validates the length
        }
    }

    /** One instance (the record is immutable): written for every PDR without an SDF filter, so no object each time. */
    private static final SdfFilter ANY = new SdfFilter(null, 0, 0, 0, 0xffff, 0, 0xffff, 0, 0);

    /** Matches every packet; narrow it with the with* methods. */
    public static SdfFilter any() {
        return ANY;
    }

    public SdfFilter withRemote(InetAddress address, int prefixLength) {
        return new SdfFilter(address, prefixLength, protocol, uePortLow, uePortHigh, remotePortLow, remotePortHigh,
                tos, tosMask);
    }

    public SdfFilter withProtocol(int proto) {
        return new SdfFilter(remote, remotePrefixLength, proto, uePortLow, uePortHigh, remotePortLow,
                remotePortHigh, tos, tosMask);
    }

    public SdfFilter withUePorts(int low, int high) {
        return new SdfFilter(remote, remotePrefixLength, protocol, low, high, remotePortLow, remotePortHigh, tos,
                tosMask);
    }

    public SdfFilter withRemotePorts(int low, int high) {
        return new SdfFilter(remote, remotePrefixLength, protocol, uePortLow, uePortHigh, low, high, tos, tosMask);
    }

    public void write(ByteBuffer buf, int at) {
        int family = remote == null ? 0 : Addresses.family(remote);
        byte[] mask = remote == null ? new byte[16] : Addresses.mask(family, remotePrefixLength);
        byte[] addr = remote == null ? new byte[0] : remote.getAddress();
        for (int i = 0; i < 16; i++) {
            buf.put(at + C.offset("remote_addr") + i, (byte) (i < addr.length ? addr[i] & mask[i] : 0));
            buf.put(at + C.offset("remote_mask") + i, mask[i]);
        }
        buf.putShort(at + C.offset("ue_port_lo"), (short) uePortLow);
        buf.putShort(at + C.offset("ue_port_hi"), (short) uePortHigh);
        buf.putShort(at + C.offset("remote_port_lo"), (short) remotePortLow);
        buf.putShort(at + C.offset("remote_port_hi"), (short) remotePortHigh);
        buf.put(at + C.offset("proto"), (byte) protocol);
        buf.put(at + C.offset("family"), (byte) family);
        buf.put(at + C.offset("tos"), (byte) (tos & tosMask));
        buf.put(at + C.offset("tos_mask"), (byte) tosMask);
    }

    private static void checkRange(int low, int high, String what) {
        if (low < 0 || high > 0xffff || low > high) {
            throw new IllegalArgumentException(what + " range " + low + ".." + high + " invalid");
        }
    }
}
