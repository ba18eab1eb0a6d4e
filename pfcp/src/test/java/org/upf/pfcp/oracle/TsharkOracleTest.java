package org.upf.pfcp.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.testing.PfcpExamples;
import org.upf.pfcp.testing.PfcpPcapWriter;
import org.upf.pfcp.testing.Tshark;

/**
 * Oracle test against Wireshark's PFCP dissector: every message type, fully populated
 * ({@link PfcpExamples}), is encoded, written to one pcap (frame i = message type i in enum order) and
 * dissected by a single tshark run. Each frame must dissect without malformed or expert-error entries,
 * and the key fields (header, IE types in wire order, cause, SEIDs, F-TEID, UE IP, rule IDs, apply
 * action, outer header creation, MBR/GBR, volume threshold...) must equal what the codec encoded.
 */
class TsharkOracleTest {
    private static final List<PfcpMessageType> TYPES = List.of(PfcpMessageType.values());
    private static final Set<String> COMPARED = new HashSet<>();
    private static Path pcap;
    private static List<Map<String, List<String>>> dissected;

    @BeforeAll
    static void dissectAllExamples() throws IOException {
        Map<PfcpMessageType, PfcpMessage> examples = PfcpExamples.all();
        List<byte[]> wire = new ArrayList<>();
        for (PfcpMessageType t : TYPES) {
            wire.add(PfcpCodec.encode(examples.get(t)));
        }
        wire.add(PfcpCodec.encode(PfcpExamples.maxIds()));
        pcap = PfcpPcapWriter.write(Files.createTempFile("pfcp-oracle-", ".pcap"), wire);
        dissected = Tshark.fields(pcap, TsharkExpectations.FIELDS);
    }

    @AfterAll
    static void deletePcap() throws IOException {
        Files.deleteIfExists(pcap);
    }

    @ParameterizedTest
    @EnumSource(PfcpMessageType.class)
    void tsharkDissectsWhatWasEncoded(PfcpMessageType type) {
        byte[] wire = PfcpCodec.encode(PfcpExamples.all().get(type));
        PfcpMessage decoded = PfcpCodec.decode(wire);
        assertThat(PfcpCodec.encode(decoded)).as("re-encoding").isEqualTo(wire);

        assertDissectedAs(dissected.get(TYPES.indexOf(type)), decoded);
    }

    /** PDR ID 65535, FAR/URR/QER ID 0xFFFFFFFF, SEID 2^64-1, ... (open5gs #4169): both sides agree. */
    @Test
    void maximumIdsDissectAsEncoded() {
        byte[] wire = PfcpCodec.encode(PfcpExamples.maxIds());
        PfcpMessage decoded = PfcpCodec.decode(wire);
        assertThat(PfcpCodec.encode(decoded)).isEqualTo(wire);
        Map<String, List<String>> frame = dissected.get(TYPES.size());
        assertDissectedAs(frame, decoded);
        assertThat(frame.get("pfcp.pdr_id")).containsExactly("65535");
        for (String rule : List.of("far", "urr", "qer")) { // bit 32 is the "predefined rule" flag (§8.2.74)
            assertThat(frame.get("pfcp." + rule + "_id")).containsExactly("2147483647", "2147483647");
            assertThat(frame.get("pfcp." + rule + "_id_flg")).containsExactly("1", "1");
        }
        assertThat(frame.get("pfcp.seid")).containsExactly("0xffffffffffffffff", "0xffffffffffffffff");
        assertThat(frame.get("pfcp.seqno")).containsExactly("16777215");
    }

    private static void assertDissectedAs(Map<String, List<String>> frame, PfcpMessage decoded) {
        assertThat(dissected).hasSize(TYPES.size() + 1);
        assertThat(Tshark.errors(frame)).as("tshark expert errors / malformed").isEmpty();
        for (Map.Entry<String, List<String>> e : TsharkExpectations.of(decoded).entrySet()) {
            List<String> actual = frame.get(e.getKey()).stream().map(TsharkOracleTest::canonical).toList();
            assertThat(actual).as("%s in %s", e.getKey(), decoded.type()).isEqualTo(e.getValue());
            if (!e.getValue().isEmpty()) {
                synchronized (COMPARED) {
                    COMPARED.add(e.getKey());
                }
            }
        }
    }

    /** Guards the oracle itself: every key field was compared with a non-empty value somewhere. */
    @Test
    void everyKeyFieldIsCompared() {
        for (PfcpMessageType t : TYPES) {
            tsharkDissectsWhatWasEncoded(t);
        }
        assertThat(COMPARED).containsAll(TsharkExpectations.FIELDS);
    }

    @Test
    void examplesCarryTheRealisticValues() {
        Map<String, List<String>> ser = dissected.get(TYPES.indexOf(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST));
        assertThat(ser.get("pfcp.f_teid.teid")).contains(String.format("0x%08x", PfcpExamples.UL_TEID));
        assertThat(ser.get("pfcp.ue_ip_addr_ipv4")).contains("198.19.0.10");
        assertThat(ser.get("pfcp.outer_hdr_creation.teid")).contains(String.format("0x%08x", PfcpExamples.DL_TEID));
        assertThat(ser.get("pfcp.ul_mbr")).contains(Long.toString(PfcpExamples.MBR_UL_KBPS));
        assertThat(ser.get("pfcp.dl_mbr")).contains(Long.toString(PfcpExamples.MBR_DL_KBPS));
        assertThat(ser.get("pfcp.volume_threshold.tovol")).contains(Long.toString(PfcpExamples.VOLUME_OCTETS));
        assertThat(ser.get("pfcp.apply_action.forw")).containsOnly("1");
    }

    /** The oracle can fail: a Recovery Time Stamp cut to 3 octets (§8.2.65 needs 4) is an expert error. */
    @Test
    void tsharkReportsAMalformedIe() throws IOException {
        byte[] wire = PfcpCodec.encode(PfcpExamples.all().get(PfcpMessageType.HEARTBEAT_REQUEST));
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 1);
        cut[3]--; // Message Length
        cut[cut.length - 4]--; // IE Length
        Path bad = PfcpPcapWriter.write(Files.createTempFile("pfcp-oracle-bad-", ".pcap"), List.of(cut));
        try {
            assertThat(Tshark.errors(Tshark.fields(bad, List.of("pfcp.msg_type")).get(0))).isNotEmpty();
        } finally {
            Files.delete(bad);
        }
    }

    /** tshark prints IPv6 addresses compressed; ours come from InetAddress. */
    static String canonical(String value) {
        if (value.indexOf(':') > 0 && !value.startsWith("0x")) {
            try {
                return InetAddress.getByName(value).getHostAddress();
            } catch (IOException e) {
                return value;
            }
        }
        return value;
    }
}
