package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigTest {
    static final String CONFIG = """
            # CONFIG_HZ_PERIODIC is not set
            # CONFIG_HZ_100 is not set
            CONFIG_HZ_250=y
            # CONFIG_HZ_1000 is not set
            CONFIG_HZ=250
            CONFIG_SCHED_HRTICK=y
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheTickRateLineNotItsChoiceSymbols() {
        assertThat(KernelConfig.hz(CONFIG)).hasValue(250);
        assertThat(KernelConfig.hz("CONFIG_HZ_1000=y\nCONFIG_HZ=1000\n")).hasValue(1000);
        assertThat(KernelConfig.hz("CONFIG_HZ_100=y\n# CONFIG_HZ is not set\n")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void readsProcConfigGzFirstThenBootConfig() throws IOException {
        Path gz = dir.resolve("config.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(CONFIG.getBytes(StandardCharsets.UTF_8));
        }
        Path boot = Files.writeString(dir.resolve("config-6.1.0-28-amd64"), "CONFIG_HZ=1000\n");
        assertThat(KernelConfig.read(List.of(gz, boot)).hz()).isEqualTo(250);
        assertThat(KernelConfig.read(List.of(dir.resolve("missing.gz"), boot)).hz()).isEqualTo(1000);
    }

    @Test
    void assumesTheLowestTickRateWithoutAConfiguration() {
        assertThat(KernelConfig.read(List.of(dir.resolve("config.gz"), dir.resolve("config-x"))).hz())
                .isEqualTo(KernelConfig.MIN_HZ);
        assertThat(new KernelConfig(250).libbpfText()).isEqualTo("CONFIG_HZ=250\n");
    }

    @Test
    void theRunningKernelsRateIsTheOneInItsConfiguration() {
        assertThat(KernelConfig.system().hz()).isIn(100, 250, 300, 1000);
    }
}
