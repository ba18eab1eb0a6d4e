package org.upf.control.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.BpfRunStats;
import org.upf.bpf.dataplane.Counter;
import org.upf.bpf.dataplane.Dataplane;

/**
 * The JSON shape of {@code upf stats} (the agent's /api/stats, or the pinned maps when no agent runs): data-path
 * drops and control-path hand-overs by reason (docs/dataplane.md) and each XDP program's kernel run statistics.
 * Ordered maps, so Jackson writes the keys in this order.
 */
public final class StatsJson {
    private StatsJson() {
    }

    /** "drops" and "controlPath": one {reason, packets, bytes} per reason, in reason-code order. */
    public static void putCounters(Map<String, Object> o, Map<? extends Enum<?>, Counter> drops,
                                   Map<? extends Enum<?>, Counter> controlPath) {
        o.put("drops", byReason(drops));
        o.put("controlPath", byReason(controlPath));
    }

    /**
     * "runStats" (whether the kernel is counting: our BPF_ENABLE_STATS handle or the sysctl) and "programs":
     * run count, run time and average per XDP program, with the interface roles that run it.
     */
    static void putPrograms(Map<String, Object> o, Dataplane dp, boolean enabledByAgent) {
        o.put("runStats", enabledByAgent || BpfRunStats.sysctlEnabled() ? "on" : "off");
        // N3 and N9 run the same program: one entry per program, with the roles that run it.
        Map<String, List<Dataplane.Role>> roles = new LinkedHashMap<>();
        for (Dataplane.Role r : Dataplane.Role.values()) {
            roles.computeIfAbsent(r.program, p -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> programs = new ArrayList<>();
        roles.forEach((name, rs) -> {
            BpfProgram p = dp.program(rs.get(0));
            BpfRunStats s = BpfRunStats.of(p.fd());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("program", name);
            e.put("id", p.id());
            e.put("roles", rs.stream().map(Enum::name).toList());
            e.put("runCount", s.runCount());
            e.put("runTimeNanos", s.runTimeNanos());
            e.put("averageNanos", Math.round(s.averageNanos()));
            programs.add(e);
        });
        o.put("programs", programs);
    }

    private static List<Map<String, Object>> byReason(Map<? extends Enum<?>, Counter> counters) {
        List<Map<String, Object>> out = new ArrayList<>();
        counters.forEach((reason, c) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("reason", reason.name().toLowerCase(Locale.ROOT));
            e.put("packets", c.packets());
            e.put("bytes", c.bytes());
            out.add(e);
        });
        return out;
    }
}
