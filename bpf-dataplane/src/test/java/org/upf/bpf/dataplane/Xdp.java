package org.upf.bpf.dataplane;

/** XDP verdicts (enum xdp_action) as test_run returns them. */
final class Xdp {
    static final int DROP = 1;
    static final int PASS = 2;
    static final int REDIRECT = 4;

    private Xdp() {}
}
