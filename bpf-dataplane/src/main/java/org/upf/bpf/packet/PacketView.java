package org.upf.bpf.packet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads back the headers of a frame for assertions: Ethernet (+802.1Q), IPv4/IPv6, UDP/TCP/ICMP and
 * GTP-U on UDP port 2152 with its extension chain. Decoding stops at the GTP-U T-PDU; {@link #inner()}
 * decodes the T-PDU as an IP packet of its own (so nested tunnels unfold one level per call).
 * Truncated or malformed input never throws: decoding stops at the first header that does not fit.
 */
public final class PacketView {
    private final byte[] frame;
    private final List<HeaderView> headers;
    private final int payloadOffset;

    private PacketView(byte[] frame, List<HeaderView> headers, int payloadOffset) {
        this.frame = frame;
        this.headers = Collections.unmodifiableList(headers);
        this.payloadOffset = payloadOffset;
    }

    /** Decodes a frame that starts with an Ethernet header. */
    public static PacketView ofEthernet(byte[] frame) {
        return new Walker(frame).ethernet(0);
    }

    /** Decodes a packet that starts with an IPv4 or IPv6 header (chosen by the version nibble). */
    public static PacketView ofIp(byte[] packet) {
        return new Walker(packet).ip(0);
    }

    public List<HeaderView> headers() {
        return headers;
    }

    public byte[] bytes() {
        return frame.clone();
    }

    /** Offset of the first byte no header claimed (T-PDU, application data or undecodable rest). */
    public int payloadOffset() {
        return payloadOffset;
    }

    public EthernetView ethernet() {
        return require(EthernetView.class);
    }

    public Ipv4View ipv4() {
        return require(Ipv4View.class);
    }

    public Ipv6View ipv6() {
        return require(Ipv6View.class);
    }

    public UdpView udp() {
        return require(UdpView.class);
    }

    public TcpView tcp() {
        return require(TcpView.class);
    }

    public IcmpView icmp() {
        return require(IcmpView.class);
    }

    public GtpuView gtpu() {
        return require(GtpuView.class);
    }

    /** The first header of a type, if decoded. */
    public <H extends HeaderView> Optional<H> find(Class<H> type) {
        return headers.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * Whether the first transport header's checksum verifies: UDP/TCP/ICMPv6 over the pseudo-header of
     * the IP header before it, ICMP without one. UDP over IPv4 with checksum 0 ("none", RFC 768) passes.
     * The segment ends where the IP length field says (cut at the frame's end).
     */
    public boolean transportChecksumValid() {
        HeaderView l4 = headers.stream().filter(h -> h instanceof UdpView || h instanceof TcpView
                || h instanceof IcmpView).findFirst().orElseThrow(() -> new IllegalStateException(
                        "no UDP, TCP or ICMP header in " + this));
        HeaderView ip = headers.get(headers.indexOf(l4) - 1);
        int end = Math.min(frame.length, ip instanceof Ipv4View v4 ? v4.offset() + v4.totalLength()
                : ip.offset() + 40 + ((Ipv6View) ip).payloadLength());
        int length = end - l4.offset();
        long sum = 0;
        if (l4 instanceof UdpView udp && ip instanceof Ipv4View && udp.checksum() == 0) {
            return true;
        }
        if (ip instanceof Ipv4View v4 && !(l4 instanceof IcmpView)) {
            sum = Checksum.pseudoHeader(v4.src(), v4.dst(), v4.protocol(), length);
        } else if (ip instanceof Ipv6View v6) {
            sum = Checksum.pseudoHeader(v6.src(), v6.dst(), v6.nextHeader(), length);
        }
        return Checksum.finish(Checksum.add(sum, frame, l4.offset(), length)) == 0;
    }

    /** The GTP-U T-PDU decoded as an IP packet, offsets relative to the T-PDU's first byte. */
    public PacketView inner() {
        gtpu();
        return ofIp(java.util.Arrays.copyOfRange(frame, payloadOffset, frame.length));
    }

    /** Names the header field holding byte {@code offset}, through nested tunnels, e.g. "inner IPv4.ttl". */
    public String fieldAt(int offset) {
        for (HeaderView h : headers) {
            String name = h.fieldAt(offset);
            if (name != null) {
                return name;
            }
        }
        if (offset >= payloadOffset && find(GtpuView.class).isPresent()) {
            return "inner " + inner().fieldAt(offset - payloadOffset);
        }
        return offset < frame.length ? "payload" : "beyond end";
    }

    private <H extends HeaderView> H require(Class<H> type) {
        return find(type).orElseThrow(() -> new IllegalStateException(
                "no " + type.getSimpleName().replace("View", "") + " header in " + this));
    }

    @Override
    public String toString() {
        return headers.stream().map(HeaderView::name).toList() + " (" + frame.length + " bytes)";
    }

    /** Walks the headers of one frame, outermost first. */
    private static final class Walker {
        private final byte[] b;
        private final List<HeaderView> found = new ArrayList<>();

        Walker(byte[] b) {
            this.b = b;
        }

        PacketView ethernet(int off) {
            EthernetView eth = EthernetView.parse(b, off);
            if (eth == null) {
                return done(off);
            }
            found.add(eth);
            int next = off + eth.length();
            return switch (eth.etherType()) {
                case Ipv4Layer.ETHERTYPE, Ipv6Layer.ETHERTYPE -> ip(next);
                default -> done(next);
            };
        }

        PacketView ip(int off) {
            Ipv4View v4 = Ipv4View.parse(b, off);
            if (v4 != null) {
                found.add(v4);
                return transport(off + v4.headerLength(), v4.protocol(), false);
            }
            Ipv6View v6 = Ipv6View.parse(b, off);
            if (v6 != null) {
                found.add(v6);
                return transport(off + 40, v6.nextHeader(), true);
            }
            return done(off);
        }

        private PacketView transport(int off, int protocol, boolean v6) {
            HeaderView h = switch (protocol) {
                case UdpLayer.PROTOCOL -> UdpView.parse(b, off);
                case TcpLayer.PROTOCOL -> TcpView.parse(b, off);
                case 1, 58 -> IcmpView.parse(b, off, v6);
                default -> null;
            };
            if (h == null) {
                return done(off);
            }
            found.add(h);
            int next = off + h.length();
            if (h instanceof UdpView udp && (udp.dstPort() == GtpuLayer.PORT || udp.srcPort() == GtpuLayer.PORT)) {
                GtpuView gtpu = GtpuView.parse(b, next);
                if (gtpu != null) {
                    found.add(gtpu);
                    // A broken extension chain leaves no T-PDU to decode: claim the rest as the header's.
                    next = gtpu.chainComplete() ? next + gtpu.length() : b.length;
                }
            }
            return done(next);
        }

        private PacketView done(int payloadOffset) {
            return new PacketView(b, found, Math.min(payloadOffset, b.length));
        }
    }
}
