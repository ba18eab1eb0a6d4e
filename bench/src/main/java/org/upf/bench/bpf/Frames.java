package org.upf.bench.bpf;

import org.upf.bpf.packet.Packet;

/** Test frames of the BPF benchmarks, from the project's packet builder; addresses from 198.18.0.0/15. */
final class Frames {
    private Frames() {}

    /** A minimum-size (60 octets without FCS, 64 on the wire) broadcast UDP/IPv4 frame. */
    static byte[] udp60() {
        return Packet.eth("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff")
                .ipv4("198.18.0.1", "198.18.0.2")
                .udp(9, 9)
                .payload(new byte[18])
                .build();
    }
}
