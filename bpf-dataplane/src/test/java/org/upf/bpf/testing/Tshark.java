package org.upf.bpf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.upf.bpf.netns.Command;

/**
 * tshark (Wireshark's dissectors) as an independent oracle: decodes frames written with
 * {@link PcapWriter} and returns selected fields, or the expert infos Wireshark raised.
 */
public final class Tshark {
    private Tshark() {}

    /**
     * Field values per frame, e.g. {@code fields(frames, "gtp.teid", "ip.checksum.status")}. Values of a
     * field that occurs more than once in a frame (nested headers) are comma-separated, outer first.
     */
    public static List<List<String>> fields(List<byte[]> frames, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : run(frames, cmd).split("\n", -1)) {
            if (!line.isEmpty()) {
                rows.add(Arrays.asList(line.split("\t", -1)));
            }
        }
        return rows;
    }

    /** Expert info lines (warnings and errors: malformed, bad checksum...) over all frames. */
    public static List<String> expertProblems(List<byte[]> frames) {
        String out = run(frames, List.of("-z", "expert,warn", "-q"));
        List<String> problems = new ArrayList<>();
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (t.matches("^\\d+\\s+\\S+\\s+\\S+.*") && !t.startsWith("Frequency")) {
                problems.add(t);
            }
        }
        return problems;
    }

    private static String run(List<byte[]> frames, List<String> args) {
        try {
            Path pcap = Files.createTempFile("upf-tshark-", ".pcap");
            try {
                PcapWriter.write(pcap, PcapWriter.LINKTYPE_ETHERNET, frames);
                List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(),
                        "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                        "-o", "tcp.check_checksum:TRUE"));
                cmd.addAll(args);
                return Command.run(cmd);
            } finally {
                Files.deleteIfExists(pcap);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
