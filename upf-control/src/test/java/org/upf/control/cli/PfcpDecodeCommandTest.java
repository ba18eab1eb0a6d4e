package org.upf.control.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.conformance.ConformanceCaptures;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.testing.PfcpExamples;
import org.upf.pfcp.testing.PfcpPcapWriter;
import picocli.CommandLine;

/** {@code upf pfcp decode} run in-process through picocli on the real captures and on broken ones. */
class PfcpDecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int exitCode, List<JsonNode> lines, String err) {
    }

    private static Run upf(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Upf.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Run(code, lines, err.toString());
    }

    private Path capture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = ConformanceCaptures.class.getResourceAsStream("/conformance/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void everyConformanceCaptureDecodesWithOneIdenticalLinePerMessage() throws IOException {
        for (Map.Entry<String, Integer> e : ConformanceCaptures.EXPECTED.entrySet()) {
            Run run = upf("pfcp", "decode", capture(e.getKey()).toString());
            assertThat(run.exitCode()).as(e.getKey() + ": " + run.err()).isZero();
            assertThat(run.lines()).as(e.getKey()).hasSize(e.getValue());
            assertThat(run.err()).isEqualTo(e.getValue() + " PFCP messages, 0 failed" + System.lineSeparator());
            for (JsonNode line : run.lines()) {
                assertThat(line.path("reencode").asText()).as(line.toString()).isEqualTo("identical");
                assertThat(line.has("error")).isFalse();
                assertThat(line.path("frame").asInt()).isPositive();
                assertThat(line.path("dst").asText()).contains(":");
                assertThat(PfcpMessageType.forCode(line.path("typeCode").asInt()).displayName())
                        .isEqualTo(line.path("type").asText());
            }
        }
    }

    @Test
    void printsHeaderAndIeTreeWithNamesAndValues() throws IOException {
        Path pcap = PfcpPcapWriter.write(dir.resolve("ser.pcap"),
                List.of(PfcpCodec.encode(PfcpExamples.all().get(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST))));
        Run run = upf("pfcp", "decode", pcap.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode m = run.lines().get(0);
        assertThat(m.path("frame").asInt()).isEqualTo(1);
        assertThat(m.path("src").asText()).isEqualTo("198.18.0.1:8805");
        assertThat(m.path("dst").asText()).isEqualTo("198.18.0.2:8805");
        assertThat(m.path("type").asText()).isEqualTo("Session Establishment Request");
        assertThat(m.path("seid").asText()).isEqualTo(String.format("0x%016x", PfcpExamples.UP_SEID));
        JsonNode ies = m.path("ies");
        assertThat(ies.get(0).path("name").asText()).isEqualTo("Node ID");
        assertThat(ies.get(0).path("fields").path("value").asText()).isEqualTo("198.18.0.1");
        JsonNode pdr = ies.get(2);
        assertThat(pdr.path("name").asText()).isEqualTo("Create PDR");
        assertThat(pdr.path("ies").get(0).path("name").asText()).isEqualTo("PDR ID");
        assertThat(pdr.path("ies").get(0).path("fields").path("value").asInt()).isEqualTo(1);
        JsonNode pdi = pdr.path("ies").get(2);
        assertThat(pdi.path("type").asInt()).isEqualTo(IeType.PDI.code());
        assertThat(pdi.toString()).contains("\"teid\":" + PfcpExamples.UL_TEID).contains("198.19.0.10");
    }

    @Test
    void corruptedMessageIsReportedWithCauseOffsetAndIeAndExitsOne() throws IOException {
        byte[] good = PfcpCodec.encode(PfcpExamples.all().get(PfcpMessageType.HEARTBEAT_REQUEST));
        byte[] bad = good.clone();
        bad[bad.length - 5]++; // Recovery Time Stamp IE length 5: runs past the message end
        Path pcap = PfcpPcapWriter.write(dir.resolve("bad.pcap"), List.of(good, bad, good));
        Run run = upf("pfcp", "decode", pcap.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(3);
        assertThat(run.err()).startsWith("3 PFCP messages, 1 failed");
        assertThat(run.lines().get(0).path("reencode").asText()).isEqualTo("identical");
        assertThat(run.lines().get(2).path("reencode").asText()).isEqualTo("identical");
        JsonNode line = run.lines().get(1);
        assertThat(line.path("frame").asInt()).isEqualTo(2);
        assertThat(line.path("type").asText()).isEqualTo("Heartbeat Request");
        JsonNode error = line.path("error");
        assertThat(error.path("cause").asInt()).isEqualTo(PfcpCause.INVALID_LENGTH.code());
        assertThat(error.path("ie").asInt()).isEqualTo(IeType.RECOVERY_TIME_STAMP.code());
        assertThat(error.path("ieName").asText()).isEqualTo("Recovery Time Stamp");
        assertThat(error.path("offset").asInt()).isEqualTo(8);
        assertThat(error.path("expectedLength").asInt()).isEqualTo(5);
        assertThat(error.path("actualLength").asInt()).isEqualTo(4);
    }

    @Test
    void corruptedCaptureFileExitsOne() throws IOException {
        byte[] real = Files.readAllBytes(capture("open5gs-srsenb.pcapng"));
        Path garbage = dir.resolve("garbage.pcapng");
        Files.write(garbage, java.util.Arrays.copyOfRange(real, 4, real.length));
        Run run = upf("pfcp", "decode", garbage.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("garbage.pcapng").contains("not a pcap");
        assertThat(upf("pfcp", "decode", dir.resolve("missing.pcap").toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void hexDatagramFromALogDecodesIncludingFollowOnMessages() throws IOException {
        byte[] hb = PfcpCodec.encode(PfcpExamples.all().get(PfcpMessageType.HEARTBEAT_REQUEST));
        String hex = Hex.of(hb);
        Run one = upf("pfcp", "decode", "--hex", hex.substring(0, 8) + " " + hex.substring(8));
        assertThat(one.exitCode()).isZero();
        assertThat(one.lines()).hasSize(1);
        assertThat(one.lines().get(0).has("frame")).isFalse();
        assertThat(one.lines().get(0).path("type").asText()).isEqualTo("Heartbeat Request");
        assertThat(one.lines().get(0).path("reencode").asText()).isEqualTo("identical");

        byte[] first = hb.clone();
        first[0] |= 0x04; // FO: another message follows in the datagram (TS 29.244 §7.2.2.1)
        Run chained = upf("pfcp", "decode", "--hex", Hex.of(first) + hex);
        assertThat(chained.exitCode()).isZero();
        assertThat(chained.lines()).hasSize(2);
        assertThat(chained.lines().get(0).path("followOn").asBoolean()).isTrue();
        assertThat(chained.lines().get(1).path("index").asInt()).isEqualTo(1);

        Run bad = upf("pfcp", "decode", "--hex", hex.substring(0, 20));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.lines().get(0).path("error").path("problem").asText()).isEqualTo("INVALID_MESSAGE_LENGTH");
        assertThat(upf("pfcp", "decode", "--hex", "20z1").exitCode()).isEqualTo(2);
        assertThat(upf("pfcp", "decode", "--hex", hex, "file.pcap").exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsTheCommandsAndUsageErrorsExitTwo() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cmd = Upf.commandLine();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString()).contains("pfcp").contains("Commands:");
        assertThat(upf().exitCode()).isEqualTo(2);
        assertThat(upf("pfcp", "decode").exitCode()).isEqualTo(2);
    }
}
