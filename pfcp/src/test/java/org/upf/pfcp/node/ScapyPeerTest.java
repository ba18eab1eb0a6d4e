package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scapy (scapy.contrib.pfcp) as a foreign peer: its Heartbeat Request is answered as Scapy understands it. */
class ScapyPeerTest {

    @Test
    void scapyHeartbeatRequestGetsAHeartbeatResponse(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("pfcp_heartbeat_peer.py");
        try (var in = ScapyPeerTest.class.getResourceAsStream("/scapy/pfcp_heartbeat_peer.py")) {
            Files.copy(in, script);
        }
        for (java.net.InetAddress address : new java.net.InetAddress[] {NodeFixture.V4, NodeFixture.v6()}) {
            try (PfcpNode node = PfcpNode.start(NodeFixture.config(address), new PfcpRequestRouter(),
                    PeerEventListener.NONE)) {
                String json = run(script, address.getHostAddress(), node.localAddress().getPort(), 0x4242,
                        3_900_000_000L);
                long ours = node.config().recoveryTimeStampNtp();
                assertThat(json).isEqualTo("{\"version\": 1, \"message_type\": 2, \"seq\": 16962, \"length\": 12, "
                        + "\"ies\": [96], \"recovery_time_stamp\": [" + ours + "]}");
                assertThat(node.peerRecoveryTimeStamp(address)).hasValue(3_900_000_000L);
            }
        }
    }

    private static String run(Path script, Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scapy peer did not finish in 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
