package org.upf.control.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.dataplane.SdfFilter;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.UeIpAddress;

/**
 * The byte form a committed session keeps its rules in ({@link SessionRecord}): UE addresses, each FAR, QER, URR and
 * PDR with its data-path slot, the local TEIDs and the chosen TEIDs, written in the maps' order so that decoding
 * gives back an equal {@link SessionState} (the same rules translate to the same data-path rules). Numbers are
 * unsigned LEB128 varints (rule IDs and most values take one octet), addresses their 4 or 16 octets. About 150
 * octets for a session of two PDRs, two FARs, a QER and a URR, against some 3 KiB as maps of objects. The URR
 * definitions are not here: they live in the URR meters the record keeps as objects.
 */
final class SessionBytes {
    private static final int UE_V4 = 1;
    private static final int UE_V6 = 2;
    private static final int UE_V4_POOLED = 4;
    private static final int UE_V6_POOLED = 8;
    private static final int PDR_REMOVES_GTPU = 1;
    private static final int PDR_FTEID = 2;
    private static final int PDR_UE_IP = 4;
    private static final int PDR_NETWORK_INSTANCE = 8;
    private static final int PDR_SDF = 16;
    private static final int PDR_TEID = 32;
    /** The PDR's UE IP Address carries the same addresses as the previous PDR's (UL and DL PDR of a UE). */
    private static final int PDR_UE_IP_AS_BEFORE = 64;
    private static final int QER_UL_OPEN = 1;
    private static final int QER_DL_OPEN = 2;
    private static final int QER_RQI = 4;
    private static final int QER_MBR = 8;
    private static final int QER_GBR = 16;

    private SessionBytes() {
    }

