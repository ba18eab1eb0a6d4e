package org.upf.bpf.packet;

/**
 * What a layer may know about its neighbours while it is encoded.
 *
 * @param inner the layer directly inside this one, or null when the payload is empty
 * @param enclosingIp the nearest IP layer outside this one (for pseudo-headers), or null
 */
record EncodeContext(Layer inner, IpLayer enclosingIp) {

    int innerEtherType(String outer) {
        int type = inner == null ? -1 : inner.etherType();
        if (type < 0) {
            throw new IllegalStateException(outer + " cannot tell the EtherType of "
                    + (inner == null ? "an empty payload" : inner.name()) + "; set it explicitly");
        }
        return type;
    }

    int innerIpProtocol(String outer) {
        int proto = inner == null ? -1 : inner.ipProtocol();
        if (proto < 0) {
            // RFC 8200 §4.7 "No Next Header" (59) is the honest value for an IP packet without upper layer.
            return inner == null ? 59 : fail(outer);
        }
        return proto;
    }

    private int fail(String outer) {
        throw new IllegalStateException(outer + " cannot tell the protocol number of " + inner.name()
                + "; set it explicitly");
    }

    /** The checksum of an upper-layer segment over the enclosing IP's pseudo-header. */
    int pseudoHeaderChecksum(String layer, int protocol, byte[] segment) {
        if (enclosingIp == null) {
            throw new IllegalStateException(layer + " needs an enclosing IPv4/IPv6 layer for its checksum");
        }
        long sum = enclosingIp.pseudoHeaderSum(protocol, segment.length);
        return Checksum.finish(Checksum.add(sum, segment, 0, segment.length));
    }
}
