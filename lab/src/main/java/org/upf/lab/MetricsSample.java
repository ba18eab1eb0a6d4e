package org.upf.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.upf.bpf.netns.NetworkNamespace;

/** Reads the agent's Prometheus endpoint from inside its namespace and keeps the lines worth showing. */
final class MetricsSample {
    private MetricsSample() {
    }

    /** GET url from a thread in ns (the connection's socket lives there); the text, or an exception. */
    static String scrape(NetworkNamespace ns, String url) {
        return LabTopology.in(ns, () -> {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + url + ": " + e.getMessage(), e);
            } finally {
                c.disconnect();
            }
        });
    }

    /** Sample lines (no comments) of the metrics named in prefixes, with a non-zero value. */
    static List<String> interesting(String text, List<String> prefixes) {
        return text.lines().filter(l -> !l.startsWith("#"))
                .filter(l -> prefixes.stream().anyMatch(l::startsWith))
                .filter(l -> !l.endsWith(" 0.0") && !l.endsWith(" 0"))
                .toList();
    }
}
