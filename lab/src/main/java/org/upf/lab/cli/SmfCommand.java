package org.upf.lab.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.upf.bpf.Netns;
import org.upf.lab.Addresses;
import org.upf.lab.smf.LoadGenerator;
import org.upf.lab.smf.SessionPlan;
import org.upf.lab.smf.SmfEmulator;
import org.upf.lab.smf.SmfSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code upf-lab smf}: an emulated SMF against any UPF on N4: associate, establish N sessions at a bounded rate,
 * optionally hand them over to a second gNB, delete them, release; prints rates and latencies.
 */
@Command(name = "smf", mixinStandardHelpOptions = true,
        description = "Emulated SMF: association, N sessions (bounded rate), handover, deletion; PFCP rates and latencies.")
final class SmfCommand implements Callable<Integer> {
    @Option(names = "--upf", required = true, description = "The UPF's N4 address (port 8805).")
    String upf;

    @Option(names = "--upf-port", defaultValue = "8805", description = "The UPF's PFCP port (default ${DEFAULT-VALUE}).")
    int upfPort;

    @Option(names = "--bind", required = true, description = "Our N4 address (also our Node ID and CP F-SEID address).")
    String bind;

    @Option(names = "--port", defaultValue = "8805", description = "Our PFCP port (default ${DEFAULT-VALUE}; 0: any).")
    int port;

    @Option(names = "--netns", description = "Run the SMF's socket in this network namespace (/run/netns/NAME).")
    String netns;

    @Option(names = "--sessions", defaultValue = "10", description = "Sessions to establish (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--rate", defaultValue = "100", description = "Procedures per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--window", defaultValue = "32", description = "Outstanding requests at most (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--limit", defaultValue = "60s", converter = DurationConverter.class,
            description = "Time limit per phase (default ${DEFAULT-VALUE}).")
    Duration limit;

    @Option(names = "--ue-start", defaultValue = "198.19.0.1", description = "First UE address (default ${DEFAULT-VALUE}).")
    String ueStart;

    @Option(names = "--gnb", defaultValue = "198.18.3.2", description = "gNB N3 address for the downlink (default ${DEFAULT-VALUE}).")
    String gnb;

    @Option(names = "--gnb-teid", defaultValue = "65536", description = "First gNB downlink TEID (default ${DEFAULT-VALUE}).")
    long gnbTeid;

    @Option(names = "--dedicated-flow", description = "Add a dedicated QoS flow (QFI 5, GBR) for UDP from REMOTE:PORT, e.g. 198.18.6.2:7001.")
    String dedicated;

    @Option(names = "--handover-to", description = "After establishing, move every session's downlink to this gNB address.")
    String handoverTo;

    @Option(names = "--keep", description = "Keep the sessions and the association (no deletion, no release).")
    boolean keep;

    @Override
    public Integer call() {
        InetSocketAddress local = new InetSocketAddress(Addresses.parse(bind), port);
        InetSocketAddress peer = new InetSocketAddress(Addresses.parse(upf), upfPort);
        try (SmfEmulator smf = netns == null ? SmfEmulator.start(local, peer)
                : Netns.call(netns, () -> SmfEmulator.start(local, peer))) {
            var features = smf.associate();
            System.out.printf("association: accepted by %s, UP Function Features %s%n", peer,
                    features == null ? "none" : features.setFlags());
            LoadGenerator load = new LoadGenerator(rate, window, limit);
            InetAddress first = Addresses.parse(ueStart);
            InetAddress gnbAddress = Addresses.parse(gnb);
            SessionPlan.DedicatedFlow flow = dedicatedFlow();
            boolean ok = report(load.run("establishment", sessions, i -> smf.establishAsync(withFlow(
                    SessionPlan.of(Addresses.plus(first, i), gnbAddress, gnbTeid + i), flow))));
            List<SmfSession> up = List.copyOf(smf.sessions());
            if (handoverTo != null) {
                InetAddress target = Addresses.parse(handoverTo);
                ok &= report(load.run("handover", up.size(), i -> smf.handoverAsync(up.get(i), target,
                        gnbTeid + sessions + i)));
            }
            System.out.printf("session reports received: %d%n", smf.reports().size());
            if (!keep) {
                List<SmfSession> all = List.copyOf(smf.sessions());
                ok &= report(load.run("deletion", all.size(), i -> smf.deleteAsync(all.get(i))));
                smf.release();
                System.out.println("association: released");
            }
            return ok ? 0 : 1;
        }
    }

    private static boolean report(LoadGenerator.Result r) {
        System.out.println(r.summary());
        return r.failed() == 0;
    }

    private static SessionPlan withFlow(SessionPlan p, SessionPlan.DedicatedFlow flow) {
        return flow == null ? p : p.withDedicated(flow);
    }

    private SessionPlan.DedicatedFlow dedicatedFlow() {
        if (dedicated == null) {
            return null;
        }
        int colon = dedicated.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--dedicated-flow wants REMOTE:PORT, got " + dedicated);
        }
        Addresses.parse(dedicated.substring(0, colon));
        return new SessionPlan.DedicatedFlow(5, dedicated.substring(0, colon),
                Integer.parseInt(dedicated.substring(colon + 1)), 1_000, 10_000);
    }
}
