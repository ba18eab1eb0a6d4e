package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void nettyLeakDetectionIsOffInTheAgentProcessUnlessAskedFor() {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        try {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
            System.setProperty("io.netty.leakDetection.level", "simple");
            AgentCommand.leakDetectionOffUnlessAsked();
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.SIMPLE);

            System.clearProperty("io.netty.leakDetection.level");
            AgentCommand.leakDetectionOffUnlessAsked();
            assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
        } finally {
            System.clearProperty("io.netty.leakDetection.level");
            ResourceLeakDetector.setLevel(before);
        }
    }

    @Test
    void argumentsParseBackIntoTheSameKeys() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("n4.address", "127.0.0.1");
        keys.put("smf.allowed", List.of("127.0.0.2", "198.18.0.0/24"));
        keys.put("ue.pools", List.of("internet=198.19.0.0/16"));
        keys.put("maps.sessions", 1024);
        AgentCommand parsed = new AgentCommand();
        new CommandLine(parsed).parseArgs(AgentCommand.arguments(keys).toArray(String[]::new));
        assertThat(parsed.overrides()).containsExactlyInAnyOrderEntriesOf(Map.of("n4.address", "127.0.0.1",
                "smf.allowed", List.of("127.0.0.2", "198.18.0.0/24"), "ue.pools", List.of("internet=198.19.0.0/16"),
                "maps.sessions", "1024"));
    }

    @Test
    void aListForAKeyWithoutAListFlagIsRefused() {
        assertThatThrownBy(() -> AgentCommand.arguments(Map.of("n4.address", List.of("127.0.0.1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n4.address");
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
