package org.upf.bpf.testing;

/** XDP program return codes (enum xdp_action of linux/bpf.h); the ordinal is the kernel value. */
public enum XdpAction {
    ABORTED, DROP, PASS, TX, REDIRECT;

    public int value() {
        return ordinal();
    }

    /** The action's name for a return value, or the number when it is none of them. */
    public static String nameOf(int retval) {
        return retval >= 0 && retval < values().length ? "XDP_" + values()[retval] : Integer.toString(retval);
    }
}
