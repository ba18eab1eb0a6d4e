package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.bpf.dataplane.Sessions.QFI;
import static org.upf.bpf.dataplane.Sessions.TEID;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.Dataplane.Role;

/**
 * Dataplane.usages (URR counters by BPF_MAP_LOOKUP_BATCH over slot ranges) gives what one lookup per slot gives, for
 * slots in one batch, spread over several batches, at the first slot and at the map's end.
 */
class UsageBatchTest extends BasicSessionFixture {

    @Test
    void batchedUsageEqualsOneLookupPerSlot() {
        for (int k = 0; k < 3; k++) {
            assertThat(bed.run(Role.N3, InterfaceCountersTest.gpdu(TEID, QFI)).retval()).isEqualTo(Xdp.REDIRECT);
        }
        int last = DataplaneConfig.small(8).urrs() - 1;
        int[] slots = {0, Sessions.URR, 2, 7, 100, 101, 250, last};
        for (int batch : new int[] {1, 4, 64, Dataplane.USAGE_BATCH}) {
            Map<Integer, Usage> got = new HashMap<>();
            bed.dp.usages(slots, slots.length, (i, u) -> assertThat(got.put(slots[i], u)).isNull(), batch);

            assertThat(got).as("batch %d", batch).hasSize(slots.length);
            for (int s : slots) {
                assertThat(got.get(s)).as("slot %d, batch %d", s, batch).isEqualTo(bed.dp.usage(s));
            }
            assertThat(got.get(Sessions.URR).uplinkPackets()).isGreaterThanOrEqualTo(3);
        }
    }
}
