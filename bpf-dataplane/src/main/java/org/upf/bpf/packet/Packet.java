package org.upf.bpf.packet;

/**
 * Entry point of the packet builder, e.g. an uplink G-PDU from a gNB:
 * <pre>{@code
 * byte[] frame = Packet.eth("02:00:00:00:00:01", "02:00:00:00:00:02")
 *         .ipv4("198.18.0.1", "198.18.0.2").udp(2152, 2152)
 *         .gtpu(0x1234).pduSessionContainerUl(9)
 *         .ipv4("198.19.0.10", "198.19.1.1").icmpEcho(1, 1, new byte[8])
 *         .build();
 * }</pre>
 * Read frames back with {@link PacketView}.
 */
public final class Packet {
    private Packet() {}

    /** Starts a frame with an Ethernet header. */
    public static PacketBuilder eth(String src, String dst) {
        return new PacketBuilder().eth(src, dst);
    }

    /** Starts a frame with an Ethernet header set up by {@code options} (VLAN tag, EtherType). */
    public static PacketBuilder eth(String src, String dst, java.util.function.Consumer<EthernetLayer> options) {
        return new PacketBuilder().eth(src, dst, options);
    }

    /** Starts with no layer, e.g. for an IP packet without L2 or a bare GTP-U message. */
    public static PacketBuilder builder() {
        return new PacketBuilder();
    }
}
