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
 * {@code upf-lab demo} as a separate process: Ctrl-C (SIGINT) in the middle of the traffic removes the lab; after a
 * SIGKILL the next run's {@link Leftovers#cleanup()} removes what the dead process left.
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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "org.upf.lab.cli.UpfLab", "demo", "--sessions", "10", "--pps", "200", "--duration", "60s",
                "--run-dir", runDir.toString()).redirectErrorStream(true).start();
    }

    /** Reads the demo's output until the traffic runs; returns the lab's namespace names. */
    private static List<String> namespacesOnceRunning(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> namespaces = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
            if (line.contains("namespaces upf-demo-")) {
                for (String word : line.split("[ (),]+")) {
                    if (word.startsWith("upf-demo-")) {
                        namespaces.add(word);
                    }
                }
            }
            if (line.contains("establishment:")) {
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

    private static void signal(Process p, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor()).isZero();
    }
}