    /** The thread's encoding buffer: encode copies its octets out, so one serves every call (issue 5: rate). */
    private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(192));

    static byte[] encode(SessionState s) {
        ByteBuf b = ENCODING.get().clear();
        int flags = (s.ueIpv4 != null ? UE_V4 : 0) | (s.ueIpv6Prefix != null ? UE_V6 : 0)
                | (s.ueIpv4Pooled ? UE_V4_POOLED : 0) | (s.ueIpv6Pooled ? UE_V6_POOLED : 0);
        b.writeByte(flags);
        if (s.ueIpv4 != null) {
            b.writeBytes(s.ueIpv4.getAddress());
        }
        if (s.ueIpv6Prefix != null) {
            b.writeBytes(s.ueIpv6Prefix.getAddress());
            b.writeByte(s.ueIpv6PrefixLength);
        }
        // FARs first: errorIndicationReports reads only them.
        varint(b, s.fars.size());
        for (int i = 0; i < s.fars.size(); i++) {
            FarSpec f = s.fars.valueAt(i);
            far(b, f, s.farSlots.get(f.id()));
        }
        varint(b, s.qers.size());
        for (int i = 0; i < s.qers.size(); i++) {
            QerSpec q = s.qers.valueAt(i);
            qer(b, q, s.qerSlots.get(q.id()));
        }
        varint(b, s.urrs.size());
        for (int i = 0; i < s.urrs.size(); i++) {
            UrrSpec u = s.urrs.valueAt(i);
            varint(b, u.id());
            varint(b, s.urrSlots.get(u.id()));
        }
        // The DROP FARs of quota URRs (negative keys, RulesTranslator.quotaDropFar) and the stopped quotas.
        int drops = 0;
        for (int i = 0; i < s.farSlots.size(); i++) {
            drops += s.farSlots.keyAt(i) < 0 ? 1 : 0;
        }
        varint(b, drops);
        for (int i = 0; i < s.farSlots.size(); i++) {
            long id = s.farSlots.keyAt(i);
            if (id < 0) {
                varint(b, -1 - id);
                varint(b, s.farSlots.valueAt(i));
            }
        }
        varint(b, s.quotaStops.size());
        for (int i = 0; i < s.quotaStops.size(); i++) {
            varint(b, s.quotaStops.keyAt(i));
            varint(b, s.quotaStops.valueAt(i) + 1);
        }
        varint(b, s.chosenTeids.size());
        for (int i = 0; i < s.chosenTeids.size(); i++) {
            varint(b, s.chosenTeids.keyAt(i));
            varint(b, Integer.toUnsignedLong(s.chosenTeids.valueAt(i)));
        }
        varint(b, s.pdrs.size());
        UeIpAddress previous = null;
        for (int i = 0; i < s.pdrs.size(); i++) {
            PdrSpec p = s.pdrs.valueAt(i);
            pdr(b, p, s.pdrSlots.get(p.id()), s.pdrTeids.get(p.id()), previous);
            previous = p.ueIp() != null ? p.ueIp() : previous;
        }
        return ByteBufUtil.getBytes(b);
    }

    /** Fills s (fresh, empty) from bytes; its URR specs come from s.meters, which the caller filled. */
    static void decode(byte[] bytes, SessionState s) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        int flags = b.readUnsignedByte();
        if ((flags & UE_V4) != 0) {
            s.ueIpv4 = (Inet4Address) address(bytes(b, 4));
        }
        if ((flags & UE_V6) != 0) {
            s.ueIpv6Prefix = (Inet6Address) address(bytes(b, 16));
            s.ueIpv6PrefixLength = b.readUnsignedByte();
        }
        s.ueIpv4Pooled = (flags & UE_V4_POOLED) != 0;
        s.ueIpv6Pooled = (flags & UE_V6_POOLED) != 0;
        for (int n = (int) varint(b); n > 0; n--) {
            FarSpec f = far(b);
            s.fars.put(f.id(), f);
            s.farSlots.put(f.id(), (int) varint(b));
        }
        for (int n = (int) varint(b); n > 0; n--) {
            QerSpec q = qer(b);
            s.qers.put(q.id(), q);
            s.qerSlots.put(q.id(), (int) varint(b));
        }
        for (int n = (int) varint(b); n > 0; n--) {
            long id = varint(b);
            s.urrs.put(id, s.meters.get(id).urr());
            s.urrSlots.put(id, (int) varint(b));
        }
        for (int n = (int) varint(b); n > 0; n--) {
            s.farSlots.put(RulesTranslator.quotaDropFar(varint(b)), (int) varint(b));
        }
        for (int n = (int) varint(b); n > 0; n--) {
            s.quotaStops.put(varint(b), varint(b) - 1);
        }
        for (int n = (int) varint(b); n > 0; n--) {
            s.chosenTeids.put((int) varint(b), (int) varint(b));
        }
        UeIpAddress previous = null;
        for (int n = (int) varint(b); n > 0; n--) {
            previous = pdr(b, s, previous);
        }
    }

    /** Whether a session's bytes hold a forwarding FAR into the GTP-U tunnel (peer, teid), without decoding it. */
    static boolean forwardsInto(byte[] bytes, InetAddress peer, long teid) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        int flags = b.readUnsignedByte();
        b.skipBytes(((flags & UE_V4) != 0 ? 4 : 0) + ((flags & UE_V6) != 0 ? 17 : 0));
        for (int n = (int) varint(b); n > 0; n--) {
            FarSpec f = far(b);
            varint(b);
            if (f.forwards() && peer.equals(f.peer()) && f.peerTeid() == teid) {
                return true;
            }
        }
        return false;
    }

    private static void far(ByteBuf b, FarSpec f, int slot) {
        varint(b, f.id());
        b.writeByte(f.applyAction());
        b.writeByte(f.destination());
        address(b, f.peer() == null ? null : f.peer().getAddress());
        varint(b, f.peerTeid());
        varint(b, f.tos() == null ? 0 : f.tos() + 1L);
        varint(b, slot);
    }

    /** A FAR; its slot follows. */
    private static FarSpec far(ByteBuf b) {
        long id = varint(b);
        int action = b.readUnsignedByte();
        int destination = b.readByte();
        byte[] peer = address(b);
        long teid = varint(b);
        int tos = (int) varint(b);
        return new FarSpec(id, action, destination, peer == null ? null : address(peer), teid,
                tos == 0 ? null : tos - 1);
    }

    private static void qer(ByteBuf b, QerSpec q, int slot) {
        varint(b, q.id());
        b.writeByte((q.ulOpen() ? QER_UL_OPEN : 0) | (q.dlOpen() ? QER_DL_OPEN : 0) | (q.rqi() ? QER_RQI : 0)
                | (q.mbr() != null ? QER_MBR : 0) | (q.gbr() != null ? QER_GBR : 0));
        rate(b, q.mbr());
        rate(b, q.gbr());
        varint(b, q.qfi() == null ? 0 : q.qfi() + 1L);
        varint(b, slot);
    }

    private static void rate(ByteBuf b, BitRate r) {
        if (r != null) {
            varint(b, r.ulKbps());
            varint(b, r.dlKbps());
        }
    }

    /** A QER; its slot follows. */
    private static QerSpec qer(ByteBuf b) {
        long id = varint(b);
        int flags = b.readUnsignedByte();
        BitRate mbr = (flags & QER_MBR) != 0 ? BitRate.mbr(varint(b), varint(b)) : null;
        BitRate gbr = (flags & QER_GBR) != 0 ? BitRate.gbr(varint(b), varint(b)) : null;
        int qfi = (int) varint(b);
        return new QerSpec(id, (flags & QER_UL_OPEN) != 0, (flags & QER_DL_OPEN) != 0, mbr, gbr,
                qfi == 0 ? null : qfi - 1, (flags & QER_RQI) != 0);
    }

    private static void pdr(ByteBuf b, PdrSpec p, int slot, Integer teid, UeIpAddress previous) {
        boolean asBefore = p.ueIp() != null && previous != null && sameAddresses(p.ueIp(), previous);
        int flags = (p.removesGtpu() ? PDR_REMOVES_GTPU : 0) | (p.fteid() != null ? PDR_FTEID : 0)
                | (p.ueIp() != null ? PDR_UE_IP : 0) | (p.networkInstance() != null ? PDR_NETWORK_INSTANCE : 0)
                | (p.sdf() != null ? PDR_SDF : 0) | (teid != null ? PDR_TEID : 0)
                | (asBefore ? PDR_UE_IP_AS_BEFORE : 0);
        b.writeByte(flags);
        varint(b, p.id());
        varint(b, p.precedence());
        b.writeByte(p.sourceInterface());
        varint(b, slot);
        if (teid != null) {
            varint(b, Integer.toUnsignedLong(teid));
        }
        varint(b, p.qfi() == null ? 0 : p.qfi() + 1L);
        varint(b, p.farId());
        ids(b, p.qerIds());
        ids(b, p.urrIds());
        if (p.fteid() != null) {
            FTeid f = p.fteid();
            b.writeByte(f.flags());
            varint(b, f.teid());
            address(b, f.ipv4());
            address(b, f.ipv6());
            varint(b, f.chooseId() + 1L);
        }
        if (p.ueIp() != null) {
            UeIpAddress u = p.ueIp();
            b.writeByte(u.flags());
            if (!asBefore) {
                address(b, u.ipv4());
                address(b, u.ipv6());
            }
            varint(b, u.prefixDelegationBits() + 1L);
            varint(b, u.prefixLength() + 1L);
        }
        if (p.networkInstance() != null) {
            byte[] ni = p.networkInstance().getBytes(StandardCharsets.UTF_8);
            varint(b, ni.length);
            b.writeBytes(ni);
        }
        if (p.sdf() != null) {
            SdfFilter f = p.sdf();
            address(b, f.remote() == null ? null : f.remote().getAddress());
            for (int v : new int[] {f.remotePrefixLength(), f.protocol(), f.uePortLow(), f.uePortHigh(),
                    f.remotePortLow(), f.remotePortHigh(), f.tos(), f.tosMask()}) {
                varint(b, v);
            }
        }
    }

    /** Reads a PDR into s; returns the UE IP Address a following PDR may repeat. */
    private static UeIpAddress pdr(ByteBuf b, SessionState s, UeIpAddress previous) {
        int flags = b.readUnsignedByte();
        int id = (int) varint(b);
        long precedence = varint(b);
        int si = b.readUnsignedByte();
        s.pdrSlots.put(id, (int) varint(b));
        if ((flags & PDR_TEID) != 0) {
            s.pdrTeids.put(id, (int) varint(b));
        }
        int qfi = (int) varint(b);
        long far = varint(b);
        List<Long> qers = ids(b);
        List<Long> urrs = ids(b);
        FTeid fteid = null;
        if ((flags & PDR_FTEID) != 0) {
            fteid = new FTeid(b.readUnsignedByte(), varint(b), address(b), address(b), (int) varint(b) - 1);
        }
        UeIpAddress ue = null;
        if ((flags & PDR_UE_IP) != 0) {
            int f = b.readUnsignedByte();
            boolean asBefore = (flags & PDR_UE_IP_AS_BEFORE) != 0;
            byte[] v4 = asBefore ? previous.ipv4() : address(b);
            byte[] v6 = asBefore ? previous.ipv6() : address(b);
            ue = new UeIpAddress(f, v4, v6, (int) varint(b) - 1, (int) varint(b) - 1);
        }
        String ni = null;
        if ((flags & PDR_NETWORK_INSTANCE) != 0) {
            ni = new String(bytes(b, (int) varint(b)), StandardCharsets.UTF_8);
        }
        SdfFilter sdf = null;
        if ((flags & PDR_SDF) != 0) {
            byte[] remote = address(b);
            int[] v = new int[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) varint(b);
            }
            sdf = new SdfFilter(remote == null ? null : address(remote), v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                    v[7]);
        }
        s.pdrs.put(id, new PdrSpec(id, precedence, si, fteid, ue, ni, sdf, qfi == 0 ? null : qfi - 1,
                (flags & PDR_REMOVES_GTPU) != 0, far, qers, urrs));
        return ue != null ? ue : previous;
    }

    private static boolean sameAddresses(UeIpAddress a, UeIpAddress b) {
        return java.util.Arrays.equals(a.ipv4(), b.ipv4()) && java.util.Arrays.equals(a.ipv6(), b.ipv6());
    }

    private static void ids(ByteBuf b, List<Long> ids) {
        varint(b, ids.size());
        for (int i = 0; i < ids.size(); i++) {
            varint(b, ids.get(i));
        }
    }

    private static List<Long> ids(ByteBuf b) {
        int n = (int) varint(b);
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(varint(b));
        }
        return List.copyOf(ids);
    }

    /** An absent (0), IPv4 (4) or IPv6 (16) address: its length, then its octets. */
    private static void address(ByteBuf b, byte[] a) {
        b.writeByte(a == null ? 0 : a.length);
        if (a != null) {
            b.writeBytes(a);
        }
    }

    private static byte[] address(ByteBuf b) {
        int n = b.readUnsignedByte();
        return n == 0 ? null : bytes(b, n);
    }

    private static byte[] bytes(ByteBuf b, int n) {
        byte[] a = new byte[n];
        b.readBytes(a);
        return a;
    }

    private static InetAddress address(byte[] raw) {
        return SessionChange.address(raw);
    }

    /** Unsigned LEB128: seven bits per octet, low first, the top bit set on all but the last. */
    private static void varint(ByteBuf b, long v) {
        while ((v & ~0x7fL) != 0) {
            b.writeByte((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b.writeByte((int) v);
    }

    private static long varint(ByteBuf b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int octet = b.readUnsignedByte();
            v |= (long) (octet & 0x7f) << shift;
            if ((octet & 0x80) == 0) {
                return v;
            }
        }
    }
}
