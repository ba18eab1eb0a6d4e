package org.upf.bpf.dataplane;

/** enum upf_ohc: the Outer Header Creation kinds the data path builds (TS 29.244 §8.2.56). */
public enum OuterHeader {
    NONE(0),
    GTPU_IPV4(1),
    GTPU_IPV6(2);

    final int code;

    OuterHeader(int code) {
        this.code = code;
    }
}
