package org.upf.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;

/**
 * The kernel configuration values BPF objects read through {@code __kconfig} externs, handed to libbpf at open
 * ({@code bpf_object_open_opts.kconfig}) so that it never has to find the configuration itself: libbpf 1.1 fails the
 * whole load with EINVAL when an object declares any CONFIG_ extern (even {@code __weak}) and neither
 * /proc/config.gz nor /boot/config-RELEASE exists, as with Debian, Ubuntu and RHEL kernels in a pod that does not
 * mount /boot. Only CONFIG_HZ is supplied (upf_nexthop.h); an object with another CONFIG_ extern makes libbpf read
 * the system file again.
 *
 * @param hz CONFIG_HZ, the tick rate; {@link #MIN_HZ} when the configuration cannot be read, so that a time
 *           counted in ticks (the next-hop TTL) comes out shorter than asked, never longer
 */
public record KernelConfig(int hz) {
    private static final System.Logger LOG = System.getLogger(KernelConfig.class.getName());
    /** The lowest tick rate Linux offers (CONFIG_HZ_100). */
    public static final int MIN_HZ = 100;
    private static final Path PROC_CONFIG = Path.of("/proc/config.gz");
    private static volatile KernelConfig system;

    public KernelConfig {
        if (hz <= 0) {
            throw new IllegalArgumentException("CONFIG_HZ must be positive, got " + hz);
        }
    }

    /** The running kernel's configuration, read once per JVM from {@link #sources()}. */
    public static KernelConfig system() {
        KernelConfig c = system;
        if (c == null) {
            c = read(sources());
            system = c;
        }
        return c;
    }

    /** Where the running kernel's configuration may be: /proc/config.gz (gzip), /boot/config-RELEASE (text). */
    public static List<Path> sources() {
        return List.of(PROC_CONFIG, Path.of("/boot", "config-" + System.getProperty("os.version")));
    }

    /**
     * The configuration in the first of sources that exists (a name ending in .gz is gunzipped); {@link #MIN_HZ}
     * with a warning when none exists or none sets CONFIG_HZ.
     */
    public static KernelConfig read(List<Path> sources) {
        for (Path source : sources) {
            String text;
            try {
                text = text(source);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the kernel configuration " + source, e);
            }
            OptionalInt hz = hz(text);
            if (hz.isPresent()) {
                return new KernelConfig(hz.getAsInt());
            }
            LOG.log(System.Logger.Level.WARNING, "{0} sets no CONFIG_HZ; assuming {1}", source, MIN_HZ);
            return new KernelConfig(MIN_HZ);
        }
        LOG.log(System.Logger.Level.WARNING, "no kernel configuration in {0}; assuming CONFIG_HZ={1} (next-hop"
                + " cache entries may live shorter than routing.nextHopTtl)", sources, MIN_HZ);
        return new KernelConfig(MIN_HZ);
    }

    private static String text(Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            InputStream plain = source.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
            return new String(plain.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The value of the line {@code CONFIG_HZ=N} in a kernel configuration text. */
    static OptionalInt hz(String configText) {
        return configText.lines().filter(line -> line.startsWith("CONFIG_HZ="))
                .mapToInt(line -> Integer.parseInt(line.substring("CONFIG_HZ=".length()).strip())).findFirst();
    }

    /** The text libbpf takes as bpf_object_open_opts.kconfig: one "CONFIG_X=value" line per value. */
    public String libbpfText() {
        return "CONFIG_HZ=" + hz + "\n";
    }
}
