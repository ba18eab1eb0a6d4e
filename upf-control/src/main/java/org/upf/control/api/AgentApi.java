package org.upf.control.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.control.assoc.Associations;
import org.upf.control.session.SessionService;

/**
 * The agent's local, read-only JSON API for the operator tools ({@code upf sessions}, {@code upf stats}), on a
 * loopback address (api.address) because it has no authentication and shows subscriber data:
 * <ul>
 *   <li>{@code GET /api/sessions}: every session with rule counts and URR totals</li>
 *   <li>{@code GET /api/sessions/SEID} (hex {@code 0x...} or decimal): PDR/FAR/QER/URR and URR counters</li>
 *   <li>{@code GET /api/stats}: forwarded packets/bytes per direction, drops and control-path hand-overs by
 *   reason, BPF program run statistics</li>
 * </ul>
 * Answers 404 with {"error": ...} for unknown paths and sessions, 405 for anything but GET.
 */
public final class AgentApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSIONS = "/api/sessions";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Dataplane dataplane;
    private final SessionService sessions;
    private final Associations associations;
    private final boolean runStats;

    private AgentApi(InetSocketAddress address, Dataplane dp, SessionService sessions, Associations associations,
                     boolean runStats) {
        this.dataplane = dp;
        this.sessions = sessions;
        this.associations = associations;
        this.runStats = runStats;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the local API on " + address + ": " + e.getMessage(), e);
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "upf-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves the API on address (port 0: a free port, see {@link #port()}); runStats says whether the agent
     * holds BPF run statistics on.
     */
    public static AgentApi start(InetSocketAddress address, Dataplane dp, SessionService sessions,
                                 Associations associations, boolean runStats) {
        return new AgentApi(address, dp, sessions, associations, runStats);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestMethod().equals("GET")) {
                send(x, 405, error("only GET is supported"));
                return;
            }
            String path = x.getRequestURI().getPath();
            if (path.equals(SESSIONS)) {
                send(x, 200, Map.of("sessions", sessions.summaries()));
            } else if (path.startsWith(SESSIONS + "/")) {
                session(x, path.substring(SESSIONS.length() + 1));
            } else if (path.equals("/api/stats")) {
                send(x, 200, stats());
            } else {
                send(x, 404, error("no such endpoint " + path + " (/api/sessions, /api/sessions/SEID, /api/stats)"));
            }
        } catch (RuntimeException e) {
            send(x, 500, error(String.valueOf(e.getMessage())));
        }
    }

    private void session(HttpExchange x, String text) throws IOException {
        long seid;
        try {
            seid = parseSeid(text);
        } catch (NumberFormatException e) {
            send(x, 400, error("\"" + text + "\" is not a SEID (hex 0x... or decimal)"));
            return;
        }
        Map<String, Object> s = sessions.describe(seid);
        if (s == null) {
            send(x, 404, error("no session with SEID " + String.format("0x%016x", seid)));
        } else {
            send(x, 200, s);
        }
    }

    private Map<String, Object> stats() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("source", "agent");
        o.put("sessions", sessions.count());
        o.put("associations", associations.all().size());
        StatsJson.putForwarded(o, dataplane.forwarded());
        StatsJson.putCounters(o, dataplane.drops(), dataplane.controlPath());
        StatsJson.putPrograms(o, dataplane, runStats);
        return o;
    }

    /** A SEID as operators type it: 0x-prefixed hex (as Wireshark shows it) or unsigned decimal. */
    public static long parseSeid(String text) {
        String t = text.trim();
        return t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16)
                : Long.parseUnsignedLong(t);
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void send(HttpExchange x, int status, Object body) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
