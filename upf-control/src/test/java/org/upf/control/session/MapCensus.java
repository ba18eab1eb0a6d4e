package org.upf.control.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfMapType;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.PdrSet;

/**
 * Reads the session maps of a loaded data path: how many entries hold something (ARRAY: a non-zero value, and for
 * upf_teid_v1 an open set, whose teid word names its slot: a removed TEID's set stays, closed; hash and LPM maps: any
 * key). URR counters and meters are left out: their slots keep the last values by design.
 */
public final class MapCensus {
    static final List<String> SESSION_MAPS = List.of("upf_sess_v1", "upf_pdr_v1", "upf_far_v1", "upf_qer_v1",
            "upf_teid_v1", "upf_dl4_v4", "upf_dl6_v4", "upf_dl6p_v4");

    private MapCensus() {
    }

    public static Map<String, Integer> of(Dataplane dp) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String name : SESSION_MAPS) {
            BpfMap m = dp.map(name);
            out.put(name, m.type() != BpfMapType.ARRAY ? keys(m) : name.equals(PdrSet.TEID_MAP) ? open(m) : nonZero(m));
        }
        return out;
    }

    public static int total(Dataplane dp) {
        return of(dp).values().stream().mapToInt(Integer::intValue).sum();
    }

    private static int nonZero(BpfMap m) {
        int n = 0;
        ByteBuffer k = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < m.maxEntries(); i++) {
            k.putInt(0, i);
            if (m.lookup(k, v)) {
                for (int b = 0; b < m.valueSize(); b++) {
                    if (v.get(b) != 0) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    /** The slots of upf_teid_v1 whose set is open: its teid word's slot bits are the slot (a closed word's are not). */
    private static int open(BpfMap m) {
        int n = 0;
        int mask = m.maxEntries() - 1;
        int teid = PdrSet.C.offset("teid");
        ByteBuffer k = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        ByteBuffer v = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
        for (int i = 1; i < m.maxEntries(); i++) {
            if (m.lookup(k.putInt(0, i), v) && (v.getInt(teid) & mask) == i) {
                n++;
            }
        }
        return n;
    }

    private static int keys(BpfMap m) {
        int n = 0;
        for (ByteBuffer ignored : m.keys()) {
            n++;
        }
        return n;
    }
}
