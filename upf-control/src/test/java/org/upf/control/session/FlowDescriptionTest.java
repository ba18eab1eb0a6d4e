package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.SdfFilter;

/** IPFilterRules as SMFs send them (open5gs, free5GC, OAI style) into the data path's SDF filter. */
class FlowDescriptionTest {
    @Test
    void anyToAssignedMatchesEverything() {
        assertThat(FlowDescription.parse("permit out ip from any to assigned")).isEqualTo(SdfFilter.any());
    }

    @Test
    void remotePrefixProtocolAndPorts() throws Exception {
        SdfFilter f = FlowDescription.parse("permit out 17 from 198.19.100.0/24 1000-2000 to assigned 5000");
        assertThat(f.protocol()).isEqualTo(17);
        assertThat(f.remote()).isEqualTo(InetAddress.getByName("198.19.100.0"));
        assertThat(f.remotePrefixLength()).isEqualTo(24);
        assertThat(f.remotePortLow()).isEqualTo(1000);
        assertThat(f.remotePortHigh()).isEqualTo(2000);
        assertThat(f.uePortLow()).isEqualTo(5000);
        assertThat(f.uePortHigh()).isEqualTo(5000);
    }

    @Test
    void namedProtocolsAndIpv6() throws Exception {
        SdfFilter f = FlowDescription.parse("permit out tcp from 2001:db8:100::/64 to 2001:db8:200:1::1");
        assertThat(f.protocol()).isEqualTo(6);
        assertThat(f.remote()).isEqualTo(InetAddress.getByName("2001:db8:100::"));
        assertThat(FlowDescription.parse("permit out icmp from 198.19.100.1 to assigned").remotePrefixLength())
                .isEqualTo(32);
    }

    @Test
    void whatTheDataPathCannotMatchIsRejected() {
        assertThatThrownBy(() -> FlowDescription.parse("deny out ip from any to assigned"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlowDescription.parse("permit in ip from any to assigned"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlowDescription.parse("permit out ip from any to assigned frag"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlowDescription.parse("permit out ip from any 80,443 to assigned"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
