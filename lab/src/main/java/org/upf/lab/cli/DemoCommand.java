package org.upf.lab.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.upf.lab.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code upf-lab demo}: the whole lab once, with a summary; exit code 1 if a check failed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Lab up, agent with XDP, sessions, traffic, handover, deletion, summary, lab down.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--sessions", defaultValue = "100", description = "PDU sessions, one UE each (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--setup-rate", defaultValue = "500", description = "PFCP procedures per second (default ${DEFAULT-VALUE}).")
    double setupRate;

    @Option(names = "--pps", defaultValue = "2000", description = "Uplink packets per second, all UEs (default ${DEFAULT-VALUE}).")
    double pps;

    @Option(names = "--duration", defaultValue = "4s", converter = DurationConverter.class,
            description = "Traffic time; the handover happens half-way (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--payload", defaultValue = "64", description = "Payload octets per packet (default ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--run-dir", defaultValue = "lab/target/demo", description = "Where lab.log goes (default ${DEFAULT-VALUE}).")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        return Demo.run(new Demo.Options(sessions, setupRate, pps, duration, payload, runDir), System.out);
    }
}
