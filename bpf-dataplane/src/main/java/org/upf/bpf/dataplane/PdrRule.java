package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_pdr: a PDR's match (QFI, SDF filter) and the slots of the rules it applies. Slot 0 means
 * "none" for QERs and URRs; a PDR always has a FAR. Host byte order. On GTP-U ingress the outer header is always
 * removed (an N3/N9 PDR always carries Outer Header Removal); the agent rejects PDRs that would not.
 *
 * @param qfi the QFI the uplink PDU Session Container must carry, or null for any
 * @param sdf the SDF filter, or null for none
 */
public record PdrRule(int far, int qer, int ambrQer, int urr, int urr2, Direction direction, Integer qfi,
                      SdfFilter sdf) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    /** enum upf_pdr_flags. */
    static final int FLAG_QFI = 1;
    static final int FLAG_SDF = 2;
    public static final CStruct C = CStruct.of("upf_pdr", 68)
            .member("far", 0, 4)
            .member("qer", 4, 4)
            .member("ambr_qer", 8, 4)
            .member("urr", 12, 8)
            .member("direction", 20, 1)
            .member("flags", 21, 1)
            .member("qfi", 22, 1)
            .member("_pad", 23, 1)
            .member("sdf", 24, 44);

    public PdrRule {
        if (far <= 0) {
            throw new IllegalArgumentException("a PDR needs a FAR slot (>= 1), got " + far);
        }
        if (qfi != null && (qfi < 0 || qfi > 63)) {
            throw new IllegalArgumentException("QFI " + qfi + " not in 0..63");
        }
    }

    public void write(ByteBuffer buf, int at) {
        buf.putInt(at + C.offset("far"), far);
        buf.putInt(at + C.offset("qer"), qer);
        buf.putInt(at + C.offset("ambr_qer"), ambrQer);
        buf.putInt(at + C.offset("urr"), urr);
        buf.putInt(at + C.offset("urr") + 4, urr2);
        buf.put(at + C.offset("direction"), (byte) direction.code);
        buf.put(at + C.offset("flags"), (byte) ((qfi != null ? FLAG_QFI : 0) | (sdf != null ? FLAG_SDF : 0)));
        buf.put(at + C.offset("qfi"), (byte) (qfi == null ? 0 : qfi));
        buf.put(at + C.offset("_pad"), (byte) 0);
        (sdf == null ? SdfFilter.any() : sdf).write(buf, at + C.offset("sdf"));
    }
}
