package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.70 Remote GTP-U Peer: octet 5 = Spare | NI (bit 4) | DI (bit 3) | V4 (bit 2) | V6 (bit 1);
 * IPv4 address if V4; IPv6 address if V6; if DI a 2-octet length and a Destination Interface value; if NI a
 * 2-octet length and a Network Instance.
 */
public record RemoteGtpuPeer(int flags, byte[] ipv4, byte[] ipv6, byte[] destinationInterface,
                             byte[] networkInstance) implements Ie {
    private static final int V6 = 0x01;
    private static final int V4 = 0x02;
    private static final int DI = 0x04;
    private static final int NI = 0x08;

    static Ie decode(IeReader r) {
        int f = r.u8("flags");
        byte[] v4 = (f & V4) != 0 ? r.bytes(Ip.V4, "IPv4 address") : null;
        byte[] v6 = (f & V6) != 0 ? r.bytes(Ip.V6, "IPv6 address") : null;
        byte[] di = (f & DI) != 0 ? r.bytes(r.u16("Length of Destination Interface"), "Destination Interface") : null;
        byte[] ni = (f & NI) != 0 ? r.bytes(r.u16("Length of Network Instance"), "Network Instance") : null;
        return new RemoteGtpuPeer(f, v4, v6, di, ni);
    }

    @Override
    public int type() {
        return IeType.REMOTE_GTP_U_PEER.code();
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(flags);
        IeWrite.optional(out, ipv4);
        IeWrite.optional(out, ipv6);
        if (destinationInterface != null) {
            IeWrite.prefixed(out, 2, destinationInterface);
        }
        if (networkInstance != null) {
            IeWrite.prefixed(out, 2, networkInstance);
        }
    }

    @Override
    public void describe(IeFields fields) {
        IeWrite.describeAddresses(fields, ipv4, ipv6);
        if (destinationInterface != null && destinationInterface.length > 0) {
            fields.put("destinationInterface", destinationInterface[0] & 0xF);
        }
        if (networkInstance != null) {
            fields.put("networkInstance", DnsName.decode(networkInstance));
        }
    }
}
