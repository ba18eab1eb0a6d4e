package org.upf.bench.pfcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.upf.pfcp.pcap.CaptureFrame;
import org.upf.pfcp.pcap.CaptureReader;
import org.upf.pfcp.pcap.UdpDatagram;
import org.upf.pfcp.pcap.UdpExtractor;

/**
 * PFCP messages an SMF really sent, read with the project's capture reader from the pfcp module's conformance
 * corpus (its test-jar): {@value #CAPTURE}, an open5gs SMF talking to an open5gs UPF (origin in that directory's
 * SOURCES.md).
 */
public final class CapturedMessages {
    static final String CAPTURE = "/conformance/open5gs-5g-roaming-lbo.pcapng";

    /**
     * Frame 2433, Session Establishment Request (664 octets): Node ID, CP F-SEID, 4 Create PDR, 3 Create FAR,
     * Create URR, Create QER, Create BAR, PDN Type, User ID, APN/DNN, S-NSSAI.
     */
    public static final String SESSION_ESTABLISHMENT = "session_establishment";
    /**
     * Frame 2462, Session Modification Request (86 octets): one Update FAR (FORW, Update Forwarding Parameters
     * with Outer Header Creation GTP-U/IPv4/IPv6 towards the gNB), as sent once the gNB's tunnel is known.
     */
    public static final String SESSION_MODIFICATION = "session_modification";

    private CapturedMessages() {}

    /** The message's octets (the UDP payload), from the PFCP header on. */
    public static byte[] load(String name) {
        return switch (name) {
            case SESSION_ESTABLISHMENT -> frame(2433);
            case SESSION_MODIFICATION -> frame(2462);
            default -> throw new IllegalArgumentException("no captured PFCP message " + name);
        };
    }

    private static byte[] frame(int number) {
        try (InputStream in = CapturedMessages.class.getResourceAsStream(CAPTURE)) {
            if (in == null) {
                throw new IllegalStateException("capture " + CAPTURE + " is not on the classpath (pfcp test-jar)");
            }
            List<CaptureFrame> frames = CaptureReader.read(in.readAllBytes());
            CaptureFrame frame = frames.stream().filter(f -> f.number() == number).findFirst()
                    .orElseThrow(() -> new IllegalStateException(CAPTURE + " has no frame " + number));
            UdpDatagram udp = UdpExtractor.udp(frame);
            if (udp == null) {
                throw new IllegalStateException(CAPTURE + " frame " + number + " carries no UDP datagram");
            }
            return udp.payload();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CAPTURE, e);
        }
    }
}
