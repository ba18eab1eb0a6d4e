package org.upf.pfcp.testing;

import java.util.HexFormat;
import java.util.List;

/**
 * Scapy's PFCP layers ({@code scapy.contrib.pfcp}, Debian python3-scapy 2.5 run by /usr/bin/python3) as a
 * peer with its own input style: Release 15 layouts, 1-octet Apply Action, 2-octet Reporting Triggers and
 * UP Function Features. Builds the bytes of each expression in one interpreter run (import takes ~1 s).
 */
public final class Scapy {
    private static final String PYTHON = "/usr/bin/python3";

    private Scapy() {
    }

    /** The bytes of each Scapy expression, e.g. {@code PFCP(seq=1)/PFCPHeartbeatRequest(...)}. */
    public static List<byte[]> build(List<String> expressions) {
        StringBuilder script = new StringBuilder("import logging\n"
                + "logging.getLogger('scapy').setLevel(logging.ERROR)\n"
                + "from scapy.all import *\nfrom scapy.contrib.pfcp import *\n");
        for (String e : expressions) {
            script.append("print(bytes(").append(e).append(").hex())\n");
        }
        return ExternalTool.run(List.of(PYTHON, "-c", script.toString())).lines()
                .map(HexFormat.of()::parseHex).toList();
    }
}
