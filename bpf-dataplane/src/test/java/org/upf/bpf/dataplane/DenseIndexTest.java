package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dense ranges: their validation in {@link DataplaneConfig}, and where {@link DenseIndex} places UE addresses. */
class DenseIndexTest {
    static DataplaneConfig withRanges(String... ranges) {
        return DataplaneConfig.small(4).withDenseRanges(List.of(ranges).stream().map(DenseRange::parse).toList());
    }

    @Test
    void badRangesAreRefusedNamingTheRange() {
        assertThatThrownBy(() -> DenseRange.parse("198.19.0.0/33")).hasMessageContaining("198.19.0.0/33")
                .hasMessageContaining("8..32");
        assertThatThrownBy(() -> DenseRange.parse("2001:db8::/65")).hasMessageContaining("32..64");
        assertThatThrownBy(() -> DenseRange.parse("2001:db8::/16")).hasMessageContaining("32..64");
        assertThatThrownBy(() -> DenseRange.parse("198.19.0.1/24")).hasMessageContaining("198.19.0.1/24")
                .hasMessageContaining("bits set after the prefix");
        assertThatThrownBy(() -> DenseRange.parse("2001:db8:0:0:1::/48")).hasMessageContaining("bits set");
        assertThatThrownBy(() -> DenseRange.parse("pool.example/24")).hasMessageContaining("ADDRESS/LENGTH");
        assertThatThrownBy(() -> DenseRange.parse("198.19.0.0")).hasMessageContaining("ADDRESS/LENGTH");
    }

    @Test
    void overlappingTooManyOrTooLargeRangesAreRefused() {
        assertThatThrownBy(() -> withRanges("198.19.0.0/16", "198.19.4.0/24"))
                .hasMessage("dense range 198.19.4.0/24 overlaps dense range 198.19.0.0/16");
        assertThatThrownBy(() -> withRanges("2001:db8:1::/48", "2001:db8::/40"))
                .hasMessageContaining("2001:db8:0:0:0:0:0:0/40 overlaps");
        List<String> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add("198.19." + i + ".0/24");
        }
        assertThatThrownBy(() -> withRanges(nine.toArray(String[]::new))).hasMessageContaining("198.19.8.0/24")
                .hasMessageContaining("more than 8 IPv4 ranges");
        assertThatThrownBy(() -> withRanges("10.0.0.0/8")).hasMessageContaining("10.0.0.0/8")
                .hasMessageContaining("at most " + DataplaneConfig.MAX_DENSE_SLOTS);
        // Different families never overlap; eight of each fit.
        assertThat(withRanges("198.19.0.0/24", "2001:db8::/56").denseIndex().slots()).isEqualTo(1 + 256 + 256);
    }

    @Test
    void addressesInsideARangeGetItsSlotsInOrderOthersNone() {
        DenseIndex index = withRanges("2001:db8:200::/56", "198.19.0.0/24", "198.19.8.0/30").denseIndex();

        // IPv4 ranges first, from slot 1; then IPv6, one slot per /64.
        assertThat(index.slot(Sessions.v4("198.19.0.0"))).isEqualTo(1);
        assertThat(index.slot(Sessions.v4("198.19.0.255"))).isEqualTo(256);
        assertThat(index.slot(Sessions.v4("198.19.8.3"))).isEqualTo(260);
        assertThat(index.slot(Sessions.v4("198.19.8.4"))).isZero();
        assertThat(index.slot(Sessions.v4("198.19.1.0"))).isZero();
        assertThat(index.slot(Sessions.v6("2001:db8:200::"), 64)).isEqualTo(261);
        assertThat(index.slot(Sessions.v6("2001:db8:200:ff::"), 64)).isEqualTo(261 + 255);
        assertThat(index.slot(Sessions.v6("2001:db8:200:ff::1234"), 128)).as("an address: the hash (sessions in one"
                + " /64 keep their own keys)").isZero();
        assertThat(index.slot(Sessions.v6("2001:db8:200:ff::"), 96)).as("longer than /64: the trie").isZero();
        assertThat(index.slot(Sessions.v6("2001:db8:200::"), 56)).as("shorter than /64: the trie").isZero();
        assertThat(index.slot(Sessions.v6("2001:db8:201::"), 64)).isZero();
        assertThat(index.slots()).isEqualTo(261 + 256);
    }

    @Test
    void theRangeTableReadsBackAsWritten() {
        DenseIndex index = withRanges("198.19.0.0/24", "2001:db8:200::/56", "198.19.8.0/30").denseIndex();
        ByteBuffer buf = ByteBuffer.allocate(DenseIndex.C.size()).order(ByteOrder.nativeOrder());

        index.write(buf, 0);

        assertThat(buf.getInt(DenseIndex.C.offset("ipv4"))).isEqualTo(2);
        assertThat(buf.getInt(DenseIndex.C.offset("ipv6"))).isEqualTo(1);
        int v6 = DenseIndex.C.offset("v6");
        assertThat(buf.getLong(v6 + DenseIndex.RANGE.offset("prefix"))).isEqualTo(0x20010db802000000L);
        assertThat(buf.getLong(v6 + DenseIndex.RANGE.offset("mask"))).isEqualTo(0xffffffffffffff00L);
        assertThat(buf.getInt(v6 + DenseIndex.RANGE.offset("base"))).isEqualTo(1 + 256 + 4);
        assertThat(DenseIndex.read(buf, 0)).isEqualTo(index);
        assertThat(DenseIndex.read(ByteBuffer.allocate(DenseIndex.C.size()), 0)).isEqualTo(DenseIndex.NONE);
    }
}
