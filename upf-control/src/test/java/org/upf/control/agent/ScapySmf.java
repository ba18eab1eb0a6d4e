package org.upf.control.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Scapy SMF (src/test/resources/scapy/smf.py, run with /usr/bin/python3 in a namespace) driven line by line:
 * each command answers one JSON line. Keeps the raw bytes of every response for tshark.
 */
final class ScapySmf implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path script;
    final List<byte[]> responses = new ArrayList<>();

    ScapySmf(String namespace, String upfAddress, int upfPort, String gnb, int gnbTeid, String ue) {
        try {
            script = Files.createTempFile("upf-smf-", ".py");
            try (var r = ScapySmf.class.getResourceAsStream("/scapy/smf.py")) {
                Files.copy(r, script, StandardCopyOption.REPLACE_EXISTING);
            }
            process = new ProcessBuilder("ip", "netns", "exec", namespace, "/usr/bin/python3", script.toString(),
                    upfAddress, Integer.toString(upfPort), gnb, "0x" + Integer.toHexString(gnbTeid), ue)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Sends one command and returns its JSON answer (the script's socket timeout bounds the wait). */
    JsonNode run(String command) {
        try {
            in.write(command + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the Scapy SMF exited before answering " + command);
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.has("error")) {
                throw new IllegalStateException("Scapy SMF failed on " + command + ": " + answer.get("error"));
            }
            responses.add(HexFormat.of().parseHex(answer.get("raw").asText()));
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(script);
    }
}
