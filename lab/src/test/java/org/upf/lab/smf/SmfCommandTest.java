package org.upf.lab.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.upf.lab.cli.UpfLab;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionModificationRequest;
import picocli.CommandLine;

/** {@code upf-lab smf} against a PFCP peer on loopback: the whole scripted scenario, its report and exit code. */
class SmfCommandTest {

    @Test
    void scenarioEstablishesHandsOverAndDeletes() {
        try (AcceptingUpf upf = new AcceptingUpf()) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrintStream saved = System.out;
            int exit;
            try {
                System.setOut(new PrintStream(text, true));
                exit = new CommandLine(new UpfLab()).execute("smf", "--upf", "127.0.0.1", "--upf-port",
                        Integer.toString(upf.address().getPort()), "--bind", "127.0.0.1", "--port", "0", "--sessions", "20",
                        "--rate", "400", "--handover-to", "198.18.3.3", "--dedicated-flow", "198.18.6.2:7001");
            } finally {
                System.setOut(saved);
            }
            String out = text.toString();
            assertThat(exit).as(out).isZero();
            assertThat(out).contains("UP Function Features [FTUP]", "establishment: 20/20 ok", "handover: 20/20 ok",
                    "deletion: 20/20 ok", "association: released");
            assertThat(upf.received(SessionEstablishmentRequest.class)).hasSize(20)
                    .allSatisfy(e -> assertThat(e.createPdrs()).hasSize(4));
            assertThat(upf.received(SessionModificationRequest.class)).hasSize(20);
            assertThat(upf.sessions).isEmpty();
        }
    }

    @Test
    void badAddressIsAUsageError() {
        assertThat(new CommandLine(new UpfLab()).execute("smf", "--upf", "upf.example", "--bind", "127.0.0.1"))
                .isNotZero();
    }
}
