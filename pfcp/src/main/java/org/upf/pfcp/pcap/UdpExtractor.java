package org.upf.pfcp.pcap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds UDP datagrams in captured frames. Link types (tcpdump.org LINKTYPE_*): NULL/BSD loopback (0),
 * Ethernet (1, with 802.1Q/802.1ad tags), raw IP (12, 101), Linux cooked SLL (113) and SLL2 (276), LOOP (108),
 * IPv4 (228), IPv6 (229). Network: IPv4 (RFC 791; non-first fragments and fragmented datagrams skipped) and
 * IPv6 (RFC 8200; hop-by-hop, routing and destination options headers walked; fragments skipped).
 * Anything else is skipped, never an error.
 */
public final class UdpExtractor {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int UDP = 17;

    private UdpExtractor() {
    }

    /** Every UDP datagram to or from {@code port} in the frames, in capture order. */
    public static List<UdpDatagram> udp(List<CaptureFrame> frames, int port) {
        List<UdpDatagram> out = new ArrayList<>();
        for (CaptureFrame f : frames) {
            UdpDatagram d = udp(f);
            if (d != null && (d.source().getPort() == port || d.destination().getPort() == port)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The UDP datagram in a frame, or {@code null} if the frame does not carry one we can read. */
    public static UdpDatagram udp(CaptureFrame f) {
        ByteBuffer b = ByteBuffer.wrap(f.data());
        int len = b.limit();
        switch (f.linkType()) {
            case 0:
            case 108: {
                if (len < 4) {
                    return null;
                }
                int family = b.getInt(0);
                if (f.linkType() == 0 && (family & 0xFFFF0000) != 0) {
                    family = Integer.reverseBytes(family); // NULL: AF_ value in the capturing host's order
                }
                return family == 2 ? ipv4(f, b, 4) : family == 24 || family == 28 || family == 30 ? ipv6(f, b, 4) : null;
            }
            case 1:
                return ethernet(f, b);
            case 12:
            case 101:
                return ip(f, b, 0);
            case 113:
                return len < 16 ? null : byEtherType(f, b, b.getShort(14) & 0xFFFF, 16);
            case 276:
                return len < 20 ? null : byEtherType(f, b, b.getShort(0) & 0xFFFF, 20);
            case 228:
                return ipv4(f, b, 0);
            case 229:
                return ipv6(f, b, 0);
            default:
                return null;
        }
    }

    private static UdpDatagram ethernet(CaptureFrame f, ByteBuffer b) {
        int at = 12;
        while (at + 2 <= b.limit()) {
            int et = b.getShort(at) & 0xFFFF;
            if (et == ETHERTYPE_VLAN || et == ETHERTYPE_QINQ) {
                at += 4;
                continue;
            }
            return byEtherType(f, b, et, at + 2);
        }
        return null;
    }

    private static UdpDatagram byEtherType(CaptureFrame f, ByteBuffer b, int etherType, int at) {
        return etherType == ETHERTYPE_IPV4 ? ipv4(f, b, at) : etherType == ETHERTYPE_IPV6 ? ipv6(f, b, at) : null;
    }

    private static UdpDatagram ip(CaptureFrame f, ByteBuffer b, int at) {
        if (at >= b.limit()) {
            return null;
        }
        int version = (b.get(at) & 0xF0) >> 4;
        return version == 4 ? ipv4(f, b, at) : version == 6 ? ipv6(f, b, at) : null;
    }

    private static UdpDatagram ipv4(CaptureFrame f, ByteBuffer b, int at) {
        if (at + 20 > b.limit() || (b.get(at) & 0xF0) != 0x40) {
            return null;
        }
        int ihl = (b.get(at) & 0x0F) * 4;
        int total = b.getShort(at + 2) & 0xFFFF;
        int fragment = b.getShort(at + 6) & 0x3FFF; // MF flag + offset
        if (ihl < 20 || fragment != 0 || (b.get(at + 9) & 0xFF) != UDP) {
            return null;
        }
        int end = Math.min(b.limit(), at + Math.max(total, ihl));
        return udp(f, b, at + ihl, end, Arrays.copyOfRange(b.array(), at + 12, at + 16),
                Arrays.copyOfRange(b.array(), at + 16, at + 20));
    }

    private static UdpDatagram ipv6(CaptureFrame f, ByteBuffer b, int at) {
        if (at + 40 > b.limit() || (b.get(at) & 0xF0) != 0x60) {
            return null;
        }
        int end = Math.min(b.limit(), at + 40 + (b.getShort(at + 4) & 0xFFFF));
        int next = b.get(at + 6) & 0xFF;
        int p = at + 40;
        while (next == 0 || next == 43 || next == 60) {
            if (p + 2 > end) {
                return null;
            }
            next = b.get(p) & 0xFF;
            p += 8 + (b.get(p + 1) & 0xFF) * 8;
        }
        if (next != UDP) {
            return null;
        }
        return udp(f, b, p, end, Arrays.copyOfRange(b.array(), at + 8, at + 24),
                Arrays.copyOfRange(b.array(), at + 24, at + 40));
    }

    private static UdpDatagram udp(CaptureFrame f, ByteBuffer b, int at, int end, byte[] src, byte[] dst) {
        if (at + 8 > end) {
            return null;
        }
        int udpLen = b.getShort(at + 4) & 0xFFFF;
        int payloadEnd = Math.min(end, at + Math.max(udpLen, 8));
        try {
            return new UdpDatagram(f,
                    new InetSocketAddress(InetAddress.getByAddress(src), b.getShort(at) & 0xFFFF),
                    new InetSocketAddress(InetAddress.getByAddress(dst), b.getShort(at + 2) & 0xFFFF),
                    Arrays.copyOfRange(b.array(), at + 8, payloadEnd));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4- and 16-octet addresses are always valid", e);
        }
    }
}
