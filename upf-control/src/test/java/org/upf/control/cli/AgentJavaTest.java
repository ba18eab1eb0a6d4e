package org.upf.control.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/agent-java}, the agent's launcher: which runtime it picks and the options file that goes with the
 * runtime's version (docs/configuration.md, "JVM options"). The JDKs here are fake homes (a release file and a
 * java that is never started): {@code --print} only reads them.
 */
class AgentJavaTest {
    private static final Path BIN = Path.of("").toAbsolutePath().getParent().resolve("bin");

    @TempDir
    Path dir;

    @Test
    void javaFrom21OnGetsZgcAnd21And22AlsoTheGenerationalFlag() throws Exception {
        List<String> zgc = options("agent-jvm-zgc.options");
        assertThat(zgc).contains("-XX:+UseZGC");
        Path jdk25 = fakeJdk("25.0.3");
        assertThat(print(Map.of("UPF_JAVA_HOME", jdk25.toString()))).isEqualTo(with(jdk25, zgc));
        Path jdk21 = fakeJdk("21.0.5");
        List<String> generational = new ArrayList<>(zgc);
        generational.add("-XX:+ZGenerational");
        assertThat(print(Map.of("UPF_JAVA_HOME", jdk21.toString()))).isEqualTo(with(jdk21, generational));
    }

    @Test
    void java17GetsTheG1Options() throws Exception {
        Path jdk17 = fakeJdk("17.0.15");
        List<String> g1 = options("agent-jvm.options");
        assertThat(g1).contains("-XX:+UseG1GC");
        assertThat(print(Map.of("UPF_JAVA_HOME", jdk17.toString()))).isEqualTo(with(jdk17, g1));
    }

    @Test
    void upfAgentJvmOptsReplacesTheFileAndEmptyMeansNone() throws Exception {
        Path jdk25 = fakeJdk("25");
        assertThat(print(Map.of("UPF_JAVA_HOME", jdk25.toString(), "UPF_AGENT_JVM_OPTS", "-Xmx1g  -Xlog:gc")))
                .containsExactly(jdk25.resolve("bin/java").toString(), "-Xmx1g", "-Xlog:gc");
        assertThat(print(Map.of("UPF_JAVA_HOME", jdk25.toString(), "UPF_AGENT_JVM_OPTS", "")))
                .containsExactly(jdk25.resolve("bin/java").toString());
    }

    @Test
    void withoutUpfJavaHomeTheNewestJdkFrom21OnUnderTheJvmDirElseJavaOnThePath() throws Exception {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvms, "17.0.15");
        assertThat(print(Map.of("UPF_JVM_DIR", jvms.toString(), "UPF_AGENT_JVM_OPTS", "")))
                .containsExactly("java");
        fakeJdk(jvms, "21.0.5");
        Path jdk25 = fakeJdk(jvms, "25.0.3");
        fakeJdk(jvms, "22.0.2");
        assertThat(print(Map.of("UPF_JVM_DIR", jvms.toString())).get(0))
                .isEqualTo(jdk25.resolve("bin/java").toString());
    }

    @Test
    void aUpfJavaHomeWithoutJavaStopsWithAMessageNamingIt() throws Exception {
        Path missing = dir.resolve("no-such-jdk");
        Result r = run(Map.of("UPF_JAVA_HOME", missing.toString()));
        assertThat(r.exit()).isNotZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("UPF_JAVA_HOME=" + missing);
    }

    /** The options are split into words but not expanded as globs (a file in the working directory matches). */
    @Test
    void optionsAreNotGlobExpanded() throws Exception {
        Files.createFile(dir.resolve("-Xlog:gc-matched"));
        Path jdk25 = fakeJdk("25");
        assertThat(print(Map.of("UPF_JAVA_HOME", jdk25.toString(), "UPF_AGENT_JVM_OPTS", "-Xlog:gc* -Dx=?")))
                .containsExactly(jdk25.resolve("bin/java").toString(), "-Xlog:gc*", "-Dx=?");
    }

    private Path fakeJdk(String version) throws IOException {
        return fakeJdk(dir, version);
    }

    private static Path fakeJdk(Path parent, String version) throws IOException {
        Path home = Files.createDirectories(parent.resolve("jdk-" + version));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static List<String> options(String file) throws IOException {
        return Files.readAllLines(BIN.resolve(file)).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static List<String> with(Path jdk, List<String> options) {
        List<String> out = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
        out.addAll(options);
        return out;
    }

    /** bin/agent-java --print with UPF_JAVA_HOME and UPF_AGENT_JVM_OPTS only as given. */
    private List<String> print(Map<String, String> env) throws Exception {
        Result r = run(env);
        assertThat(r.exit()).as(r.stderr()).isZero();
        return r.stdout();
    }

    private record Result(int exit, List<String> stdout, String stderr) {
    }

    /** bin/agent-java --print in dir, with UPF_JAVA_HOME, UPF_AGENT_JVM_OPTS and UPF_JVM_DIR only as given. */
    private Result run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(BIN.resolve("agent-java").toString(), "--print")
                .directory(dir.toFile());
        pb.environment().remove("UPF_JAVA_HOME");
        pb.environment().remove("UPF_AGENT_JVM_OPTS");
        pb.environment().remove("UPF_JVM_DIR");
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/agent-java finished").isTrue();
        return new Result(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
