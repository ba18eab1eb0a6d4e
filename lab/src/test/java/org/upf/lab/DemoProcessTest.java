package org.upf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bpf.netns.Leftovers;

/**
 * {@code upf-lab} as a separate process: Ctrl-C (SIGINT) in the middle of the demo's traffic removes the lab; after a
 * SIGKILL the next run's {@link Leftovers#cleanup()} removes what the dead process left; {@code upf-lab smf} drives
 * the agent of {@code upf-lab up} from the lab's SMF namespace.
 */
class DemoProcessTest {

    @Test
    void ctrlCTearsTheLabDown(@TempDir Path runDir) throws Exception {
        Process p = start(runDir);
        try {
            List<String> namespaces = namespacesOnceRunning(p);
            signal(p, "-INT");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("demo exits on SIGINT").isTrue();
            for (String ns : namespaces) {
                assertThat(Path.of("/run/netns", ns)).as("namespace removed on Ctrl-C").doesNotExist();
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void leftoversOfAKilledRunAreRemovedByTheNextRun(@TempDir Path runDir) throws Exception {
        Process p = start(runDir);
        List<String> namespaces;
        try {
            namespaces = namespacesOnceRunning(p);
            signal(p, "-KILL");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(namespaces).allSatisfy(ns -> assertThat(Path.of("/run/netns", ns)).as("left by SIGKILL").exists());
        Leftovers.cleanup(); // another test JVM's cleanup may have been first: either way they are gone
        for (String ns : namespaces) {
            assertThat(Path.of("/run/netns", ns)).as("removed as a leftover").doesNotExist();
        }
    }

    private static Process start(Path runDir) throws Exception {
        return upfLab("demo", "--sessions", "10", "--pps", "200", "--duration", "60s", "--run-dir", runDir.toString());
    }

    /**
     * Starts upf-lab with SIGINT at its default action: a JVM that inherits SIGINT ignored (a build started in the
     * background of a non-interactive shell, which ignores SIGINT for its asynchronous commands) keeps ignoring it and
     * installs no shutdown handler for it, so Ctrl-C could not be tested there.
     */
    private static Process upfLab(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.upf.lab.cli.UpfLab"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the demo's output until the traffic runs; returns the lab's namespace names. */
    private static List<String> namespacesOnceRunning(Process p) throws Exception {
        return namespacesOnceRunning(p, "  namespaces ", "upf-demo-", "establishment:");
    }

    /**
     * Reads the output until a line contains marker; returns the names starting with prefix on the line that starts
     * with announcement.
     */
    private static List<String> namespacesOnceRunning(Process p, String announcement, String prefix, String marker)
            throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> namespaces = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
            if (line.startsWith(announcement)) {
                for (String word : line.split("[ (),]+")) {
                    if (word.startsWith(prefix) ) {
                        namespaces.add(word);
                    }
                }
            }
            if (line.contains(marker)) {
                break;
            }
        }
        assertThat(namespaces).as("namespaces announced").hasSize(4);
        assertThat(namespaces).allSatisfy(ns -> assertThat(Files.exists(Path.of("/run/netns", ns))).isTrue());
        Thread t = new Thread(() -> r.lines().forEach(l -> { }), "demo-output");
        t.setDaemon(true);
        t.start();
        return namespaces;
    }

    @Test
    void smfCommandDrivesTheAgentOfUpfLabUp() throws Exception {
        Process up = upfLab("up", "--for", "60s");
        try {
            List<String> namespaces = namespacesOnceRunning(up, "lab up:", "upf-lab-", "Ctrl-C");
            String smfNs = namespaces.stream().filter(n -> n.startsWith("upf-lab-smf-")).findFirst().orElseThrow();
            assertThat(new picocli.CommandLine(new org.upf.lab.cli.UpfLab()).execute("smf", "--netns", smfNs,
                    "--bind", LabTopology.SMF_N4, "--upf", LabTopology.UPF_N4, "--sessions", "50", "--rate", "200",
                    "--dedicated-flow", "198.18.6.2:7001", "--handover-to", LabTopology.GNB2)).isZero();
            signal(up, "-INT");
            assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (String ns : namespaces) {
                assertThat(Path.of("/run/netns", ns)).as("namespace removed on Ctrl-C").doesNotExist();
            }
        } finally {
            up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void signal(Process p, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor()).isZero();
    }
}
