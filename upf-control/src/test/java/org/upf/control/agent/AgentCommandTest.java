package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.upf.control.cli.Upf;
import picocli.CommandLine;

/** {@code upf agent} as an operator runs it: help, and start-up refused with the key named. */
class AgentCommandTest {
    @Test
    void helpListsTheEssentialFlags() {
        StringWriter out = new StringWriter();
        CommandLine cl = Upf.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("agent", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE", "--n3-interface", "--n6-interface", "--n4-address",
                "--smf", "--ue-pool", "--set=KEY=VALUE");
    }

    @Test
    void badConfigurationStopsStartUpWithExitCode1AndTheKey() {
        assertThat(run("agent", "--n3-interface", "eth9nosuch", "--n6-interface", "lo", "--n4-address", "127.0.0.1",
                "--smf", "127.0.0.1", "--ue-pool", "198.19.0.0/16"))
                .isEqualTo("1 config: n3.interface: no such interface \"eth9nosuch\"");
        assertThat(run("agent", "--set", "n4.adress=127.0.0.1")).isEqualTo("1 config: unknown key \"n4.adress\"");
    }

    /** Exit code and the first line on stderr. */
    private static String run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Upf.commandLine().execute(args);
            return code + " " + err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } finally {
            System.setErr(saved);
        }
    }
}
