package org.upf.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code upf sessions}: the running agent's PFCP sessions, one line each; {@code show SEID} for one in full. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"List the running agent's PFCP sessions: SEIDs, SMF, UE addresses, rule counts and the"
                + " packets/bytes their URRs counted per direction.",
            "Reads the agent's local API (api.address)."},
        subcommands = {SessionShowCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:the agent's API is unreachable or failed", "2:usage error"})
final class SessionsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentOptions options;

    @Override
    public Integer call() {
        JsonNode body;
        try {
            body = options.client().get("/api/sessions");
        } catch (AgentClient.Unreachable | AgentClient.Refused e) {
            spec.commandLine().getErr().println("upf sessions: " + e.getMessage());
            return AgentOptions.FAILED;
        }
        return options.print(spec, body, SessionsCommand::print);
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
        out.println(body.path("sessions").size() + " sessions");
    }
}
