package org.upf.pfcp.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.PfcpMessages;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Groups;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeClauses;
import org.upf.pfcp.ie.IeRegistry;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OctetsIe;

/**
 * docs/pfcp-conformance.md's message and IE tables are generated from the codec itself (message types,
 * typed classes, mandatory IEs, the registry's decoders); this test fails when they drift. Regenerate with
 * {@code mvn -pl pfcp test -Dtest=ConformanceDocTest -Dpfcp.writeDocs=true}.
 */
class ConformanceDocTest {
    private static final Path DOC = Path.of("..", "docs", "pfcp-conformance.md");
    private static final IeRegistry REGISTRY = IeRegistry.standard();

    static String messageTable() {
        StringBuilder sb = new StringBuilder("| Type | Message | Clause | Class | Mandatory IEs checked |\n")
                .append("|---:|---|---|---|---|\n");
        for (PfcpMessageType t : PfcpMessageType.values()) {
            PfcpMessage m = PfcpMessages.create(PfcpHeader.of(t, 0, 0), List.of());
            sb.append("| ").append(t.code()).append(" | PFCP ").append(t.displayName()).append(" | ")
                    .append(t.clause()).append(" | `").append(m.getClass().getSimpleName()).append("` | ")
                    .append(t.mandatoryIes().stream().map(IeType::displayName).collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        return sb.toString();
    }

    static String ieTable() {
        StringBuilder sb = new StringBuilder("| Type | IE | Clause | Support |\n|---:|---|---|---|\n");
        for (IeType t : IeType.values()) {
            sb.append("| ").append(t.code()).append(" | ").append(t.displayName().replace("|", "/")).append(" | ")
                    .append(IeClauses.of(t.code())).append(" | ").append(support(t)).append(" |\n");
        }
        return sb.toString();
    }

    private static String support(IeType t) {
        if (t.isGrouped()) {
            GroupedIe g = Groups.of(t, List.of());
            List<IeType> m = Groups.MANDATORY_CHILDREN.get(t);
            String s = "grouped, decoded recursively"
                    + (g.getClass() != GroupedIe.class ? "; typed `" + g.getClass().getSimpleName() + "`" : "");
            return m == null ? s : s + "; mandatory: " + m.stream().map(IeType::displayName)
                    .collect(Collectors.joining(", "));
        }
        if (!REGISTRY.isTyped(t.code())) {
            return "kept verbatim (opaque octets)";
        }
        Class<?> c = decodedClass(t);
        return c == OctetsIe.class ? "typed: octet string / text (`OctetsIe`)" : "typed: `" + c.getSimpleName() + "`";
    }

    private static Class<?> decodedClass(IeType t) {
        for (int fill : new int[] {0x00, 0x01, 0x02, 0xFF}) {
            byte[] v = new byte[64];
            Arrays.fill(v, (byte) fill);
            byte[] ie = java.nio.ByteBuffer.allocate(68).putShort((short) t.code()).putShort((short) 64).put(v).array();
            byte[] msg = java.nio.ByteBuffer.allocate(16 + 68).put((byte) 0x20).put((byte) 1).putShort((short) 80)
                    .put(new byte[] {0, 0, 1, 0}).put(org.upf.pfcp.ie.Hex.parse("00600004e5a1b2c3")).put(ie).array();
            try {
                Ie decoded = PfcpCodec.decode(Unpooled.wrappedBuffer(msg)).ies().get(1).unwrap();
                return decoded.getClass();
            } catch (PfcpDecodeException e) {
                // try the next fill pattern
            }
        }
        throw new AssertionError("no sample decodes for " + t);
    }

    private static String replaceSection(String doc, String name, String content) {
        String begin = "<!-- BEGIN GENERATED " + name + " -->\n";
        String end = "<!-- END GENERATED " + name + " -->";
        int b = doc.indexOf(begin);
        int e = doc.indexOf(end);
        assertThat(b).as("marker %s in %s", begin.trim(), DOC).isNotNegative();
        return doc.substring(0, b + begin.length()) + content + doc.substring(e);
    }

    @Test
    void generatedTablesMatchTheDoc() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String expected = replaceSection(replaceSection(doc, "messages", messageTable()), "ies", ieTable());
        if (Boolean.getBoolean("pfcp.writeDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
            doc = expected;
        }
        assertThat(doc).as("regenerate with -Dpfcp.writeDocs=true").isEqualTo(expected);
    }
}
