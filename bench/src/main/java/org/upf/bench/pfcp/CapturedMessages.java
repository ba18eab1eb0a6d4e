package org.upf.bench.pfcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * PFCP messages taken from a real open5gs capture (resources {@code /pfcp/<name>.hex}; origin in
 * {@code /pfcp/SOURCES.md}), so the codec is measured on what an SMF really sends.
 */
public final class CapturedMessages {
    /** Session Establishment Request: 4 PDRs, 3 FARs, URR, QER, BAR (664 octets). */
    public static final String SESSION_ESTABLISHMENT = "session_establishment";
    /** Session Modification Request: one Update FAR with Outer Header Creation towards the gNB (86 octets). */
    public static final String SESSION_MODIFICATION = "session_modification";

    private CapturedMessages() {}

    /** The message's octets, from the PFCP header on. */
    public static byte[] load(String name) {
        String resource = "/pfcp/" + name + ".hex";
        try (InputStream in = CapturedMessages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured PFCP message " + resource);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", "");
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
