package org.upf.control.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** "forwarded": packets and inner IP bytes the data path forwarded, per direction. */
    static void putForwarded(Map<String, Object> o, Map<? extends Enum<?>, Counter> forwarded) {
        o.put("forwarded", byLabel("direction", forwarded));
    }

    /** "drops" and "controlPath": one {reason, packets, bytes} per reason, in reason-code order. */
    public static void putCounters(Map<String, Object> o, Map<? extends Enum<?>, Counter> drops,
                                   Map<? extends Enum<?>, Counter> controlPath) {
        o.put("drops", byLabel("reason", drops));
        o.put("controlPath", byLabel("reason", controlPath));
    }

    /**
     * "runStats" (whether the kernel is counting: our BPF_ENABLE_STATS handle or the sysctl) and "programs":
     * run count, run time and average per XDP program, with the interface roles that run it.
     */
    static void putPrograms(Map<String, Object> o, Dataplane dp, boolean enabledByAgent) {
        o.put("runStats", enabledByAgent || BpfRunStats.sysctlEnabled() ? "on" : "off");
        List<Map<String, Object>> programs = new ArrayList<>();
        for (ProgramRuns p : ProgramRuns.of(dp)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("program", p.program());
            e.put("id", p.id());
            e.put("roles", p.roles().stream().map(Enum::name).toList());
            e.put("runCount", p.stats().runCount());
            e.put("runTimeNanos", p.stats().runTimeNanos());
            e.put("averageNanos", Math.round(p.stats().averageNanos()));
            programs.add(e);
        }
        o.put("programs", programs);
    }

    private static List<Map<String, Object>> byLabel(String label, Map<? extends Enum<?>, Counter> counters) {
        List<Map<String, Object>> out = new ArrayList<>();
        counters.forEach((key, c) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put(label, key.name().toLowerCase(Locale.ROOT));
            e.put("packets", c.packets());
            e.put("bytes", c.bytes());
            out.add(e);
        });
        return out;
    }
}
