package org.upf.control.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** api.address (loopback only: the API has no authentication) and bpf.runStats. */
class ApiConfigTest {

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = new HashMap<>(Map.of("n3.interface", "lo", "n6.interface", "lo",
                "n4.address", "127.0.0.1", "smf.allowed", List.of("127.0.0.0/8"),
                "ue.pools", List.of("internet=198.19.0.0/16")));
        if (key != null) {
            m.put(key, value);
        }
        return m;
    }

    @Test
    void defaultsAreOff() {
        AgentConfig c = ConfigLoader.load(null, with(null, null));
        assertThat(c.api()).isNull();
        assertThat(c.runStats()).isFalse();
    }

    @Test
    void loopbackAddressesAndBooleans() {
        assertThat(ConfigLoader.load(null, with("api.address", "127.0.0.1:8806")).api())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 8806));
        assertThat(ConfigLoader.load(null, with("api.address", "[::1]:0")).api().getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(ConfigLoader.load(null, with("bpf.runStats", "true")).runStats()).isTrue();
        assertThat(ConfigLoader.load(null, with("bpf.runStats", true)).runStats()).isTrue();
    }

    @Test
    void nonLoopbackApiOrBadBooleanStopsStartUp() {
        assertThatThrownBy(() -> ConfigLoader.load(null, with("api.address", "198.18.0.2:8806")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config: api.address: 198.18.0.2 is not a loopback address (127.0.0.0/8 or ::1)");
        assertThatThrownBy(() -> ConfigLoader.load(null, with("bpf.runStats", "yes")))
                .isInstanceOf(ConfigException.class).hasMessage("config: bpf.runStats: \"yes\" is not true or false");
    }
}
