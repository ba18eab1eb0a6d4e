package org.upf.control.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
 *   <li>{@code GET /api/sessions}: every session with rule counts and URR totals, in SEID order; query parameters
 *       {@code seid=SEID} (that one), {@code smf=ADDRESS} (its CP function's), {@code after=SEID} and
 *       {@code limit=N} (a page) select which, and only those are decoded; the answer also holds {@code matching}
 *       (how many match in all) and, if more follow, {@code next} (the {@code after} of the next page)</li>
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
                list(x, x.getRequestURI().getRawQuery());
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

    /** GET /api/sessions[?seid=&smf=&after=&limit=]: a filtered page of the listing. */
    private void list(HttpExchange x, String query) throws IOException {
        Long seid = null;
        Long after = null;
        InetAddress smf = null;
        int limit = Integer.MAX_VALUE;
        for (String param : query == null ? new String[0] : query.split("&")) {
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = java.net.URLDecoder.decode(eq < 0 ? "" : param.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8);
            try {
                switch (name) {
                    case "seid" -> seid = parseSeid(value);
                    case "after" -> after = parseSeid(value);
                    case "limit" -> limit = Integer.parseInt(value);
                    case "smf" -> smf = address(value);
                    default -> {
                        send(x, 400, error("unknown parameter \"" + name + "\" (seid, smf, after, limit)"));
                        return;
                    }
                }
            } catch (IllegalArgumentException e) {
                send(x, 400, error("parameter " + name + ": \"" + value + "\" is not "
                        + (name.equals("limit") ? "a number" : name.equals("smf") ? "an IP address"
                        : "a SEID (hex 0x... or decimal)")));
                return;
            }
        }
        if (limit < 0) {
            send(x, 400, error("parameter limit: " + limit + " is negative"));
            return;
        }
        SessionService.SummaryPage page = sessions.summaries(seid, smf, after, limit);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("sessions", page.sessions());
        o.put("matching", page.matching());
        if (page.next() != null) {
            o.put("next", String.format("0x%016x", page.next()));
        }
        send(x, 200, o);
    }

    /** An IP address literal (no name lookup). */
    private static InetAddress address(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
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
