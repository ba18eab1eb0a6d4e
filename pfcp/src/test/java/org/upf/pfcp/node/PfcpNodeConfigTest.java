package org.upf.pfcp.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PfcpNodeConfigTest {

    @Test
    void defaultsListenOnThePfcpPort() {
        PfcpNodeConfig d = PfcpNodeConfig.defaults();
        assertThat(d.bindAddress().getPort()).isEqualTo(8805);
        assertThat(d.n1()).isEqualTo(3);
        assertThat(d.t1()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badValuesNameTheSetting() {
        PfcpNodeConfig d = PfcpNodeConfig.defaults();
        assertThatThrownBy(() -> d.withRetransmission(Duration.ZERO, 3)).hasMessageContaining("'t1'");
        assertThatThrownBy(() -> d.withRetransmission(Duration.ofSeconds(1), -1)).hasMessageContaining("'n1'");
        assertThatThrownBy(() -> d.withMaxMessageSize(70000)).hasMessageContaining("'maxMessageSize'");
        assertThatThrownBy(() -> d.withResponseCache(Duration.ofSeconds(1), 0))
                .hasMessageContaining("'responseCacheMaxEntries'");
        assertThatThrownBy(() -> d.withHeartbeatInterval(Duration.ofSeconds(-1)))
                .hasMessageContaining("'heartbeatInterval'");
        assertThatThrownBy(() -> d.withBindAddress(null)).hasMessageContaining("'bindAddress'");
    }

    @Test
    void recoveryTimeStampIsNtpSeconds() {
        // RFC 5905 §6: the NTP era 0 starts 1900-01-01, 2208988800 s before the Unix epoch.
        assertThat(NtpTime.seconds(Instant.EPOCH)).isEqualTo(2_208_988_800L);
        assertThat(NtpTime.seconds(Instant.parse("1900-01-01T00:00:00Z"))).isZero();
    }
}
