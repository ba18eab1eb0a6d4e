package org.upf.lab.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.upf.lab.Addresses;

/** Signalling load against a PFCP peer over loopback: counts, pacing and the time bound. */
class LoadGeneratorTest {

    @Test
    void establishesAndDeletesAtBoundedRate() throws Exception {
        try (AcceptingUpf upf = new AcceptingUpf();
             SmfEmulator smf = SmfEmulator.start(new InetSocketAddress("127.0.0.1", 0), upf.address())) {
            smf.associate();
            LoadGenerator load = new LoadGenerator(1000, 32, Duration.ofSeconds(20));
            InetAddress first = Addresses.parse("198.19.0.1");
            LoadGenerator.Result est = load.run("establishment", 300, i -> smf.establishAsync(SessionPlan.of(
                    Addresses.plus(first, i), SmfEmulatorTest.GNB, 0x1000 + i)));
            System.out.println(est.summary());
            assertThat(est.succeeded()).isEqualTo(300);
            assertThat(est.failures()).isEmpty();
            assertThat(est.latencies().count()).isEqualTo(300);
            assertThat(est.latencies().percentile(99)).isGreaterThanOrEqualTo(est.latencies().percentile(50)).isPositive();
            assertThat(est.elapsed()).as("paced at 1000/s").isGreaterThanOrEqualTo(Duration.ofMillis(299));
            assertThat(upf.sessions).hasSize(300);
            assertThat(smf.sessions()).hasSize(300);

            var all = java.util.List.copyOf(smf.sessions());
            LoadGenerator.Result del = load.run("deletion", all.size(), i -> smf.deleteAsync(all.get(i)));
            assertThat(del.succeeded()).isEqualTo(300);
            assertThat(upf.sessions).isEmpty();
        }
    }

    @Test
    void stopsIssuingAtTheTimeLimit() {
        try (AcceptingUpf upf = new AcceptingUpf();
             SmfEmulator smf = SmfEmulator.start(new InetSocketAddress("127.0.0.1", 0), upf.address())) {
            smf.associate();
            LoadGenerator.Result r = new LoadGenerator(20, 4, Duration.ofSeconds(1)).run("establishment", 1000,
                    i -> smf.establishAsync(SessionPlan.of(SmfEmulatorTest.UE, SmfEmulatorTest.GNB, i + 1)));
            assertThat(r.succeeded()).isBetween(10, 25);
            assertThat(r.failures()).containsKey("not sent within PT1S");
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(5));
        }
    }
}
