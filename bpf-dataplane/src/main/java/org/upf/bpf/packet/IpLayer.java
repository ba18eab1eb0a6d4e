package org.upf.bpf.packet;

/** IPv4 or IPv6: the layers that give UDP, TCP and ICMPv6 their pseudo-header. */
interface IpLayer {

    /** Running (unfolded) sum of the pseudo-header for an upper-layer segment of {@code length} bytes. */
    long pseudoHeaderSum(int protocol, int length);

    /** True for IPv6, where ICMP means ICMPv6. */
    boolean isV6();
}
