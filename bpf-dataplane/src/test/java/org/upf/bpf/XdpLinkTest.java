package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.PinRoot;
import org.upf.bpf.netns.VethPair;

/** XDP links on a veth in a fresh namespace; `ip link` is the independent witness of what is attached. */
class XdpLinkTest {
    @RegisterExtension
    final XdpTestBed bed = new XdpTestBed(() -> NetworkNamespace.create("bind-xdp"),
            n -> VethPair.create(n, "xl0", n, "xl1").up());
    private int ifindex;

    @BeforeEach
    void setUp() {
        ifindex = bed.ifindex("xl0");
    }

    /** `ip -d link show`: the mode (" xdp " or " xdpgeneric ") on the first line, then "prog/xdp id N". */
    private String linkShow() {
        return bed.ns.ip("-d", "link", "show", "dev", "xl0");
    }

    @Test
    void attachesNativeAndDetachesOnClose() {
        BpfProgram prog = bed.obj.program("xdp_pass_count");
        try (BpfLink link = Netns.call(bed.ns.name(), () -> prog.attachXdp(ifindex, XdpMode.NATIVE))) {
            assertThat(linkShow()).containsPattern("\\sxdp\\s").contains("prog/xdp id " + prog.id());
            assertThat(link.info().programId()).isEqualTo(prog.id());
            assertThat(link.info().ifindex()).isEqualTo(ifindex);
        }
        assertThat(linkShow()).doesNotContain("prog/xdp");
    }

    @Test
    void attachesGeneric() {
        BpfProgram prog = bed.obj.program("xdp_pass_count");
        try (BpfLink link = Netns.call(bed.ns.name(), () -> prog.attachXdp(ifindex, XdpMode.GENERIC))) {
            assertThat(linkShow()).containsPattern("\\sxdpgeneric\\s").contains("prog/xdp id " + prog.id());
        }
        assertThat(linkShow()).doesNotContain("xdpgeneric").doesNotContain("prog/xdp");
    }

    @Test
    void secondAttachToTheSameDeviceIsBusy() {
        BpfProgram prog = bed.obj.program("xdp_pass_count");
        try (BpfLink link = Netns.call(bed.ns.name(), () -> prog.attachXdp(ifindex, XdpMode.NATIVE))) {
            assertThatThrownBy(() -> Netns.call(bed.ns.name(), () -> bed.obj.program("xdp_drop_count")
                    .attachXdp(ifindex, XdpMode.NATIVE)))
                    .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY))
                    .hasMessageContaining("xdp_drop_count").hasMessageContaining("ifindex " + ifindex);
        }
    }

    @Test
    void pinnedLinkOutlivesItsObject() throws Exception {
        try (PinRoot pins = PinRoot.create()) {
            Path pin = pins.path().resolve("xl0-xdp");
            int progId;
            try (BpfObject agent = BpfObject.openResource("/bpf/xdp_test.bpf.o")) {
                agent.load(null);
                BpfProgram prog = agent.program("xdp_drop_count");
                progId = prog.id();
                try (BpfLink link = Netns.call(bed.ns.name(), () -> prog.attachXdp(ifindex, XdpMode.NATIVE))) {
                    link.pin(pin);
                }
            }
            assertThat(linkShow()).as("the agent is gone, the data path is not").contains("prog/xdp id " + progId);
            try (BpfLink reopened = BpfLink.openPinned(pin)) {
                assertThat(reopened.info().programId()).isEqualTo(progId);
                reopened.detach();
            }
            assertThat(linkShow()).doesNotContain("prog/xdp");
        }
    }

    @Test
    void pinnedLinkSurvivesCloseAndUpdatesAtomically() throws Exception {
        BpfProgram pass = bed.obj.program("xdp_pass_count");
        BpfProgram drop = bed.obj.program("xdp_drop_count");
        try (PinRoot pins = PinRoot.create()) {
            Path links = Files.createDirectories(pins.path().resolve("links"));
            Path pin = links.resolve("xl0-xdp");
            try (BpfLink link = Netns.call(bed.ns.name(), () -> pass.attachXdp(ifindex, XdpMode.NATIVE))) {
                link.pin(pin);
            }
            assertThat(linkShow()).as("a pinned link stays attached").contains("prog/xdp id " + pass.id());

            try (BpfLink reopened = BpfLink.openPinned(pin)) {
                assertThat(reopened.info().programId()).isEqualTo(pass.id());
                reopened.update(drop);
                assertThat(reopened.info().programId()).isEqualTo(drop.id());
                assertThat(linkShow()).contains("prog/xdp id " + drop.id());

                reopened.detach();
                assertThat(linkShow()).doesNotContain("prog/xdp");
                assertThat(reopened.info().ifindex()).isZero();
            }
            Files.delete(pin);
        }
    }
}
