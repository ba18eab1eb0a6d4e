package org.upf.bench.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.upf.bpf.Netns;
import org.upf.control.agent.AgentCommand;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.lab.smf.SmfEmulator;

/**
 * The agent as an operator runs it: its own JVM ({@code upf agent} started by {@code bin/agent-java}, the runtime
 * and options {@code bin/upf agent} uses), entered into a throw-away UPF namespace with {@code nsenter --net}
 * (which, unlike {@code ip netns exec}, keeps /sys/fs/bpf; the agent pins nothing here anyway), maps sized for n
 * sessions as in {@link AgentUnderLoad}. The SMF emulator stays in this JVM, on the namespace's loopback, so its
 * allocation, GC and JIT no longer share the agent's. On close the process (and everything it started) is killed and
 * the namespaces and veths removed, also after a failure; {@code timeout -s KILL} bounds the process's life even if
 * this JVM dies without closing it. {@link #startFloor} puts the latency floor ({@link FloorResponder}) in the agent's
 * place, started the same way.
 */
final class AgentProcess implements AutoCloseable {
    /** Starts the agent's runtime with its options, as bin/upf agent does. */
    static final Path LAUNCHER = Path.of("bin", "agent-java");
    private static final Duration READY = Duration.ofSeconds(60);
    /** The event-loop thread's name as the kernel holds it (comm: at most 15 characters). */
    private static final String EVENT_LOOP_COMM = "multiThreadIoEventLoopGroup".substring(0, 15);

    private final Topology topology;
    private final Path log;
    private final long clockTicks = clockTicks();
    private final SmfEmulator smf;
    private Process process;

    private AgentProcess(List<String> program, Duration lifetime, Path keptLog) {
        topology = Topology.create("sigp");
        try {
            NetworkNamespace upf = AgentUnderLoad.upfNamespace(topology);
            if (keptLog == null) {
                log = Files.createTempFile("upf-sig-agent-", ".log");
                topology.track(() -> Files.deleteIfExists(log));
            } else {
                log = keptLog;
            }
            process = new ProcessBuilder(command(upf.name(), program, lifetime))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            topology.track(this::kill);
            smf = topology.track(Netns.call(upf.name(), () -> SmfEmulator.start(
                    new InetSocketAddress(AgentUnderLoad.SMF_N4, 0), new InetSocketAddress(AgentUnderLoad.UPF_N4,
                            8805))));
            associate();
        } catch (RuntimeException | IOException e) {
            topology.close();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /**
     * An agent process with maps for n sessions, killed after lifetime at the latest; its output goes to keptLog
     * and stays there, or (null) to a temporary file removed on close.
     */
    static AgentProcess start(int sessions, Map<String, Object> moreKeys, Duration lifetime, Path keptLog) {
        Map<String, Object> keys = AgentUnderLoad.config(sessions);
        keys.putAll(moreKeys);
        List<String> program = new ArrayList<>(List.of("org.upf.control.cli.Upf", "agent"));
        program.addAll(AgentCommand.arguments(keys));
        return new AgentProcess(program, lifetime, keptLog);
    }

    /**
     * The latency floor ({@link FloorResponder}) in the agent's place: the same launcher and JVM options, namespace,
     * N4 and N3 addresses and emulator, so that only the work behind the socket differs; as {@link #start}
     * otherwise.
     */
    static AgentProcess startFloor(Duration lifetime, Path keptLog) {
        return new AgentProcess(FloorResponder.arguments(AgentUnderLoad.UPF_N4, AgentUnderLoad.UPF_N3), lifetime,
                keptLog);
    }

    SmfEmulator smf() {
        return smf;
    }

    /**
     * nsenter into the namespace, timeout, the agent's runtime with its options ({@code bin/agent-java}, as
     * {@code bin/upf agent} starts it: UPF_JAVA_HOME or a JDK &gt;= 21 with its options file, UPF_AGENT_JVM_OPTS),
     * this JVM's class path (the benchmarks jar holds upf-control), then program: the main class and its arguments
     * ({@code Upf agent} with the keys as command-line options, or the floor).
     */
    static List<String> command(String namespace, List<String> program, Duration lifetime) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace,
                "timeout", "-s", "KILL", lifetime.toSeconds() + "s", launcher().toString(), "-cp", classPath()));
        cmd.addAll(program);
        return cmd;
    }

    /** bin/agent-java of this checkout: bench.sh runs in the repository, surefire in bench/. */
    static Path launcher() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve(LAUNCHER))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(LAUNCHER + " not found in " + Path.of("").toAbsolutePath() + " or above");
        }
        return dir.resolve(LAUNCHER);
    }

    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString())
                .reduce((a, b) -> a + java.io.File.pathSeparator + b).orElseThrow();
    }

    /**
     * CPU time (user + system, every thread: event loop, JIT, GC, usage poller) of the agent's JVM so far, the
     * process under nsenter and timeout.
     */
    long cpuNanos() {
        return jvms().mapToLong(p -> p.info().totalCpuDuration().orElseThrow().toNanos()).sum();
    }

    private Stream<ProcessHandle> jvms() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"));
    }

    /**
     * CPU time (user + system) of the agent JVM's PFCP event-loop thread so far, as {@link
     * AgentUnderLoad#eventLoopCpuNanos()} in-process: the threads whose name (Netty's {@code
     * multiThreadIoEventLoopGroup-N-M}, which the JVM gives the kernel cut to 15 characters) starts so, from
     * /proc/PID/task/TID/stat (utime + stime, fields 14 and 15, proc(5)) in clock ticks of 10 ms at CLK_TCK 100.
     */
    long eventLoopCpuNanos() {
        long ticks = 0;
        for (ProcessHandle jvm : jvms().toList()) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(jvm.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    ticks += eventLoopTicks(task);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ticks * 1_000_000_000L / clockTicks;
    }

    private static long eventLoopTicks(Path task) {
        try {
            if (!Files.readString(task.resolve("comm")).startsWith(EVENT_LOOP_COMM)) {
                return 0;
            }
            String stat = Files.readString(task.resolve("stat"));
            // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are the 12th and 13th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (NoSuchFileException ended) {
            return 0; // a thread that ended meanwhile (not the event loop, which lives as long as the agent)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kernel's clock ticks per second for /proc's times, {@code getconf CLK_TCK} (sysconf(_SC_CLK_TCK)). */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return Long.parseLong(out.trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking getconf CLK_TCK", e);
        }
    }

    /** Association Setup until the agent answers (each try T1 × (N1 + 1)), at most READY, or fails with its log. */
    private void associate() throws IOException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("agent process exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try {
                smf.associate();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("agent process not answering after " + READY + ": "
                            + Files.readString(log), notYet);
                }
            }
        }
    }

    /** Kills the process and whatever it started (timeout's child, the JVM) and waits for them. */
    private void kill() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        if (process.isAlive()) {
            throw new IllegalStateException("agent process " + process.pid() + " still alive after SIGKILL");
        }
    }

    @Override
    public void close() {
        topology.close();
    }
}
