package org.upf.bpf.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A stack of layers, outermost first, encoded into one frame by {@link #build()}. Every layer method
 * appends a layer; the overloads taking a {@code Consumer} let a test set fields or craft malformed
 * values (wrong length, bad checksum) on that layer. Any layer may follow any other, so GTP-U in UDP
 * in IPv6, IPv4 in GTP-U or GTP-U in GTP-U are all expressible.
 */
public final class PacketBuilder {
    private final List<Layer> layers = new ArrayList<>();
    private Integer truncateTo;

    PacketBuilder() {}

    public PacketBuilder eth(String src, String dst) {
        return eth(src, dst, l -> {});
    }

    public PacketBuilder eth(String src, String dst, Consumer<EthernetLayer> options) {
        return add(new EthernetLayer(MacAddress.of(src), MacAddress.of(dst)), options);
    }

    public PacketBuilder ipv4(String src, String dst) {
        return ipv4(src, dst, l -> {});
    }

    public PacketBuilder ipv4(String src, String dst, Consumer<Ipv4Layer> options) {
        return add(new Ipv4Layer(IpAddresses.v4(src), IpAddresses.v4(dst)), options);
    }

    public PacketBuilder ipv6(String src, String dst) {
        return ipv6(src, dst, l -> {});
    }

    public PacketBuilder ipv6(String src, String dst, Consumer<Ipv6Layer> options) {
        return add(new Ipv6Layer(IpAddresses.v6(src), IpAddresses.v6(dst)), options);
    }

    public PacketBuilder udp(int srcPort, int dstPort) {
        return udp(srcPort, dstPort, l -> {});
    }

    public PacketBuilder udp(int srcPort, int dstPort, Consumer<UdpLayer> options) {
        return add(new UdpLayer(srcPort, dstPort), options);
    }

    public PacketBuilder tcp(int srcPort, int dstPort) {
        return tcp(srcPort, dstPort, l -> {});
    }

    public PacketBuilder tcp(int srcPort, int dstPort, Consumer<TcpLayer> options) {
        return add(new TcpLayer(srcPort, dstPort), options);
    }

    /** ICMP echo request, or ICMPv6 echo request when the nearest enclosing IP layer is IPv6. */
    public PacketBuilder icmpEcho(int id, int seq, byte[] data) {
        return icmpEcho(id, seq, data, l -> {});
    }

    public PacketBuilder icmpEcho(int id, int seq, byte[] data, Consumer<IcmpEchoLayer> options) {
        IpLayer ip = last(IpLayer.class, "ICMP echo needs an enclosing IPv4/IPv6 layer");
        return add(new IcmpEchoLayer(ip.isV6(), id, seq, data), options);
    }

    public PacketBuilder gtpu(long teid) {
        return gtpu(teid, l -> {});
    }

    public PacketBuilder gtpu(long teid, Consumer<GtpuLayer> options) {
        return add(new GtpuLayer(teid), options);
    }

    /** Adds a UL PDU Session Container (TS 38.415 §5.5.2.2) to the last GTP-U layer. */
    public PacketBuilder pduSessionContainerUl(int qfi) {
        return gtpuExtension(PduSessionContainer.ul(qfi));
    }

    /** Adds a DL PDU Session Container (TS 38.415 §5.5.2.1) to the last GTP-U layer. */
    public PacketBuilder pduSessionContainerDl(int qfi) {
        return gtpuExtension(PduSessionContainer.dl(qfi));
    }

    /** Adds any extension header to the last GTP-U layer's chain. */
    public PacketBuilder gtpuExtension(GtpuExtension extension) {
        last(GtpuLayer.class, "a GTP-U extension header needs a GTP-U layer before it").extension(extension);
        return this;
    }

    /** Opaque bytes after the last layer (application data, or a header this builder lacks). */
    public PacketBuilder payload(byte[] bytes) {
        return add(new RawLayer(bytes), l -> {});
    }

    /** Cuts the built frame after {@code length} bytes (lengths and checksums stay those of the whole). */
    public PacketBuilder truncate(int length) {
        this.truncateTo = length;
        return this;
    }

    /** Encodes the stack, innermost layer first, and returns the frame. */
    public byte[] build() {
        byte[] bytes = new byte[0];
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer inner = i + 1 < layers.size() ? layers.get(i + 1) : null;
            bytes = layers.get(i).encode(bytes, new EncodeContext(inner, enclosingIp(i)));
        }
        if (truncateTo != null) {
            if (truncateTo > bytes.length) {
                throw new IllegalArgumentException("cannot truncate " + bytes.length + " bytes to " + truncateTo);
            }
            bytes = Arrays.copyOf(bytes, truncateTo);
        }
        return bytes;
    }

    private IpLayer enclosingIp(int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (layers.get(i) instanceof IpLayer ip) {
                return ip;
            }
        }
        return null;
    }

    private <L extends Layer> PacketBuilder add(L layer, Consumer<L> options) {
        options.accept(layer);
        layers.add(layer);
        return this;
    }

    private <T> T last(Class<T> type, String error) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (type.isInstance(layers.get(i))) {
                return type.cast(layers.get(i));
            }
        }
        throw new IllegalStateException(error);
    }
}
