package org.upf.bpf.packet;

/**
 * One protocol header in a {@link PacketBuilder} stack. Layers are encoded innermost first: each one
 * wraps the bytes of everything inside it, so lengths and checksums see their real payload.
 */
public abstract class Layer {

    /** Returns this header followed by {@code payload} (the encoded inner layers). */
    abstract byte[] encode(byte[] payload, EncodeContext ctx);

    /** The EtherType (IEEE 802.3) an enclosing Ethernet/VLAN header announces for this layer, or -1. */
    int etherType() {
        return -1;
    }

    /** The IPv4 protocol / IPv6 next header number (IANA) an enclosing IP header announces, or -1. */
    int ipProtocol() {
        return -1;
    }

    /** Short name used in error messages and byte diffs. */
    public abstract String name();
}
