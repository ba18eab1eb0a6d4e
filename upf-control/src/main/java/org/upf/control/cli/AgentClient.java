package org.upf.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;

/** GETs JSON from the running agent's local API (api.address, org.upf.control.api.AgentApi). */
final class AgentClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MILLIS = 5000;

    /** The agent is not listening there (connection refused): no agent runs, or it has no api.address. */
    static final class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The API answered with an error status; message is its "error". */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final String base;

    /** address: HOST:PORT as given to --api. */
    AgentClient(String address) {
        this.base = "http://" + address;
    }

    JsonNode get(String path) throws Unreachable {
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) new URL(base + path).openConnection();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.setConnectTimeout(TIMEOUT_MILLIS);
        c.setReadTimeout(TIMEOUT_MILLIS);
        try {
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                JsonNode body = JSON.readTree(in);
                if (status != 200) {
                    throw new Refused(status, body.path("error").asText("HTTP " + status));
                }
                return body;
            }
        } catch (ConnectException e) {
            throw new Unreachable("no agent API at " + base + " (" + e.getMessage() + "); start the agent with"
                    + " api.address set (docs/configuration.md) or pass --api", e);
        } catch (IOException e) {
            throw new UncheckedIOException("agent API at " + base + ": " + e.getMessage(), e);
        } finally {
            c.disconnect();
        }
    }
}
