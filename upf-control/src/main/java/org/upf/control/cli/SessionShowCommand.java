package org.upf.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.upf.control.api.AgentApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upf sessions show SEID}: one session's PDRs, FARs, QERs and URRs with the URR counters. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one session of the running agent: its PDR/FAR/QER/URR as applied and each URR's"
                + " packets/bytes per direction.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:no such session, or the agent's API is unreachable", "2:usage error"})
final class SessionShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentOptions options;

    @Parameters(index = "0", paramLabel = "SEID", description = "the UPF's SEID: hex 0x... (as listed) or decimal")
    private String seid;

    @Override
    public Integer call() {
        long id;
        try {
            id = AgentApi.parseSeid(seid);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "\"" + seid + "\" is not a SEID (hex 0x... or decimal)");
        }
        JsonNode s;
        try {
            s = options.client().get("/api/sessions/" + Long.toUnsignedString(id));
        } catch (AgentClient.Unreachable | AgentClient.Refused e) {
            spec.commandLine().getErr().println("upf sessions show: " + e.getMessage());
            return AgentOptions.FAILED;
        }
        return options.print(spec, s, SessionShowCommand::print);
    }

    private static void print(PrintWriter out, JsonNode s) {
        out.println("Session " + s.path("seid").asText() + "  CP SEID " + s.path("cpSeid").asText() + "  SMF "
                + s.path("smf").asText() + " (" + s.path("cpAddress").asText() + ")  slot " + s.path("slot").asInt());
        out.println("UE IPv4 " + text(s.get("ueIpv4")) + "  UE IPv6 prefix " + text(s.get("ueIpv6Prefix")));
        Table pdrs = new Table("PDR", "PRECEDENCE", "SOURCE", "TEID", "UE IP", "NETWORK INSTANCE", "QFI", "SDF FILTER",
                "OUTER HEADER REMOVAL", "FAR", "QERS", "URRS");
        s.path("pdrs").forEach(p -> pdrs.row(p.get("id"), p.get("precedence"), p.get("sourceInterface"), p.get("teid"),
                p.get("ueIp"), p.get("networkInstance"), p.get("qfi"), p.get("sdf"), p.get("outerHeaderRemoval"),
                p.get("far"), p.get("qers"), p.get("urrs")));
        Table fars = new Table("FAR", "APPLY ACTION", "DESTINATION", "OUTER HEADER CREATION", "TOS");
        s.path("fars").forEach(f -> fars.row(f.get("id"), f.get("applyAction"), f.get("destination"),
                f.get("outerHeaderCreation"), f.get("tos")));
        Table qers = new Table("QER", "GATE UL", "GATE DL", "MBR UL KBPS", "MBR DL KBPS", "GBR UL KBPS", "GBR DL KBPS",
                "QFI");
        s.path("qers").forEach(q -> qers.row(q.get("id"), q.get("gateUplink"), q.get("gateDownlink"),
                q.path("mbr").get("uplinkKbps"), q.path("mbr").get("downlinkKbps"), q.path("gbr").get("uplinkKbps"),
                q.path("gbr").get("downlinkKbps"), q.get("qfi")));
        Table urrs = new Table("URR", "MEASUREMENT", "TRIGGERS", "VOLUME THRESHOLD", "TIME THRESHOLD S", "UL PACKETS",
                "UL BYTES", "DL PACKETS", "DL BYTES");
        s.path("urrs").forEach(u -> urrs.row(u.get("id"), u.get("measurementMethod"), u.get("reportingTriggers"),
                u.get("volumeThresholdBytes"), u.get("timeThresholdSeconds"), u.get("uplinkPackets"),
                u.get("uplinkBytes"), u.get("downlinkPackets"), u.get("downlinkBytes")));
        section(out, pdrs);
        section(out, fars);
        section(out, qers);
        section(out, urrs);
    }

    private static void section(PrintWriter out, Table t) {
        if (!t.isEmpty()) {
            out.println();
            t.print(out);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "-" : n.asText();
    }
}
