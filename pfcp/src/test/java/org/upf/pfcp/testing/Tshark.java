package org.upf.pfcp.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wireshark's PFCP dissector (packet-pfcp.c, via tshark) as an independent oracle. One run reads a whole
 * capture (tshark starts in about a second, so tests put all their messages in one file) and returns,
 * per frame, every occurrence of each requested field in dissection order, plus the expert infos.
 */
public final class Tshark {
    /** Expert info severity (epan/proto.h PI_ERROR): malformed fields, wrong lengths. */
    public static final String SEVERITY_ERROR = "8388608";
    public static final String EXPERT_SEVERITY = "_ws.expert.severity";
    public static final String EXPERT_MESSAGE = "_ws.expert.message";
    public static final String MALFORMED = "_ws.malformed";
    private static final String AGGREGATOR = "|";

    private Tshark() {
    }

    /** For each frame, field name to all its values (empty list if absent). */
    public static List<Map<String, List<String>>> fields(Path pcap, List<String> fields) {
        return fields(pcap, fields, null);
    }

    /** As {@link #fields(Path, List)} for the frames matching a display filter (e.g. "pfcp && !icmp"). */
    public static List<Map<String, List<String>>> fields(Path pcap, List<String> fields, String displayFilter) {
        List<String> all = new ArrayList<>(fields);
        all.addAll(List.of(EXPERT_SEVERITY, EXPERT_MESSAGE, MALFORMED));
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=" + AGGREGATOR));
        if (displayFilter != null) {
            cmd.addAll(List.of("-Y", displayFilter));
        }
        for (String f : all) {
            cmd.add("-e");
            cmd.add(f);
        }
        List<Map<String, List<String>>> frames = new ArrayList<>();
        for (String line : ExternalTool.run(cmd).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            Map<String, List<String>> frame = new LinkedHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                String v = i < cols.length ? cols[i] : "";
                frame.put(all.get(i), v.isEmpty() ? List.of() : Arrays.asList(v.split("\\" + AGGREGATOR, -1)));
            }
            frames.add(frame);
        }
        return frames;
    }

    /** The expert infos of severity error (and malformed markers) in a frame's fields. */
    public static List<String> errors(Map<String, List<String>> frame) {
        List<String> errors = new ArrayList<>();
        List<String> severities = frame.get(EXPERT_SEVERITY);
        List<String> messages = frame.get(EXPERT_MESSAGE);
        for (int i = 0; i < severities.size(); i++) {
            if (SEVERITY_ERROR.equals(severities.get(i))) {
                errors.add(i < messages.size() ? messages.get(i) : "expert error");
            }
        }
        if (!frame.get(MALFORMED).isEmpty()) {
            errors.add("malformed packet");
        }
        return errors;
    }
}
