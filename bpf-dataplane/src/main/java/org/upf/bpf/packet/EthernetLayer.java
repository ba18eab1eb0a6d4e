package org.upf.bpf.packet;

import java.nio.ByteBuffer;

/** Ethernet II header (IEEE 802.3 §3.2.6), optionally with one IEEE 802.1Q VLAN tag. */
public final class EthernetLayer extends Layer {
    static final int ETHERTYPE_VLAN = 0x8100;

    private final MacAddress src;
    private final MacAddress dst;
    private Integer vlanTci;
    private Integer etherType;

    EthernetLayer(MacAddress src, MacAddress dst) {
        this.src = src;
        this.dst = dst;
    }

    /** Adds an 802.1Q tag: 3-bit priority (PCP), DEI 0, 12-bit VLAN id. */
    public EthernetLayer vlan(int priority, int vlanId) {
        if (vlanId < 0 || vlanId > 0xFFF || priority < 0 || priority > 7) {
            throw new IllegalArgumentException("VLAN id 0..4095 and priority 0..7, got " + vlanId + "/" + priority);
        }
        this.vlanTci = (priority << 13) | vlanId;
        return this;
    }

    /** Announces this EtherType instead of the inner layer's. */
    public EthernetLayer etherType(int value) {
        this.etherType = value;
        return this;
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        int type = etherType != null ? etherType : ctx.innerEtherType(name());
        ByteBuffer b = ByteBuffer.allocate(14 + (vlanTci != null ? 4 : 0) + payload.length);
        b.put(dst.bytes()).put(src.bytes());
        if (vlanTci != null) {
            b.putShort((short) ETHERTYPE_VLAN).putShort(vlanTci.shortValue());
        }
        return b.putShort((short) type).put(payload).array();
    }

    @Override
    public String name() {
        return "Ethernet";
    }
}
