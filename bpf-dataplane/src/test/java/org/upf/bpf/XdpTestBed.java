package org.upf.bpf;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.upf.bpf.netns.NetworkNamespace;

/**
 * A test extension ({@code @RegisterExtension}): before each test a fresh namespace with the links the test
 * needs and the binding's test object (src/test/bpf/xdp_test.bpf.c) loaded, with its per-program counters;
 * after each test (or a failed set-up) all of it closed.
 */
final class XdpTestBed implements BeforeEachCallback, AfterEachCallback {
    /** Slots of xdp_test's counters array. */
    static final int COUNT_XDP_PASS = 0;
    static final int COUNT_XDP_PASS_B = 4;

    private final Supplier<NetworkNamespace> namespace;
    private final Consumer<NetworkNamespace> links;
    /** The current test's namespace and loaded object. */
    NetworkNamespace ns;
    BpfObject obj;

    /** namespace makes the namespace, links the test's links in it. */
    XdpTestBed(Supplier<NetworkNamespace> namespace, Consumer<NetworkNamespace> links) {
        this.namespace = namespace;
        this.links = links;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ns = namespace.get();
        try {
            links.accept(ns);
            obj = BpfObject.openResource("/bpf/xdp_test.bpf.o");
            obj.load(null);
        } catch (RuntimeException e) {
            afterEach(context);
            throw e;
        }
    }

    /** The ifindex of link in the namespace. */
    int ifindex(String link) {
        return Netns.ifindex(ns.name(), link);
    }

    /** The value of one slot of xdp_test's counters array. */
    long count(int slot) {
        ByteBuffer value = Buffers.direct(8);
        obj.map("counters").lookup(Buffers.u32(slot), value);
        return value.getLong(0);
    }

    /**
     * A 64-byte broadcast Ethernet frame from 02:00:00:00:00:{source} with a local experimental ethertype
     * (IEEE 802 0x88b5): nothing in the kernel stack takes it.
     */
    static byte[] broadcastFrame(int source) {
        ByteBuffer f = ByteBuffer.allocate(64);
        f.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(new byte[] {2, 0, 0, 0, 0, (byte) source})
                .putShort((short) 0x88b5);
        return f.array();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (obj != null) {
                obj.close();
            }
        } finally {
            ns.close();
            obj = null;
        }
    }
}
