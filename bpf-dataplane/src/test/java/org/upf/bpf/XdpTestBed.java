package org.upf.bpf;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.upf.bpf.netns.NetworkNamespace;

/**
 * A namespace with the links a test needs and the binding's test object (src/test/bpf/xdp_test.bpf.c) loaded,
 * with its per-program counters; everything is closed with it, also when the set-up fails.
 */
final class XdpTestBed implements AutoCloseable {
    /** Slots of xdp_test's counters array. */
    static final int COUNT_XDP_PASS = 0;
    static final int COUNT_XDP_PASS_B = 4;

    final NetworkNamespace ns;
    final BpfObject obj;

    private XdpTestBed(NetworkNamespace ns, BpfObject obj) {
        this.ns = ns;
        this.obj = obj;
    }

    /** links creates the test's links in ns; then xdp_test is loaded. */
    static XdpTestBed create(NetworkNamespace ns, Consumer<NetworkNamespace> links) {
        try {
            links.accept(ns);
            BpfObject obj = BpfObject.openResource("/bpf/xdp_test.bpf.o");
            try {
                obj.load(null);
            } catch (RuntimeException e) {
                obj.close();
                throw e;
            }
            return new XdpTestBed(ns, obj);
        } catch (RuntimeException e) {
            ns.close();
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
    public void close() {
        try {
            obj.close();
        } finally {
            ns.close();
        }
    }
}
