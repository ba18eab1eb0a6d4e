package org.upf.bpf.testing;

import java.util.HexFormat;
import java.util.List;
import org.upf.bpf.netns.Command;

/**
 * Scapy (Debian's python3-scapy, run by /usr/bin/python3) as an independent oracle: builds the bytes
 * of a Scapy expression such as {@code Ether()/IP(dst="198.18.0.2")/UDP()} including
 * {@code scapy.contrib.gtp} layers (GTP_U_Header, GTPPDUSessionContainer).
 */
public final class Scapy {
    private static final String PYTHON = "/usr/bin/python3";

    private Scapy() {}

    /** The bytes Scapy builds for {@code expression}. */
    public static byte[] build(String expression) {
        return buildAll(List.of(expression)).get(0);
    }

    /** The bytes of each expression, in one interpreter run (Scapy takes a second to import). */
    public static List<byte[]> buildAll(List<String> expressions) {
        StringBuilder script = new StringBuilder("from scapy.all import *\n"
                + "from scapy.contrib.gtp import GTP_U_Header, GTPPDUSessionContainer\n");
        for (String e : expressions) {
            script.append("print(bytes(").append(e).append(").hex())\n");
        }
        String out = Command.run(List.of(PYTHON, "-c", script.toString()));
        return out.lines().map(HexFormat.of()::parseHex).toList();
    }
}
