package org.upf.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code upf sessions}: the running agent's PFCP sessions, one line each; {@code show SEID} for one in full. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"List the running agent's PFCP sessions: SEIDs, SMF, UE addresses, rule counts and the"
                + " packets/bytes their URRs counted per direction, in SEID order, a page at a time (--limit; the"
                + " last line names the --after of the next page). --seid and --smf select sessions; only the"
                + " sessions listed are read, so one SEID of a million costs one.",
            "Reads the agent's local API (api.address)."},
        subcommands = {SessionShowCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:the agent's API is unreachable or failed", "2:usage error"})
final class SessionsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentOptions options;

    @Option(names = "--seid", paramLabel = "SEID", description = "only this session (hex 0x... or decimal)")
    private String seid;

    @Option(names = "--smf", paramLabel = "ADDRESS", description = "only the sessions of the SMF at this address")
    private String smf;

    @Option(names = "--after", paramLabel = "SEID", description = "start after this SEID (the next page)")
    private String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "at most N sessions (default: ${DEFAULT-VALUE}; 0: count only)")
    private int limit;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative, was " + limit);
        }
        StringBuilder query = new StringBuilder("/api/sessions?limit=").append(limit);
        param(query, "seid", seid);
        param(query, "smf", smf);
        param(query, "after", after);
        JsonNode body;
        try {
            body = options.client().get(query.toString());
        } catch (AgentClient.Unreachable | AgentClient.Refused e) {
            spec.commandLine().getErr().println("upf sessions: " + e.getMessage());
            return AgentOptions.FAILED;
        }
        return options.print(spec, body, SessionsCommand::print);
    }

    private static void param(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static void print(PrintWriter out, JsonNode body) {
        Table t = new Table("SEID", "CP SEID", "SMF", "UE IPV4", "UE IPV6 PREFIX", "PDRS", "FARS", "QERS", "URRS",
                "UL PACKETS", "UL BYTES", "DL PACKETS", "DL BYTES");
        for (JsonNode s : body.path("sessions")) {
            t.row(s.get("seid"), s.get("cpSeid"), s.get("smf"), s.get("ueIpv4"), s.get("ueIpv6Prefix"),
                    s.get("pdrs"), s.get("fars"), s.get("qers"), s.get("urrs"), s.get("uplinkPackets"),
                    s.get("uplinkBytes"), s.get("downlinkPackets"), s.get("downlinkBytes"));
        }
        t.print(out);
        int shown = body.path("sessions").size();
        int matching = body.path("matching").asInt(shown);
        out.println(shown == matching ? shown + " sessions" : shown + " of " + matching + " sessions"
                + (body.has("next") ? "; next page: --after " + body.get("next").asText() : ""));
    }
}
