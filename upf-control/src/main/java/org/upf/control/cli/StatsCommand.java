package org.upf.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.upf.bpf.BpfException;
import org.upf.control.api.PinnedCounters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code upf stats}: the data path's drops and control-path hand-overs by reason and the XDP programs' kernel run
 * statistics, from the running agent; with {@code --pin-root} and no agent, the counters from the pinned maps.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Show forwarded packets/bytes per direction, data-path drops and control-path hand-overs by"
                + " reason (docs/dataplane.md) and the XDP"
                + " programs' run count and average run time (kernel BPF statistics, agent key bpf.runStats).",
            "Reads the agent's local API (api.address); when no agent answers and --pin-root is given, reads the"
                    + " counters from the maps pinned there (no program statistics then)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:neither the agent nor the pinned maps could be read", "2:usage error"})
final class StatsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentOptions options;

    @Option(names = "--pin-root", paramLabel = "DIR",
            description = "the agent's bpf.pinRoot: read the pinned counter maps when no agent answers")
    private Path pinRoot;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        JsonNode stats;
        try {
            stats = options.client().get("/api/stats");
        } catch (AgentClient.Refused e) {
            err.println("upf stats: " + e.getMessage());
            return AgentOptions.FAILED;
        } catch (AgentClient.Unreachable e) {
            if (pinRoot == null) {
                err.println("upf stats: " + e.getMessage() + ", or --pin-root to read the pinned maps");
                return AgentOptions.FAILED;
            }
            try {
                stats = new ObjectMapper().valueToTree(PinnedCounters.read(pinRoot));
            } catch (IllegalArgumentException | BpfException pinned) {
                err.println("upf stats: no agent at " + options.api + " and " + pinned.getMessage());
                return AgentOptions.FAILED;
            }
        }
        return options.print(spec, stats, StatsCommand::print);
    }

    private static void print(PrintWriter out, JsonNode s) {
        out.println("Source: " + s.path("source").asText()
                + (s.has("sessions") ? "  sessions " + s.get("sessions").asText() + "  associations "
                        + s.path("associations").asText() : ""));
        if (s.has("forwarded")) {
            out.println();
            out.println("Forwarded (inner IP bytes)");
            Table t = new Table("DIRECTION", "PACKETS", "BYTES");
            s.path("forwarded").forEach(c -> t.row(c.get("direction"), c.get("packets"), c.get("bytes")));
            t.print(out);
        }
        out.println();
        out.println("Data-path drops");
        reasons(s.path("drops")).print(out);
        out.println();
        out.println("Control-path hand-overs");
        reasons(s.path("controlPath")).print(out);
        if (s.has("programs")) {
            out.println();
            out.println("XDP programs (kernel run statistics " + s.path("runStats").asText() + ")");
            Table t = new Table("PROGRAM", "ID", "ROLES", "RUNS", "RUN TIME NS", "AVERAGE NS");
            s.path("programs").forEach(p -> t.row(p.get("program"), p.get("id"), p.get("roles"), p.get("runCount"),
                    p.get("runTimeNanos"), p.get("averageNanos")));
            t.print(out);
        }
    }

    private static Table reasons(JsonNode counters) {
        Table t = new Table("REASON", "PACKETS", "BYTES");
        counters.forEach(c -> t.row(c.get("reason"), c.get("packets"), c.get("bytes")));
        return t;
    }
}
