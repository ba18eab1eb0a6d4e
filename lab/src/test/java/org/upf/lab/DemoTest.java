package org.upf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code make demo} scenario, shorter: real namespaces, agent with XDP, SMF and gNB emulators; all checks pass. */
class DemoTest {

    @Test
    void demoPassesAndLeavesNothingBehind(@TempDir Path runDir) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int exit = Demo.run(new Demo.Options(30, 300, 1500, Duration.ofSeconds(2), 64, runDir),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        String out = text.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("establishment: 30/30 ok", "handover: 30/30 ok", "QER change: 30/30 ok",
                "deletion: 30/30 ok", "usage reports in the deletion responses (URR 1, TERMR): 30", "loss      0 (0.00 %)",
                "upf_pfcp_sessions 30", "RESULT: PASS");
        assertThat(runDir.resolve("lab.log")).exists();
        String namespaces = out.substring(out.indexOf("namespaces"), out.indexOf('\n', out.indexOf("namespaces")));
        for (String word : namespaces.split("[ (),]+")) {
            if (word.startsWith("upf-demo-")) {
                assertThat(Path.of("/run/netns", word)).as("namespace %s removed", word).doesNotExist();
            }
        }
    }
}
