package org.upf.bpf;

/** tcx hook points; attach types BPF_TCX_INGRESS / BPF_TCX_EGRESS (kernel >= 6.6, absent from libbpf 1.1). */
public enum TcxDirection {
    INGRESS(46),
    EGRESS(47);

    final int attachType;

    TcxDirection(int attachType) {
        this.attachType = attachType;
    }
}
