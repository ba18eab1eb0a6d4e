package org.upf.pfcp.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.conformance.ConformanceCaptures;
import org.upf.pfcp.pcap.UdpDatagram;
import org.upf.pfcp.testing.Tshark;

/**
 * Wireshark as an oracle on the real captures: for every PFCP datagram of every conformance capture, the
 * IE types in wire order and the key field values tshark dissects equal what our decoder makes of the same
 * octets (one tshark run per capture). Complements the byte-exact re-encoding check of
 * {@code CaptureConformanceTest}: a message can re-encode exactly and still be misread.
 */
class TsharkCaptureOracleTest {
    private static final String FRAME = "frame.number";

    @TempDir
    static Path dir;

    static List<String> captures() {
        return List.copyOf(ConformanceCaptures.EXPECTED.keySet());
    }

    @ParameterizedTest
    @MethodSource("captures")
    void tsharkReadsEveryCapturedMessageAsWeDo(String capture) throws IOException {
        Path file = dir.resolve(capture);
        try (InputStream in = ConformanceCaptures.class.getResourceAsStream("/conformance/" + capture)) {
            Files.copy(in, file);
        }
        List<String> fields = new ArrayList<>(List.of(FRAME));
        fields.addAll(TsharkExpectations.FIELDS);
        Map<Integer, Map<String, List<String>>> byFrame = new HashMap<>();
        for (Map<String, List<String>> row : Tshark.fields(file, fields, "pfcp && !icmp && !icmpv6")) {
            byFrame.put(Integer.parseInt(row.get(FRAME).get(0)), row);
        }
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (UdpDatagram d : ConformanceCaptures.pfcpDatagrams(capture)) {
            Map<String, List<String>> row = byFrame.get(d.frame().number());
            assertThat(row).as("tshark sees PFCP in frame %d", d.frame().number()).isNotNull();
            assertThat(Tshark.errors(row)).as("frame %d", d.frame().number()).isEmpty();
            Map<String, List<String>> expected = expectations(d.payload());
            for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                List<String> actual = row.get(e.getKey()).stream().map(TsharkOracleTest::canonical).toList();
                if (!actual.equals(e.getValue())) {
                    mismatches.add("frame " + d.frame().number() + " " + e.getKey() + ": ours " + e.getValue()
                            + ", tshark " + actual);
                }
            }
            compared++;
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).isEqualTo(byFrame.size());
    }

    /** Our expectations for every message of a datagram (FO chains concatenated, as tshark aggregates). */
    private static Map<String, List<String>> expectations(byte[] datagram) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        while (buf.isReadable()) {
            PfcpMessage m = PfcpCodec.decode(buf);
            TsharkExpectations.of(m).forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            if (!m.header().followOn()) {
                break;
            }
        }
        return all;
    }
}
