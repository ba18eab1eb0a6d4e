package org.upf.bpf.dataplane;

/** enum upf_direction: which way a PDR's traffic flows; indexes the per-direction arrays of QERs and URRs. */
public enum Direction {
    UPLINK(0),
    DOWNLINK(1);

    final int code;

    Direction(int code) {
        this.code = code;
    }
}
