package org.upf.bpf.testing;

import java.util.HexFormat;
import org.opentest4j.AssertionFailedError;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.TestRunResult;
import org.upf.bpf.packet.PacketView;

/**
 * "Run program P on packet X, expect verdict V and packet Y", through BPF_PROG_TEST_RUN in the kernel:
 * <pre>{@code
 * ProgramAssert.assertThatProgram(obj.program("upf_n3"))
 *         .inNamespace(ns.name(), ifindex)          // optional: xdp_md.ingress_ifindex
 *         .runOn(uplinkFrame)
 *         .hasVerdict(XdpAction.TX)
 *         .outputs(expectedFrame);
 * }</pre>
 * A wrong packet fails with a byte diff naming each differing header field (see {@link ByteDiff}).
 */
public final class ProgramAssert {
    private final BpfProgram program;
    private String namespace;
    private int ingressIfindex;

    private ProgramAssert(BpfProgram program) {
        this.program = program;
    }

    public static ProgramAssert assertThatProgram(BpfProgram program) {
        return new ProgramAssert(program);
    }

    /** Runs inside this namespace with this ingress ifindex in the program's context. */
    public ProgramAssert inNamespace(String namespace, int ingressIfindex) {
        this.namespace = namespace;
        this.ingressIfindex = ingressIfindex;
        return this;
    }

    /** Runs the program once on {@code packet} (an Ethernet frame) and returns the result to assert on. */
    public Run runOn(byte[] packet) {
        TestRunRequest request = TestRunRequest.builder(packet).ingressIfindex(ingressIfindex).build();
        TestRunResult result = namespace == null ? program.testRun(request)
                : Netns.call(namespace, () -> program.testRun(request));
        return new Run(program.name(), packet.clone(), result);
    }

    /** The outcome of one run, with fluent assertions. */
    public static final class Run {
        private final String program;
        private final byte[] input;
        private final TestRunResult result;

        private Run(String program, byte[] input, TestRunResult result) {
            this.program = program;
            this.input = input;
            this.result = result;
        }

        public Run hasVerdict(XdpAction expected) {
            return hasRetval(expected.value(), XdpAction.nameOf(expected.value()));
        }

        /** For non-XDP programs (e.g. tc: TC_ACT_OK 0, TC_ACT_SHOT 2). */
        public Run hasRetval(int expected) {
            return hasRetval(expected, Integer.toString(expected));
        }

        private Run hasRetval(int expected, String expectedName) {
            if (result.retval() != expected) {
                String actualName = expectedName.startsWith("XDP_") ? XdpAction.nameOf(result.retval())
                        : Integer.toString(result.retval());
                throw new AssertionFailedError(program + " returned " + actualName + ", expected " + expectedName
                        + "\ninput:  " + HexFormat.of().formatHex(input)
                        + "\noutput: " + HexFormat.of().formatHex(result.dataOut()), expectedName, actualName);
            }
            return this;
        }

        /** The output packet equals {@code expected}; on mismatch the failure lists the differing fields. */
        public Run outputs(byte[] expected) {
            PacketAssert.assertPacketEquals(program + " (" + XdpAction.nameOf(result.retval()) + ") output", expected,
                    result.dataOut());
            return this;
        }

        /** The program left the packet as it came in. */
        public Run outputsInput() {
            return outputs(input);
        }

        public byte[] output() {
            return result.dataOut().clone();
        }

        /** The output decoded for field assertions. */
        public PacketView outputView() {
            return PacketView.ofEthernet(result.dataOut());
        }

        public TestRunResult result() {
            return result;
        }
    }
}
