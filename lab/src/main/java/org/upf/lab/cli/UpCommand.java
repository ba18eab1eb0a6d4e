package org.upf.lab.cli;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.upf.bpf.netns.Leftovers;
import org.upf.lab.Addresses;
import org.upf.lab.LabTopology;
import org.upf.lab.ran.Flow;
import org.upf.lab.ran.UdpEchoResponder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code upf-lab up}: the lab's namespaces with the agent and the DN's echo servers, kept until Ctrl-C (or
 * {@code --for}), to drive by hand: {@code upf-lab smf --netns <smf ns> ...}, tcpdump in a namespace, curl /metrics.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Lab namespaces + agent (XDP on N3/N6) + DN echo, until Ctrl-C; then everything is removed.")
final class UpCommand implements Callable<Integer> {
    @Option(names = "--no-agent", description = "Only the namespaces and links (start your own UPF in the UPF namespace).")
    boolean noAgent;

    @Option(names = "--for", converter = DurationConverter.class, description = "Tear down after this long (default: wait for Ctrl-C).")
    Duration lifetime;

    @Override
    public Integer call() throws Exception {
        List<String> removed = Leftovers.cleanup();
        if (!removed.isEmpty()) {
            System.out.println("removed leftovers of a crashed run: " + removed);
        }
        try (LabTopology lab = LabTopology.create("lab").closeOnExit()) {
            InetAddress dn = Addresses.parse(LabTopology.DN);
            lab.track(UdpEchoResponder.start(lab.dn(), dn, Flow.ECHO_PORT));
            lab.track(UdpEchoResponder.start(lab.dn(), dn, Flow.DEDICATED_PORT));
            if (!noAgent) {
                lab.startAgent(Map.of("metrics.address", LabTopology.UPF_N4 + ":9100"));
            }
            System.out.printf("lab up: smf %s, gnb %s, upf %s, dn %s%n", lab.smf().name(), lab.gnb().name(),
                    lab.upf().name(), lab.dn().name());
            System.out.printf("  agent: %s%n", noAgent ? "not started" : "PFCP " + LabTopology.UPF_N4 + ":"
                    + LabTopology.PFCP_PORT + ", metrics http://" + LabTopology.UPF_N4 + ":9100/metrics");
            System.out.printf("  try: bin/upf-lab smf --netns %s --bind %s --upf %s --sessions 100 --rate 200%n",
                    lab.smf().name(), LabTopology.SMF_N4, LabTopology.UPF_N4);
            System.out.println("  Ctrl-C removes everything.");
            System.out.flush();
            if (lifetime == null) {
                Thread.currentThread().join();
            } else {
                Thread.sleep(lifetime.toMillis());
            }
        }
        return 0;
    }
}
