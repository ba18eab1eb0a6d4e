package org.upf.control.agent;

import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.upf.control.config.AgentConfig;
import org.upf.control.config.ConfigException;
import org.upf.control.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code upf agent}: runs the UPF (XDP data path + PFCP on N4) until SIGTERM/SIGINT. Configuration comes from
 * {@code --config FILE} and/or flags (flags win); docs/configuration.md lists every key.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the UPF: load the XDP data path on the N3/N6(/N9) interfaces and serve PFCP (N4)"
                + " for the allowed SMFs until stopped (SIGTERM/SIGINT).",
            "Every key of the YAML file (docs/configuration.md) can also be set with --set KEY=VALUE."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal", "1:start-up failed (the message names the key or the step)",
            "2:bad command line"})
public final class AgentCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Option(names = "--n3-interface", paramLabel = "IF", description = "N3 (gNB side) interface (n3.interface)")
    String n3Interface;

    @Option(names = "--n3-address", paramLabel = "IP", description = "our N3 address (n3.address)")
    String n3Address;

    @Option(names = "--n6-interface", paramLabel = "IF", description = "N6 (data network) interface (n6.interface)")
    String n6Interface;

    @Option(names = "--n9-interface", paramLabel = "IF", description = "N9 (peer UPF) interface (n9.interface)")
    String n9Interface;

    @Option(names = "--n9-address", paramLabel = "IP", description = "our N9 address (n9.address)")
    String n9Address;

    @Option(names = "--n4-address", paramLabel = "IP", description = "PFCP listen address (n4.address)")
    String n4Address;

    @Option(names = "--n4-port", paramLabel = "PORT", description = "PFCP port, default 8805 (n4.port)")
    String n4Port;

    @Option(names = "--node-id", paramLabel = "ID", description = "our Node ID, IP or FQDN (n4.nodeId)")
    String nodeId;

    @Option(names = "--smf", paramLabel = "IP|PREFIX|FQDN",
            description = "an SMF allowed to associate; repeat for more (smf.allowed)")
    List<String> smfs = new ArrayList<>();

    @Option(names = "--ue-pool", paramLabel = "[NAME=]PREFIX",
            description = "a UE address pool, optionally for one network instance/DNN; repeat for more (ue.pools)")
    List<String> uePools = new ArrayList<>();

    @Option(names = "--pin-root", paramLabel = "DIR", description = "bpffs directory to pin the maps in (bpf.pinRoot)")
    String pinRoot;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any configuration key")
    Map<String, String> set = new LinkedHashMap<>();

    /** The flags as configuration keys (null flags are not set). */
    Map<String, Object> overrides() {
        Map<String, Object> o = new LinkedHashMap<>(set);
        put(o, "n3.interface", n3Interface);
        put(o, "n3.address", n3Address);
        put(o, "n6.interface", n6Interface);
        put(o, "n9.interface", n9Interface);
        put(o, "n9.address", n9Address);
        put(o, "n4.address", n4Address);
        put(o, "n4.port", n4Port);
        put(o, "n4.nodeId", nodeId);
        put(o, "bpf.pinRoot", pinRoot);
        if (!smfs.isEmpty()) {
            o.put("smf.allowed", smfs);
        }
        if (!uePools.isEmpty()) {
            o.put("ue.pools", uePools);
        }
        return o;
    }

    /**
     * Configuration keys as this command's arguments, the inverse of {@link #overrides()}: smf.allowed and ue.pools
     * (lists) as repeated --smf / --ue-pool, every other key as --set KEY=VALUE. For tools and tests that start an
     * agent process.
     */
    public static List<String> arguments(Map<String, Object> keys) {
        List<String> args = new ArrayList<>();
        keys.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                String flag = switch (k) {
                    case "smf.allowed" -> "--smf";
                    case "ue.pools" -> "--ue-pool";
                    default -> throw new IllegalArgumentException("no flag takes a list for key " + k);
                };
                list.forEach(e -> args.addAll(List.of(flag, e.toString())));
            } else {
                args.addAll(List.of("--set", k + "=" + v));
            }
        });
        return args;
    }

    private static void put(Map<String, Object> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig c;
        UpfAgent agent;
        try {
            c = ConfigLoader.load(config, overrides());
            leakDetectionOffUnlessAsked();
            agent = UpfAgent.start(c);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("upf agent: start-up failed: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // TS 29.244 §6.2.8.2: the SMFs release their associations (and sessions) before we go.
                agent.releaseAssociations(c.releaseOnShutdown());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                agent.close();
                stopped.countDown();
            }
        }, "upf-agent-stop"));
        System.err.println("upf agent: serving PFCP on " + agent.n4Address() + ", N3 " + c.n3().name() + ", N6 "
                + c.n6().name() + (c.n9() != null ? ", N9 " + c.n9().name() : ""));
        stopped.await();
        return 0;
    }

    /**
     * Netty's leak detector samples one buffer in 128 and walks the stack for it (a Throwable) twice, on the PFCP event
     * loop, for every datagram read (docs/performance.md, "Signalling (issue 5): the event loop's own stalls"): a
     * debugging aid, off in the agent process unless {@code -Dio.netty.leakDetection.level} asks for it (UPF_JAVA_OPTS).
     * Tests start the agent in their own JVM, not through this command, and keep Netty's default.
     */
    static void leakDetectionOffUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
