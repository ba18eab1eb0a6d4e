package org.upf.bpf;

/** Where an XDP program runs (XDP_FLAGS_* of linux/if_link.h). */
public enum XdpMode {
    /** In the driver (veth supports it); fails if the driver cannot. */
    NATIVE(1 << 2),
    /** Generic XDP in the network stack, for any device; slower. */
    GENERIC(1 << 1);

    final int flags;

    XdpMode(int flags) {
        this.flags = flags;
    }
}
