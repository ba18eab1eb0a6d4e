package org.upf.control.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.pfcp.conformance.ConformanceCaptures;

/**
 * {@code bin/upf} as a user runs it: the launcher script finds the repository, starts the shaded
 * {@code upf-control/target/upf.jar} (main class and version from its manifest) and passes arguments and
 * exit codes through. Runs in the {@code launcher} surefire execution after {@code package}.
 */
@Tag("launcher")
class BinUpfLauncherTest {
    private static final Path BIN_UPF = Path.of("").toAbsolutePath().getParent().resolve("bin/upf");

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private Result binUpf(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BIN_UPF.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/upf finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void decodesACaptureThroughTheShadedJar() throws Exception {
        assertThat(BIN_UPF.getParent().getParent().resolve("upf-control/target/upf.jar")).exists();
        Path capture = dir.resolve("testcups.pcapng");
        try (InputStream in = ConformanceCaptures.class.getResourceAsStream("/conformance/open5gs-testcups.pcapng")) {
            Files.copy(in, capture);
        }
        Result r = binUpf("pfcp", "decode", capture.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        int expected = ConformanceCaptures.EXPECTED.get("open5gs-testcups.pcapng");
        assertThat(r.out().lines().count()).isEqualTo(expected);
        assertThat(r.out().lines()).allMatch(l -> l.startsWith("{\"frame\":") && l.endsWith("\"reencode\":\"identical\"}"));
        assertThat(r.err()).contains(expected + " PFCP messages, 0 failed");
    }

    @Test
    void helpVersionAndExitCodes() throws Exception {
        Result help = binUpf("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: upf").contains("pfcp");
        Result version = binUpf("--version");
        assertThat(version.out().trim()).matches("upf \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        Path garbage = Files.write(dir.resolve("garbage.pcap"), new byte[] {1, 2, 3, 4, 5});
        assertThat(binUpf("pfcp", "decode", garbage.toString()).exitCode()).isEqualTo(1);
        assertThat(binUpf("pfcp", "decode").exitCode()).isEqualTo(2);
    }
}
