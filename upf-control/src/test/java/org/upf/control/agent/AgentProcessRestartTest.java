package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.upf.bpf.packet.Packet;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.ie.VolumeIe;

/**
 * Restart without loss (issue 5) with the agent as its own JVM ({@code upf agent}, entered into the UPF namespace
 * with nsenter, which keeps /sys/fs/bpf visible): two sessions are set up, uplink traffic starts, the agent is
 * killed with SIGKILL while it flows and started again. Every packet sent reaches the data network (the pinned
 * links and maps forward while no agent runs), both sessions are still there (a modification with Query URR on each
 * succeeds and counts every packet) and the Recovery Time Stamp is unchanged. And a SIGTERM asks the SMF to
 * release the association before the agent exits.
 */
class AgentProcessRestartTest {
    static final String[] UES = {"198.19.200.31", "198.19.200.32"};
    static final int PACKETS = 1000;
    static final int INNER_OCTETS = 30;

    @Test
    void sigkillUnderTrafficLosesNothing() throws Exception {
        try (AgentTestbed t = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8")), true)) {
            DatagramSocket smf = t.n4Peer("127.0.0.7");
            try (Agents agents = new Agents(t)) {
                Process first = agents.start();
                Path log = agents.log;
                awaitReady(smf, first, log);
                PfcpMessage setup = associate(smf);
                long[] seids = new long[UES.length];
                long[] teids = new long[UES.length];
                for (int i = 0; i < UES.length; i++) {
                    PfcpMessage r = call(smf, PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST)
                            .seid(0).sequence(2 + i).nodeId(Requests.SMF)
                            .add(FSeid.of(0xE0 + i, new byte[] {127, 0, 0, 7}, null))
                            .addAll(List.of(Requests.basicSession(UES[i]))).build());
                    assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                    seids[i] = r.fSeid().seid();
                    teids[i] = r.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(0).localFTeid().teid();
                }

                AtomicInteger received = new AtomicInteger();
                Thread dn = new Thread(() -> count(t.echo, received), "dn-receiver");
                dn.start();
                Thread gnb = new Thread(() -> send(t, teids), "gnb-sender");
                gnb.start();
                Thread.sleep(300);
                first.destroyForcibly(); // SIGKILL
                assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Process second = agents.start();
                gnb.join(60_000);
                dn.join(60_000);
                assertThat(received.get()).as("uplink packets that reached the data network").isEqualTo(PACKETS);

                awaitReady(smf, second, log);
                PfcpMessage hb = call(smf, PfcpMessage.builder(PfcpMessageType.HEARTBEAT_REQUEST).sequence(10)
                        .recoveryTimeStamp(3_900_000_000L).build());
                assertThat(hb.recoveryTimeStamp()).isEqualTo(setup.recoveryTimeStamp());
                for (int i = 0; i < UES.length; i++) {
                    PfcpMessage m = call(smf, PfcpMessage.builder(PfcpMessageType.SESSION_MODIFICATION_REQUEST)
                            .seid(seids[i]).sequence(11 + i)
                            .add(new GroupedIe(IeType.QUERY_URR, List.of(UintIe.of(IeType.URR_ID, 4, 1)))).build());
                    assertThat(m.cause()).as("modification of old session " + i + "; agent log " + log)
                            .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                    UsageReport u = m.findAll(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, UsageReport.class)
                            .get(0);
                    assertThat(u.volumeMeasurement().uplink()).as("uplink octets of session " + i)
                            .isEqualTo((long) PACKETS / UES.length * INNER_OCTETS);
                }
            }
        }
    }

    /**
     * A usage report journaled and sent, whose Session Report Response never came because the agent was SIGKILLed, is
     * sent again by the restarted agent process: same UR-SEQN and volume (TS 29.244 §8.2.71), a new transaction whose
     * sequence number the killed agent did not use (§6.4), so the SMF loses no usage.
     */
    @Test
    void aUsageReportCutShortBySigkillIsSentAgain() throws Exception {
        try (AgentTestbed t = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8"),
                "reports.usagePollInterval", "100ms"), true)) {
            DatagramSocket smf = t.n4Peer("127.0.0.7");
            try (Agents agents = new Agents(t)) {
                Process first = agents.start();
                awaitReady(smf, first, agents.log);
                associate(smf);
                int packets = 10;
                Ie[] plan = Requests.basicSession(UES[0]);
                plan[5] = new CreateUrr(List.of(UintIe.of(IeType.URR_ID, 4, 1),
                        FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, "VOLTH"), FlagsIe.of(IeType.MEASUREMENT_METHOD,
                        "VOLUM"), VolumeIe.volumes(IeType.VOLUME_THRESHOLD, -1,
                        (long) packets * INNER_OCTETS, -1)));
                PfcpMessage est = call(smf, PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST)
                        .seid(0).sequence(2).nodeId(Requests.SMF).add(FSeid.of(0xF1, new byte[] {127, 0, 0, 7}, null))
                        .addAll(List.of(plan)).build());
                assertThat(est.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                long teid = est.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(0).localFTeid().teid();
                InetSocketAddress upfN3 = new InetSocketAddress(AgentTestbed.UPF_N3, 2152);
                for (int k = 0; k < packets; k++) {
                    byte[] gpdu = Packet.builder().gtpu(teid).pduSessionContainerUl(9).ipv4(UES[0], AgentTestbed.DN)
                            .udp(33000, AgentTestbed.ECHO_PORT).payload(new byte[2]).build();
                    t.gnbSocket.send(new DatagramPacket(gpdu, gpdu.length, upfN3));
                }
                PfcpMessage lost = next(smf, PfcpMessageType.SESSION_REPORT_REQUEST, 10_000); // never answered
                UsageReport before = lost.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
                assertThat(before.volumeMeasurement().uplink()).isEqualTo((long) packets * INNER_OCTETS);

                first.destroyForcibly(); // SIGKILL, the report's transaction open
                assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
                agents.start();
                PfcpMessage again;
                do { // retransmissions of the killed agent may still wait in the socket
                    again = next(smf, PfcpMessageType.SESSION_REPORT_REQUEST, 60_000);
                } while (again.sequence() == lost.sequence());
                UsageReport resent = again.find(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST, UsageReport.class);
                assertThat(resent.urSeqn()).as("agent log " + agents.log).isEqualTo(before.urSeqn());
                assertThat(resent.volumeMeasurement().uplink()).isEqualTo((long) packets * INNER_OCTETS);
                assertThat(again.seid()).isEqualTo(0xF1);
                byte[] ok = PfcpCodec.encode(again.responseBuilder().seid(0xF1).cause(PfcpCause.REQUEST_ACCEPTED)
                        .build());
                smf.send(new DatagramPacket(ok, ok.length, new InetSocketAddress("127.0.0.1", 8805)));
            }
        }
    }

    /**
     * SIGTERM (graceful stop, associations.releaseOnShutdown): the stopping agent asks its SMF to release the
     * association (Association Update Request, PFCP Association Release Request SARR, TS 29.244 §6.2.7.2), answers the
     * SMF's Association Release Request, and exits.
     */
    @Test
    void sigtermAsksTheSmfToReleaseTheAssociation() throws Exception {
        try (AgentTestbed t = new AgentTestbed(Map.of("smf.allowed", List.of("127.0.0.0/8")))) {
            t.stopAgent();
            DatagramSocket smf = t.n4Peer("127.0.0.7");
            Path log = Files.createTempFile("upf-agent-", ".log");
            Process agent = startAgent(t, log);
            try {
                awaitReady(smf, agent, log);
                assertThat(call(smf, PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(1)
                        .nodeId(Requests.SMF).recoveryTimeStamp(3_900_000_000L).build()).cause())
                        .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                assertThat(call(smf, PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0)
                        .sequence(2).nodeId(Requests.SMF).add(FSeid.of(0xF0, new byte[] {127, 0, 0, 7}, null))
                        .addAll(List.of(Requests.basicSession(UES[0]))).build()).cause())
                        .isEqualTo(PfcpCause.REQUEST_ACCEPTED);

                agent.destroy(); // SIGTERM
                PfcpMessage update = next(smf, PfcpMessageType.ASSOCIATION_UPDATE_REQUEST, 10_000);
                assertThat(update.find(IeType.PFCP_ASSOCIATION_RELEASE_REQUEST, FlagsIe.class).setFlags())
                        .containsExactly("SARR");
                byte[] ok = PfcpCodec.encode(update.responseBuilder().nodeId(Requests.SMF)
                        .cause(PfcpCause.REQUEST_ACCEPTED).build());
                smf.send(new DatagramPacket(ok, ok.length, new InetSocketAddress("127.0.0.1", 8805)));
                PfcpMessage released = call(smf, PfcpMessage.builder(PfcpMessageType.ASSOCIATION_RELEASE_REQUEST)
                        .sequence(3).nodeId(Requests.SMF).build());
                assertThat(released.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
                assertThat(agent.waitFor(20, TimeUnit.SECONDS)).as("agent exited; log " + log).isTrue();
            } finally {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(log);
            }
        }
    }

    /** Association Setup Request from smf, accepted (TS 29.244 §6.2.6): the response. */
    private static PfcpMessage associate(DatagramSocket smf) throws Exception {
        PfcpMessage setup = call(smf, PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(1)
                .nodeId(Requests.SMF).recoveryTimeStamp(3_900_000_000L).build());
        assertThat(setup.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        return setup;
    }

    /**
     * The agent processes of a test in the testbed's UPF namespace (the in-process agent steps aside: from here on
     * the agent is a separate JVM), SIGKILLed at the end, with their shared log.
     */
    private static final class Agents implements AutoCloseable {
        private final AgentTestbed t;
        private final List<Process> started = new ArrayList<>();
        final Path log;

        Agents(AgentTestbed t) throws IOException {
            this.t = t;
            t.stopAgent();
            log = Files.createTempFile("upf-agent-", ".log");
        }

        Process start() throws IOException {
            Process p = startAgent(t, log);
            started.add(p);
            return p;
        }

        @Override
        public void close() throws Exception {
            for (Process p : started) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        }
    }

    /** The agent's next message of type (others are skipped), within timeoutMillis. */
    private static PfcpMessage next(DatagramSocket s, PfcpMessageType type, int timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] buf = new byte[65535];
        while (true) {
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            PfcpMessage m = PfcpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
            if (m.type() == type) {
                return m;
            }
        }
    }

    /** {@code upf agent} with the testbed's keys, in the UPF namespace, appending its output to log. */
    private static Process startAgent(AgentTestbed t, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + t.upf.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.upf.control.cli.Upf", "agent"));
        cmd.addAll(AgentCommand.arguments(t.keys));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                log.toFile())).start();
    }

    /** Heartbeats until the agent answers (bounded: 60 s, or the process exits). */
    private static void awaitReady(DatagramSocket smf, Process agent, Path log) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("agent exited with " + agent.exitValue() + ": "
                        + Files.readString(log));
            }
            try {
                PfcpMessage hb = call(smf, PfcpMessage.builder(PfcpMessageType.HEARTBEAT_REQUEST).sequence(99)
                        .recoveryTimeStamp(3_900_000_000L).build(), 500);
                if (hb.type() == PfcpMessageType.HEARTBEAT_RESPONSE) {
                    return;
                }
            } catch (SocketTimeoutException notYet) {
                // still starting
            }
        }
        throw new IllegalStateException("agent not answering after 60 s: " + Files.readString(log));
    }

    /** PACKETS uplink G-PDUs, alternating over the sessions, one every 2 ms. */
    private static void send(AgentTestbed t, long[] teids) {
        InetSocketAddress upfN3 = new InetSocketAddress(AgentTestbed.UPF_N3, 2152);
        try {
            for (int k = 0; k < PACKETS; k++) {
                int s = k % teids.length;
                byte[] gpdu = Packet.builder().gtpu(teids[s]).pduSessionContainerUl(9).ipv4(UES[s], AgentTestbed.DN)
                        .udp(32000 + s, AgentTestbed.ECHO_PORT).payload(new byte[2]).build();
                t.gnbSocket.send(new DatagramPacket(gpdu, gpdu.length, upfN3));
                Thread.sleep(2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts datagrams until PACKETS came or none came for 3 s. */
    private static void count(DatagramSocket dn, AtomicInteger received) {
        byte[] buf = new byte[2048];
        try {
            dn.setSoTimeout(3000);
            while (received.get() < PACKETS) {
                dn.receive(new DatagramPacket(buf, buf.length));
                received.incrementAndGet();
            }
        } catch (SocketTimeoutException done) {
            // the sender stopped
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PfcpMessage call(DatagramSocket s, PfcpMessage request) throws Exception {
        return call(s, request, 5000);
    }

    private static PfcpMessage call(DatagramSocket s, PfcpMessage request, int timeoutMillis) throws Exception {
        byte[] b = PfcpCodec.encode(request);
        s.setSoTimeout(timeoutMillis);
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", 8805)));
        byte[] buf = new byte[65535];
        while (true) { // skips late answers to earlier requests (readiness heartbeats)
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            PfcpMessage m = PfcpCodec.decode(Arrays.copyOf(p.getData(), p.getLength()));
            if (m.sequence() == request.sequence()) {
                return m;
            }
        }
    }
}
