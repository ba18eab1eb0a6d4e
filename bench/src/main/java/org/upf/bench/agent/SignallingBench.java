package org.upf.bench.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upf.bench.Result;
import org.upf.bench.ResultsTable;
import org.upf.bench.ResultsWriter;
import org.upf.lab.Addresses;
import org.upf.lab.smf.LoadGenerator;
import org.upf.lab.smf.SessionPlan;
import org.upf.lab.smf.SmfEmulator;

/**
 * `make bench`'s signalling figures (issue 5): the project's SMF emulator establishes sessions with the real agent
 * (XDP on veths, maps in the kernel) over loopback in a throw-away namespace; see docs/performance.md.
 *
 * <p>For each session count N (default 100,000 and 1,000,000) one agent with maps sized for N: a warm-up, (first
 * N only) a run at a fixed offered rate for the latency percentiles, then establishments as fast as the agent
 * answers up to N for the rate; then the kernel memory (memlock of every map) and the heap the agent holds, each
 * divided by N. Before those, the latency once more with the agent in its own process as an operator runs it
 * ({@link AgentProcess}: {@code --process-warmup} establishments at the fixed rate, then the measured ones), the
 * emulator in this JVM, and then (unless {@code --process-rate-sessions 0}) that many establishments as fast as the
 * agent process answers, for its rate per CPU-second. {@code --only floor} runs that latency measurement against the
 * latency floor instead ({@link FloorResponder}, a responder that does nothing, started as the agent process is).
 * Bounded: every run stops issuing after {@code --limit}.
 */
public final class SignallingBench {
    /** Sessions per run, fixed-rate run length and rate, warm-up, time bound, output. */
    record Options(List<Integer> sessions, int latencySessions, double latencyRate, int warmup, Duration limit,
                   Path results, String journalSync, int processWarmup, String only, Path trace,
                   int processRateSessions, Map<String, Object> agentKeys) {
        static Options parse(String... args) {
            List<Integer> sessions = List.of(100_000, 1_000_000);
            int latencySessions = 30_000;
            double latencyRate = 10_000;
            int warmup = 20_000;
            Duration limit = Duration.ofSeconds(150);
            Path results = ResultsWriter.DEFAULT_FILE;
            String journalSync = null;
            int processWarmup = 200_000; // 20 s at 10,000/s: 60,000 left the JIT busy (docs/performance.md)
            String only = null;
            Path trace = null;
            int processRateSessions = 50_000; // about 1 s of the event loop's CPU: 100 clock ticks
            Map<String, Object> agentKeys = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--sessions" -> sessions = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                    case "--latency-sessions" -> latencySessions = Integer.parseInt(v);
                    case "--latency-rate" -> latencyRate = Double.parseDouble(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--limit" -> limit = Duration.parse(v);
                    case "--results" -> results = Path.of(v);
                    case "--journal-sync" -> journalSync = v;
                    case "--process-warmup" -> processWarmup = Integer.parseInt(v);
                    case "--only" -> only = phase(v);
                    case "--trace" -> trace = Path.of(v);
                    case "--process-rate-sessions" -> processRateSessions = Integer.parseInt(v);
                    case "--agent-set" -> agentKeys.putAll(keys(v));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--sessions N[,N] --latency-sessions N --latency-rate R --warmup N --limit PT150S"
                            + " --results FILE --journal-sync always|batch|none --process-warmup N"
                            + " --only process|inprocess|floor --trace DIR --process-rate-sessions N"
                            + " --agent-set KEY=VALUE[,KEY=VALUE])");
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
            }
            if (warmup + latencySessions >= sessions.get(0)) {
                throw new IllegalArgumentException("warm-up + latency sessions must be below the first session count");
            }
            return new Options(sessions, latencySessions, latencyRate, warmup, limit, results, journalSync,
                    processWarmup, only, trace, processRateSessions, agentKeys);
        }

        /** More configuration keys of the agent process, e.g. threads.backgroundNice=0 for an A/B run. */
        private static Map<String, Object> keys(String list) {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (String kv : list.split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--agent-set takes KEY=VALUE[,KEY=VALUE], not " + list);
                }
                keys.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return keys;
        }

