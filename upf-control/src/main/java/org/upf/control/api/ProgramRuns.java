package org.upf.control.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.BpfRunStats;
import org.upf.bpf.dataplane.Dataplane;

/**
 * Kernel run statistics of one XDP program of the data path, with the interface roles that run it (N3 and N9 share
 * upf_gtpu_in). Counted only while BPF statistics are on (agent key bpf.runStats or the sysctl).
 */
public record ProgramRuns(String program, int id, List<Dataplane.Role> roles, BpfRunStats stats) {

    /** One entry per distinct program of dp, in role order. */
    public static List<ProgramRuns> of(Dataplane dp) {
        Map<String, List<Dataplane.Role>> roles = new LinkedHashMap<>();
        for (Dataplane.Role r : Dataplane.Role.values()) {
            roles.computeIfAbsent(r.program, p -> new ArrayList<>()).add(r);
        }
        List<ProgramRuns> out = new ArrayList<>();
        roles.forEach((name, rs) -> {
            BpfProgram p = dp.program(rs.get(0));
            out.add(new ProgramRuns(name, p.id(), List.copyOf(rs), BpfRunStats.of(p.fd())));
        });
        return out;
    }
}
