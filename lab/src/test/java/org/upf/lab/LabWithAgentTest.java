package org.upf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.control.agent.UpfAgent;
import org.upf.lab.ran.Flow;
import org.upf.lab.ran.GnbEmulator;
import org.upf.lab.ran.TrafficGenerator;
import org.upf.lab.ran.TrafficStats;
import org.upf.lab.ran.UdpEchoResponder;
import org.upf.lab.ran.UeTunnel;
import org.upf.lab.smf.SessionPlan;
import org.upf.lab.smf.SmfEmulator;
import org.upf.lab.smf.SmfSession;

/**
 * The whole lab: the SMF emulator sets up IPv4 and IPv6 sessions on the real agent over N4 (veth), the gNB emulator
 * sends GTP-U through the XDP data path to the DN namespace and checks the replies, a handover moves every UE to
 * the second gNB, the sessions are deleted.
 */
class LabWithAgentTest {
    static final int UES = 20;

    @Test
    void sessionsTrafficHandoverAndDeletionThroughTheAgent() throws Exception {
        try (LabTopology lab = LabTopology.create("labt")) {
            UpfAgent agent = lab.startAgent(Map.of());
            SmfEmulator smf = smf(lab);
            assertThat(smf.associate().has("FTUP")).isTrue();

            TrafficStats stats = new TrafficStats();
            List<InetAddress> dn = List.of(Addresses.parse(LabTopology.DN), Addresses.parse(LabTopology.DN_V6));
            GnbEmulator gnb1 = lab.track(GnbEmulator.start("gnb1", lab.gnb(), InetAddress.getByName(LabTopology.GNB1), stats));
            GnbEmulator gnb2 = lab.track(GnbEmulator.start("gnb2", lab.gnb(), InetAddress.getByName(LabTopology.GNB2), stats));
            for (InetAddress a : dn) {
                lab.track(UdpEchoResponder.start(lab.dn(), a, Flow.ECHO_PORT));
                lab.track(UdpEchoResponder.start(lab.dn(), a, Flow.DEDICATED_PORT));
            }

            List<SmfSession> sessions = new ArrayList<>();
            List<UeTunnel> ues = new ArrayList<>();
            for (int i = 0; i < UES; i++) {
                InetAddress ue = LabTopology.ue(i, i % 4 == 3);
                SmfSession s = smf.establish(SessionPlan.of(ue, gnb1.address(), 0x1000 + i).withDedicated(
                        new SessionPlan.DedicatedFlow(5, LabTopology.dnFor(ue), Flow.DEDICATED_PORT, 1_000, 10_000)));
                sessions.add(s);
                UeTunnel t = new UeTunnel(i, ue, s.uplinkTeid(), s.upfN3(), 9, 5);
                t.attach(gnb1, 0x1000 + i);
                ues.add(t);
            }
            assertThat(agent.sessions().count()).isEqualTo(UES);
            assertThat(sessions).extracting(s -> s.upfN3().getHostAddress()).containsOnly(LabTopology.UPF_N3);

            TrafficGenerator traffic = new TrafficGenerator(ues, dn, stats, 64);
            long sent = traffic.run(600, Duration.ofSeconds(1), 600);
            traffic.drain(Duration.ofMillis(500), Duration.ofSeconds(3));
            System.out.printf("before handover: sent %d, received %d, latency %s, problems %d%n", sent,
                    stats.received(), stats.latencies().summary(), stats.problems());
            assertThat(stats.problems()).isZero();
            assertThat(stats.lost()).isZero();
            for (Flow f : Flow.values()) {
                assertThat(stats.received(f)).as("replies on flow %s", f).isEqualTo(stats.sent(f)).isPositive();
            }
            assertThat(stats.receivedIpv6()).as("replies to IPv6 UEs").isEqualTo(stats.sentIpv6()).isPositive();

            for (int i = 0; i < UES; i++) {
                sessions.set(i, smf.handover(sessions.get(i), gnb2.address(), 0x2000 + i));
                ues.get(i).attach(gnb2, 0x2000 + i);
            }
            long before = stats.received();
            traffic.run(600, Duration.ofSeconds(1), 600);
            traffic.drain(Duration.ofMillis(500), Duration.ofSeconds(3));
            assertThat(stats.received() - before).as("replies through gNB 2").isEqualTo(600);
            assertThat(stats.problems()).isZero();

            for (SmfSession s : sessions) {
                smf.delete(s);
            }
            assertThat(agent.sessions().count()).isZero();
            smf.release();
        }
    }

    /** The SMF emulator in the lab's SMF namespace, talking to the agent's N4 address. */
    private static SmfEmulator smf(LabTopology lab) {
        return lab.track(LabTopology.in(lab.smf(), () -> SmfEmulator.start(
                new InetSocketAddress(LabTopology.SMF_N4, LabTopology.PFCP_PORT),
                new InetSocketAddress(LabTopology.UPF_N4, LabTopology.PFCP_PORT))));
    }

    /**
     * The UPF asks the SMF emulator to release (Association Update Request, PFCP Association Release Request SARR,
     * TS 29.244 §6.2.7.2), as a stopping agent does; the emulator releases and the agent's sessions are gone.
     */
    @Test
    void theAgentAsksTheSmfEmulatorToReleaseTheAssociation() throws Exception {
        try (LabTopology lab = LabTopology.create("labr")) {
            UpfAgent agent = lab.startAgent(Map.of());
            SmfEmulator smf = smf(lab);
            smf.associate();
            for (int i = 0; i < 3; i++) {
                smf.establish(SessionPlan.of(LabTopology.ue(i, false), InetAddress.getByName(LabTopology.GNB1),
                        0x3000 + i));
            }
            assertThat(agent.sessions().count()).isEqualTo(3);

            assertThat(agent.releaseAssociations(Duration.ofSeconds(10))).as("associations left").isZero();
            assertThat(agent.sessions().count()).isZero();
            assertThat(smf.node().counters().get(org.upf.pfcp.node.PfcpCounters.Event.RECEIVED,
                    org.upf.pfcp.PfcpMessageType.ASSOCIATION_UPDATE_REQUEST)).isEqualTo(1);
        }
    }
}
