package org.upf.control.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.pfcp.PfcpCause;

class AllocatorsTest {
    @Test
    void teidsUseEverySlotOnceThenRunDryWithNoResourcesAvailable() {
        TeidAllocator t = new TeidAllocator(3);
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            int teid = t.allocate();
            assertThat(teid).isNotZero();
            slots.add(t.slot(teid));
        }
        assertThat(slots).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
        assertThatThrownBy(t::allocate).isInstanceOfSatisfying(AllocationException.class,
                e -> assertThat(e.pfcpCause()).isEqualTo(PfcpCause.NO_RESOURCES_AVAILABLE));
    }

    @Test
    void reusedTeidSlotGetsTheNextGenerationAsTheDataPathComputesIt() {
        DataplaneConfig maps = DataplaneConfig.small(4);
        TeidAllocator t = new TeidAllocator(maps.teidSlotBits());
        int first = t.allocate();
        assertThat(first).isEqualTo(maps.teid(1, 0));
        t.release(first);
        int second = t.allocate();
        assertThat(t.slot(second)).isEqualTo(1);
        assertThat(second).isEqualTo(maps.teid(1, 1)).isNotEqualTo(first);
    }

    @Test
    void smfChosenTeidTakesItsSlotOrFails() {
        TeidAllocator t = new TeidAllocator(4);
        t.reserve(0x35);
        assertThat(t.allocate()).isNotEqualTo(5);
        assertThatThrownBy(() -> t.reserve(0x45)).isInstanceOf(AllocationException.class);
        assertThatThrownBy(() -> t.reserve(0x10)).as("slot 0 is reserved").isInstanceOf(AllocationException.class);
    }

    @Test
    void ipv4PoolSkipsNetworkAndBroadcastAndRunsDryWithCause79() throws Exception {
        PrefixPool p = new PrefixPool(Cidr.parse("198.19.0.0/30"), 32);
        assertThat(p.allocate()).isEqualTo(InetAddress.getByName("198.19.0.1"));
        assertThat(p.allocate()).isEqualTo(InetAddress.getByName("198.19.0.2"));
        assertThatThrownBy(p::allocate).isInstanceOfSatisfying(AllocationException.class,
                e -> assertThat(e.pfcpCause()).isEqualTo(PfcpCause.ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED));
        p.release(InetAddress.getByName("198.19.0.1"));
        assertThat(p.allocate()).isEqualTo(InetAddress.getByName("198.19.0.1"));
    }

    @Test
    void ipv6PoolHandsOutSlash64Prefixes() throws Exception {
        PrefixPool p = new PrefixPool(Cidr.parse("2001:db8:200::/48"), 64);
        assertThat(p.allocate()).isEqualTo(InetAddress.getByName("2001:db8:200:1::"));
        assertThat(p.allocate()).isEqualTo(InetAddress.getByName("2001:db8:200:2::"));
        assertThat(p.contains(InetAddress.getByName("2001:db8:200:ffff::1"))).isTrue();
        assertThatThrownBy(() -> p.release(InetAddress.getByName("2001:db8:200:9::")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void seidsAreUniqueNonZeroAndBounded() {
        SeidAllocator s = new SeidAllocator(3);
        Set<Long> seen = new HashSet<>(Set.of(s.allocate(), s.allocate(), s.allocate()));
        assertThat(seen).hasSize(3).doesNotContain(0L);
        assertThatThrownBy(s::allocate).isInstanceOf(AllocationException.class);
    }

    @Test
    void cidrParsesAndMasks() throws Exception {
        assertThat(Cidr.parse("198.19.7.9/16").address()).isEqualTo(InetAddress.getByName("198.19.0.0"));
        assertThat(Cidr.parse("198.19.7.9").length()).isEqualTo(32);
        assertThatThrownBy(() -> Cidr.parse("smf.example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("198.19.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
