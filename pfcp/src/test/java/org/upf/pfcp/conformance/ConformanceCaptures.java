package org.upf.pfcp.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upf.pfcp.pcap.CaptureReader;
import org.upf.pfcp.pcap.UdpDatagram;
import org.upf.pfcp.pcap.UdpExtractor;

/**
 * The real PFCP captures in src/test/resources/conformance (origins in SOURCES.md) and the number of PFCP
 * messages tshark 4.0 finds in each outside ICMP errors ({@code tshark -r FILE -Y 'pfcp && !icmp && !icmpv6'}):
 * a PFCP datagram quoted inside an ICMP port-unreachable is not a received message.
 */
public final class ConformanceCaptures {
    public static final int PFCP_PORT = 8805;

    /** File name to the PFCP message count tshark reports. */
    public static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("go-pfcp-pfcp.pcap", 2);
        EXPECTED.put("local-scapy-vs-open5gs.pcapng", 14);
        EXPECTED.put("open5gs-5g-roaming-hr.pcapng", 36);
        EXPECTED.put("open5gs-5g-roaming-lbo.pcapng", 22);
        EXPECTED.put("open5gs-srsenb.pcapng", 38);
        EXPECTED.put("open5gs-testattach.pcapng", 137);
        EXPECTED.put("open5gs-testcups.pcapng", 216);
        EXPECTED.put("open5gs-testregistration.pcapng", 149);
    }

    private ConformanceCaptures() {
    }

    /** The UDP datagrams to or from port 8805 in a capture. */
    public static List<UdpDatagram> pfcpDatagrams(String file) {
        try (InputStream in = ConformanceCaptures.class.getResourceAsStream("/conformance/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource conformance/" + file);
            }
            return UdpExtractor.udp(CaptureReader.read(in.readAllBytes()), PFCP_PORT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PFCP datagram payload of every capture (seeds for fuzzing). */
    public static List<byte[]> allPayloads() {
        List<byte[]> out = new ArrayList<>();
        for (String f : EXPECTED.keySet()) {
            for (UdpDatagram d : pfcpDatagrams(f)) {
                out.add(d.payload());
            }
        }
        return out;
    }
}
