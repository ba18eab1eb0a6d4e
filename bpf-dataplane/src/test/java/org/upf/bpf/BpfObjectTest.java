package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upf.bpf.Buffers.direct;
import static org.upf.bpf.Buffers.u32;
import static org.upf.bpf.Buffers.u64;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bpf.netns.PinRoot;

/** Opening, loading, verifier rejection, BTF layouts and pinned-map reuse with real objects. */
class BpfObjectTest {
    /** BPF_F_RDONLY_PROG, which the kernel adds to every DEVMAP. */
    private static final int RDONLY_PROG = 1 << 7;

    @Test
    void loadsAndVerifiesXdpAndTcPrograms() {
        try (BpfObject obj = BpfObject.openResource("/bpf/xdp_test.bpf.o")) {
            assertThat(obj.name()).isEqualTo("xdp_test");
            assertThat(obj.programNames()).containsExactlyInAnyOrder("xdp_pass_count", "xdp_pass_count_b", "xdp_drop_count", "xdp_tx",
                    "xdp_stamp", "tc_count_ingress", "tc_count_egress");
            assertThat(obj.mapNames()).contains("counters");
            assertThatThrownBy(() -> obj.program("xdp_tx")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not loaded");

            obj.load(null);

            BpfProgram xdp = obj.program("xdp_pass_count");
            assertThat(xdp.type()).isEqualTo(BpfProgramType.XDP);
            assertThat(xdp.fd()).isPositive();
            assertThat(xdp.id()).isPositive();
            assertThat(obj.program("tc_count_ingress").type()).isEqualTo(BpfProgramType.SCHED_CLS);
            assertThat(obj.map("counters").maxEntries()).isEqualTo(5);
            assertThatThrownBy(() -> obj.program("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("xdp_tx");
            assertThatThrownBy(() -> obj.setMaxEntries("counters", 8)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void rejectedProgramCarriesTheVerifierLog() {
        try (BpfObject obj = BpfObject.openResource("/bpf/unsafe.bpf.o")) {
            assertThatThrownBy(() -> obj.load(null))
                    .isInstanceOfSatisfying(BpfException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EACCES);
                        assertThat(e.verifierLog()).contains("invalid access to packet");
                        assertThat(e.getMessage()).contains("cannot load BPF object unsafe")
                                .contains("EACCES").contains("invalid access to packet");
                    });
        }
    }

    @Test
    void libbpfLogGoesToTheSystemLogger() {
        try (LogCapture log = LogCapture.of("org.upf.bpf.libbpf");
                BpfObject obj = BpfObject.openResource("/bpf/unsafe.bpf.o")) {
            assertThatThrownBy(() -> obj.load(null)).isInstanceOf(BpfException.class);
            assertThat(log.messages(Level.WARNING)).anySatisfy(m -> assertThat(m).contains("invalid access to packet"));
        }
    }

    @Test
    void garbageIsNotAnObject() {
        assertThatThrownBy(() -> BpfObject.open("garbage", new byte[] {1, 2, 3, 4}))
                .isInstanceOf(BpfException.class).hasMessageContaining("cannot open BPF object garbage");
    }

    @Test
    void structLayoutComesFromBtf() {
        try (BpfObject obj = BpfObject.openResource("/bpf/maps_test.bpf.o")) {
            StructLayout probe = obj.structLayout("layout_probe");
            assertThat(probe.size()).isEqualTo(56);
            assertThat(probe.members()).containsExactly(
                    new StructLayout.Member("kind", 0, 1),
                    new StructLayout.Member("id", 4, 4),
                    new StructLayout.Member("bytes", 8, 8),
                    new StructLayout.Member("ports", 16, 8),
                    new StructLayout.Member("v4", 24, 4),
                    new StructLayout.Member("v6", 24, 16),
                    new StructLayout.Member("in", 40, 8),
                    new StructLayout.Member("tail", 48, 1));
            assertThat(obj.structLayout("inner").members()).containsExactly(
                    new StructLayout.Member("a", 0, 4), new StructLayout.Member("b", 4, 2));
            assertThat(probe.member("tail")).hasValue(new StructLayout.Member("tail", 48, 1));
            assertThatThrownBy(() -> obj.structLayout("no_such_struct"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_struct");
        }
    }

    @Test
    void rodataConfiguresTheProgramBeforeLoad() {
        try (BpfObject obj = BpfObject.openResource("/bpf/config_test.bpf.o")) {
            String rodata = obj.mapNames().stream().filter(n -> n.endsWith(".rodata")).findFirst().orElseThrow();
            StructLayout globals = obj.structLayout(".rodata");
            assertThat(globals.size()).isEqualTo(8);
            assertThat(globals.members()).containsExactly(
                    new StructLayout.Member("pad", 0, 4), new StructLayout.Member("verdict", 4, 4));
            assertThatThrownBy(() -> obj.setInitialValue(rodata, new byte[3]))
                    .isInstanceOf(BpfException.class).hasMessageContaining(rodata);

            ByteBuffer config = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
            config.putInt(globals.member("verdict").orElseThrow().offset(), 1); // XDP_DROP
            obj.setInitialValue(rodata, config.array());
            obj.load(null);
            TestRunResult result = obj.program("xdp_configured").testRun(TestRunRequest.builder(new byte[64]).build());
            assertThat(result.retval()).isEqualTo(1);
        }
    }

    @Test
    void pinnedMapsAreReusedWithTheirContents() throws Exception {
        try (PinRoot pins = PinRoot.create()) {
            var maps = pins.path().resolve("maps");
            try (BpfObject first = BpfObject.openResource("/bpf/maps_test.bpf.o")) {
                first.load(maps);
                first.map("pinned_v1").update(u32(1), u64(4242), UpdateFlags.ANY);
                first.map("devmap_v1").update(u32(0), u32(1), UpdateFlags.ANY); // lo
            }
            assertThat(maps.resolve("pinned_v1")).exists();
            assertThat(maps.resolve("devmap_v1")).exists();
            assertThat(maps.resolve("hash")).doesNotExist();

            try (BpfMap devmap = BpfMap.openPinned(maps.resolve("devmap_v1"))) {
                assertThat(devmap.flags() & RDONLY_PROG).as("the flag that trips libbpf 1.1").isNotZero();
            }
            try (BpfObject second = BpfObject.openResource("/bpf/maps_test.bpf.o")) {
                second.load(maps);
                ByteBuffer value = direct(8);
                assertThat(second.map("pinned_v1").lookup(u32(1), value)).isTrue();
                assertThat(value.getLong(0)).isEqualTo(4242);
                ByteBuffer ifindex = direct(4);
                assertThat(second.map("devmap_v1").lookup(u32(0), ifindex)).isTrue();
                assertThat(ifindex.getInt(0)).isEqualTo(1);
                assertThat(second.map("hash").lookup(u32(1), value)).isFalse();
            }
        }
    }

    @Test
    void incompatiblePinnedMapIsRefusedWithReason() throws Exception {
        try (PinRoot pins = PinRoot.create()) {
            try (BpfObject first = BpfObject.openResource("/bpf/maps_test.bpf.o")) {
                first.load(pins.path());
            }
            try (BpfObject second = BpfObject.openResource("/bpf/maps_test.bpf.o")) {
                second.setMaxEntries("pinned_v1", 32);
                assertThatThrownBy(() -> second.load(pins.path()))
                        .isInstanceOf(BpfException.class)
                        .hasMessageContaining("map pinned at " + pins.path().resolve("pinned_v1"))
                        .hasMessageContaining("max 32");
            }
        }
    }

    @Test
    void pinningOutsideBpffsIsAClearError(@TempDir Path notBpffs) {
        try (BpfObject obj = BpfObject.openResource("/bpf/maps_test.bpf.o")) {
            assertThatThrownBy(() -> obj.load(notBpffs))
                    .isInstanceOf(BpfException.class)
                    .hasMessageContaining("cannot pin map").hasMessageContaining(notBpffs.toString());
            assertThat(notBpffs).isEmptyDirectory();
        }
    }

    @Test
    void pinnedMapOpensStandalone() throws Exception {
        try (PinRoot pins = PinRoot.create(); BpfObject obj = BpfObject.openResource("/bpf/maps_test.bpf.o")) {
            obj.load(null);
            BpfMap hash = obj.map("hash");
            hash.pin(pins.path().resolve("extra"));
            try (BpfMap standalone = BpfMap.openPinned(pins.path().resolve("extra"))) {
                assertThat(standalone.name()).isEqualTo("hash");
                assertThat(standalone.id()).isEqualTo(hash.id());
                standalone.update(u32(3), u64(33), UpdateFlags.ANY);
            }
            ByteBuffer value = direct(8);
            assertThat(hash.lookup(u32(3), value)).isTrue();
            assertThat(value.getLong(0)).isEqualTo(33);
            hash.unpin(pins.path().resolve("extra"));
            assertThat(Files.exists(pins.path().resolve("extra"))).isFalse();
            assertThatThrownBy(() -> BpfMap.openPinned(pins.path().resolve("extra")))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        }
    }
}
