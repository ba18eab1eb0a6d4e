package org.upf.bpf.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.bpf.BpfMap;
import org.upf.bpf.KernelConfig;

/**
 * The data path's CONFIG_HZ extern (upf_nexthop.h) comes from the loader, not from libbpf's search of /proc and /boot:
 * a kernel whose configuration cannot be read (a Debian kernel in a pod) still loads it, with the lowest tick rate.
 */
class DataplaneKernelConfigTest {
    /** The ".kconfig" map libbpf makes for the object's __kconfig externs; CONFIG_HZ is its only variable. */
    static final String KCONFIG_MAP = "upf_xdp.kconfig";

    @Test
    void loadsWithTheLowestTickRateWhereTheKernelConfigurationIsMissing() {
        KernelConfig none = KernelConfig.read(List.of(Path.of("/nonexistent/config.gz"),
                Path.of("/nonexistent/config-6.1.0-28-amd64")));
        try (Dataplane dp = Dataplane.load(DataplaneConfig.small(8), null, none)) {
            assertThat(configHz(dp)).isEqualTo(KernelConfig.MIN_HZ);
        }
    }

    @Test
    void theTickRateTheLoaderGivesIsTheOneTheProgramsSee() {
        try (Dataplane dp = Dataplane.load(DataplaneConfig.small(8), null, new KernelConfig(300))) {
            assertThat(configHz(dp)).isEqualTo(300);
        }
    }

    static int configHz(Dataplane dp) {
        BpfMap kconfig = dp.map(KCONFIG_MAP);
        ByteBuffer key = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0).flip();
        ByteBuffer value = ByteBuffer.allocateDirect(kconfig.valueBufferSize()).order(ByteOrder.nativeOrder());
        assertThat(kconfig.lookup(key, value)).isTrue();
        return value.getInt(0);
    }
}