        /**
         * process: only the agent-process latency; inprocess: only the runs with the agent in this JVM; floor: only the
         * latency floor (the agent process's run against {@link FloorResponder}), never run otherwise.
         */
        private static String phase(String phase) {
            if (!List.of("process", "inprocess", "floor").contains(phase)) {
                throw new IllegalArgumentException("--only takes process, inprocess or floor, not " + phase);
            }
            return phase;
        }
    }

    /** Outstanding requests when the agent sets the pace. */
    static final int RATE_WINDOW = 64;
    /** The fixed-rate run's window, large enough that the offered rate, not the window, paces it. */
    static final int LATENCY_WINDOW = 4096;
    static final InetAddress GNB = Addresses.parse("198.18.3.2");

    private SignallingBench() {
    }

    public static void main(String[] args) {
        Options o = Options.parse(args);
        List<Result> results = run(o, System.out);
        ResultsWriter w = ResultsWriter.forThisMachine(o.results());
        w.append(results);
        ResultsTable.print(results, w.cores(), System.out);
    }

    /** Runs every session count; fails on a PFCP rejection (a benchmark of a broken agent gives no figure). */
    public static List<Result> run(Options o, PrintStream log) {
        List<Result> out = new ArrayList<>();
        if (o.only() == null || o.only().equals("process")) {
            out.addAll(latencyOfAgentProcess(o, log));
        }
        if ("floor".equals(o.only())) {
            out.addAll(latencyOfFloor(o, log));
        }
        boolean inprocess = o.only() == null || o.only().equals("inprocess");
        for (int i = 0; inprocess && i < o.sessions().size(); i++) {
            out.addAll(runOne(o, o.sessions().get(i), i == 0, log));
        }
        out.add(Result.of("host.loadavg_1m", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                "tasks"));
        return out;
    }

    /**
     * The latency with the agent in its own process ({@link AgentProcess}, {@link #latencyOf}), then the rate of the
     * agent process ({@link #rateOfAgentProcess}). With {@code --trace DIR} the agent's output stays in DIR/agent.log.
     */
    private static List<Result> latencyOfAgentProcess(Options o, PrintStream log) {
        int n = o.processWarmup() + o.latencySessions() + o.processRateSessions();
        try (AgentProcess agent = AgentProcess.start(n, o.agentKeys(), lifetime(o), traced(o, "agent.log"))) {
            int[] next = {0};
            List<Result> out = new ArrayList<>(latencyOf(agent, "agent process", "agent.establish.latency.process",
                    traced(o, "latency-trace.txt"), o, log, next));
            if (o.processRateSessions() > 0) {
                out.addAll(rateOfAgentProcess(agent, o, log, next));
            }
            return out;
        }
    }

    /**
     * The latency floor: {@link #latencyOf} with {@link FloorResponder} in the agent's place (started as the agent is,
     * same warm-up, rate and count), figures {@code agent.establish.latency.floor.*}. With {@code --trace DIR}: its
     * output in DIR/floor.log, its requests in DIR/floor-latency-trace.txt.
     */
    private static List<Result> latencyOfFloor(Options o, PrintStream log) {
        try (AgentProcess floor = AgentProcess.startFloor(lifetime(o), traced(o, "floor.log"))) {
            return latencyOf(floor, "floor", "agent.establish.latency.floor", traced(o, "floor-latency-trace.txt"), o,
                    log, new int[] {0});
        }
    }

    /** A process's life: start-up, the three runs (each ends at --limit), slack; killed on close long before. */
    private static Duration lifetime(Options o) {
        return o.limit().multipliedBy(3).plusMinutes(2);
    }

    /** DIR/name with {@code --trace DIR}, else null. */
    private static Path traced(Options o, String name) {
        return o.trace() == null ? null : o.trace().resolve(name);
    }

    /**
     * The latency against a process ({@link AgentProcess}: the agent or the floor): processWarmup establishments at
     * the fixed rate (its JIT, and the emulator's, compile meanwhile), then latencySessions at that rate, measured,
     * with the process's CPU share over them. Each measured request's send time and latency go to trace (if not
     * null), to lay beside GC/safepoint logs ({@code -Xlog:...:timenanos}).
     */
    private static List<Result> latencyOf(AgentProcess p, String who, String prefix, Path trace, Options o,
                                          PrintStream log, int[] next) {
        String what = "at " + (int) o.latencyRate() + "/s, " + who;
        if (o.processWarmup() > 0) {
            log.println("signalling: " + establish(p.smf(), new LoadGenerator(o.latencyRate(), LATENCY_WINDOW,
                    o.limit()), "warm-up " + what, o.processWarmup(), next).summary());
        }
        // The SMF emulator (this JVM) stands for another machine: it collects now, while the agent idles, so that
        // with the heap scripts/bench.sh gives it (2 GB soft limit) no cycle of its own falls into the measured
        // window (docs/performance.md, "Scheduling the event loop first"). The agent's JVM is left alone.
        System.gc();
        long cpu0 = p.cpuNanos();
        LoadGenerator.Result lat = establish(p.smf(), new LoadGenerator(o.latencyRate(), LATENCY_WINDOW, o.limit()),
                "latency " + what, o.latencySessions(), next);
        double cpuShare = (double) (p.cpuNanos() - cpu0) / lat.elapsed().toNanos();
        log.println("signalling: " + lat.summary() + String.format("; %s CPU %.2f cpu-s/s", who, cpuShare));
        if (trace != null) {
            try {
                lat.latencies().writeTrace(trace);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Result> out = new ArrayList<>(latencyFigures(prefix, o, lat));
        // Whether the process got the CPU it needed: a p99 above target with a share well below one core is load.
        out.add(Result.of(prefix + ".cpu_share", cpuShare, "cpu-s/s"));
        return out;
    }

    /**
     * processRateSessions establishments as fast as the agent process answers (the in-process rate run's window),
     * divided by the CPU time of its PFCP event-loop thread meanwhile (as {@code agent.establish.rate.cpu}, read from
     * /proc in clock ticks) and by the wall time; and the CPU time of its whole JVM per establishment.
     */
    private static List<Result> rateOfAgentProcess(AgentProcess agent, Options o, PrintStream log, int[] next) {
        long loop0 = agent.eventLoopCpuNanos();
        long all0 = agent.cpuNanos();
        LoadGenerator.Result rate = establish(agent.smf(), new LoadGenerator(1e9, RATE_WINDOW, o.limit()),
                "establishment as fast as the agent process answers", o.processRateSessions(), next);
        long loop = agent.eventLoopCpuNanos() - loop0;
        long all = agent.cpuNanos() - all0;
        log.println("signalling: " + rate.summary() + String.format("; agent process CPU: event loop %.2f s, all"
                + " threads %.2f s", loop / 1e9, all / 1e9));
        if (loop <= 0 || rate.succeeded() == 0) {
            throw new IllegalStateException("signalling: agent process rate not measurable (event loop CPU " + loop
                    + " ns, below one clock tick, for " + rate.succeeded() + " establishments): raise"
                    + " --process-rate-sessions");
        }
        return List.of(Result.of("agent.establish.rate.process.cpu", rate.succeeded() * 1e9 / loop, "msg/cpu-s"),
                Result.of("agent.establish.rate.process", rate.perSecond(), "msg/s"),
                Result.of("agent.establish.process.cpu_us_per_session", all / 1e3 / rate.succeeded(),
                        "cpu-us/session"));
    }

    private static List<Result> latencyFigures(String prefix, Options o, LoadGenerator.Result lat) {
        return List.of(Result.of(prefix + ".p50", lat.latencies().percentile(50) / 1e6, "ms"),
                Result.of(prefix + ".p99", lat.latencies().percentile(99) / 1e6, "ms"),
                Result.of(prefix + ".offered", o.latencyRate(), "msg/s"),
                Result.of(prefix + ".achieved", lat.perSecond(), "msg/s"),
                Result.of(prefix + ".timeouts", lat.failed(), "requests"));
    }

    private static List<Result> runOne(Options o, int n, boolean timed, PrintStream log) {
        List<Result> out = new ArrayList<>();
        try (AgentUnderLoad bed = AgentUnderLoad.start(n, o.journalSync())) {
            SmfEmulator smf = bed.smf();
            smf.associate();
            int[] next = {0};
            int warmup = timed ? o.warmup() : 0;
            if (warmup > 0) {
                log.println("signalling: " + establish(smf, new LoadGenerator(1e9, RATE_WINDOW, o.limit()), "warm-up",
                        warmup, next).summary());
            }
            if (timed) {
                LoadGenerator.Result lat = establish(smf, new LoadGenerator(o.latencyRate(), LATENCY_WINDOW, o.limit()),
                        "latency at " + (int) o.latencyRate() + "/s", o.latencySessions(), next);
                log.println("signalling: " + lat.summary());
                out.addAll(latencyFigures("agent.establish.latency", o, lat));
            }
            long cpu0 = bed.eventLoopCpuNanos();
            long other0 = bed.otherAgentCpuNanos();
            long alloc0 = bed.eventLoopAllocatedBytes();
            LoadGenerator.Result rate = establish(smf, new LoadGenerator(1e9, RATE_WINDOW, o.limit()),
                    "establishment to " + n, n - bed.agent().sessions().count(), next);
            long cpu = bed.eventLoopCpuNanos() - cpu0;
            long other = bed.otherAgentCpuNanos() - other0;
            long alloc = bed.eventLoopAllocatedBytes() - alloc0;
            log.println("signalling: " + rate.summary() + String.format("; agent CPU: event loop %.2f s, other"
                    + " threads %.2f s", cpu / 1e9, other / 1e9));
            String suffix = timed ? "" : ".sessions_" + n;
            out.add(Result.of("agent.establish.rate" + suffix, rate.perSecond(), "msg/s"));
            out.add(Result.of("agent.establish.rate" + suffix + ".cpu", rate.succeeded() * 1e9 / cpu, "msg/cpu-s"));
            // Heap the event loop allocates per establishment: what drives the collector's cycles (docs/performance.md).
            out.add(Result.of("agent.establish.alloc_bytes_per_session" + suffix, (double) alloc / rate.succeeded(),
                    "B/session"));
            // The agent's background work (mostly the usage poller reading every URR) while the sessions arrive.
            out.add(Result.of("agent.establish.background_cpu_share" + suffix,
                    (double) other / rate.elapsed().toNanos(), "cpu-s/s"));
            out.add(Result.of("agent.idle.background_cpu_share" + suffix, idleBackgroundShare(bed), "cpu-s/s"));
            // Every establishment the agent answered (a timed-out one may still have arrived) holds memory.
            int held = bed.agent().sessions().count();
            long kernel = bed.mapMemlockBytes();
            long heap = bed.closeAgentMeasuringHeap();
            log.printf("signalling: %d sessions: maps memlock %d B, agent heap %d B%n", held, kernel, heap);
            out.add(Result.of("agent.memory.kernel_per_session.sessions_" + n, (double) kernel / held, "B/session"));
            out.add(Result.of("agent.memory.heap_per_session.sessions_" + n, (double) heap / held, "B/session"));
        }
        return out;
    }

    /**
     * The CPU of the agent's threads other than the PFCP event loop per second while nothing happens after the fill
     * (no request, no packet), from {@link #IDLE_SETTLE} after it on for {@link #IDLE}: the usage poller's cost of
     * watching the sessions' URRs (every one has a volume threshold), none of which moves.
     */
    private static double idleBackgroundShare(AgentUnderLoad bed) {
        try {
            Thread.sleep(IDLE_SETTLE.toMillis());
            long other0 = bed.otherAgentCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(IDLE.toMillis());
            return (double) (bed.otherAgentCpuNanos() - other0) / (System.nanoTime() - t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while idle", e);
        }
    }

    /** The idle window after a fill: two poll intervals (the default, 1 s) to settle, then the measured one. */
    static final Duration IDLE_SETTLE = Duration.ofSeconds(2);
    static final Duration IDLE = Duration.ofSeconds(3);

    /**
     * UE i: 2001:db8:&lt;i&gt;::1, its own /64 (the default UE prefix, TS 23.501 §5.8.2.2.2) inside the documentation
     * prefix, as 1M IPv4 UEs would not fit 198.18.0.0/15. Never configured on an interface: only map keys.
     */
    static InetAddress ue(int i) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[4] = (byte) (i >>> 24);
        a[5] = (byte) (i >>> 16);
        a[6] = (byte) (i >>> 8);
        a[7] = (byte) i;
        a[15] = 1;
        try {
            return InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** count establishments with UE and gNB TEID numbered from next[0]; fails on anything but a timeout. */
    private static LoadGenerator.Result establish(SmfEmulator smf, LoadGenerator load, String what, int count,
                                                  int[] next) {
        int first = next[0];
        LoadGenerator.Result r = load.run(what, count, i -> smf.establishAsync(
                SessionPlan.of(ue(first + i), GNB, 0x1000L + first + i)));
        next[0] += count;
        // Timeouts are load (an overloaded host drops datagrams) and the time bound ends a slow run; the figures
        // show both. A rejection is a bug.
        if (r.failures().keySet().stream().anyMatch(k -> !k.equals("PfcpTimeoutException")
                && !k.startsWith("not sent within"))) {
            throw new IllegalStateException("signalling: " + r.summary());
        }
        return r;
    }
}
