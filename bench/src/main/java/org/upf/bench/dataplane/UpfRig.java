package org.upf.bench.dataplane;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfObject;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.Netns;
import org.upf.bpf.TestRunRequest;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.XdpMode;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.netns.Link;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;
import org.upf.bpf.packet.Packet;

/**
 * The data-path benchmarks' network: three namespaces, two veth pairs, real routes and permanent neighbours so
 * bpf_fib_lookup resolves next hops, and xdp_drop_count (bpf-dataplane's xdp_test object) counting what arrives
 * at both outer ends.
 *
 * <pre>
 *   gnb: dpg* 198.18.3.2 ── dp3* 198.18.3.1  [upf]  dp6* 2001:db8:6::1 ── dpd* 2001:db8:6::2 :dn
 *                                                    DN hosts 2001:db8:100::/64 via 2001:db8:6::2
 * </pre>
 *
 * Uplink frames (GTP-U/IPv4 carrying UDP/IPv6 from a UE) enter the UPF at dp3 and leave decapsulated at dp6;
 * downlink frames (UDP/IPv6 to a UE) enter at dp6 and leave GTP-U encapsulated at dp3. Device names carry a
 * random suffix so each veth's NAPI thread can be told apart on the host. Everything is removed on close, also
 * after a failed set-up.
 */
final class UpfRig implements AutoCloseable {
    static final String GNB_MAC = "02:00:00:00:03:02";
    static final String UPF_N3_MAC = "02:00:00:00:03:01";
    static final String UPF_N6_MAC = "02:00:00:00:06:01";
    static final String DN_MAC = "02:00:00:00:06:02";
    static final String GNB = "198.18.3.2";
    static final String UPF_N3 = "198.18.3.1";
    static final String DN_GW_V6 = "2001:db8:6::2";
    static final String DN_HOST_V6 = "2001:db8:100::10";
    static final int QFI = 9;
    static final int XDP_REDIRECT = 4;
    /** Slot of xdp_drop_count in xdp_test's counters array. */
    private static final int COUNT_XDP_DROP = 1;
    private static final int TEMPLATE_MAX = 128;
    /** Keys of gen_state: variants in use, the next one, the template (by {@link Way#ordinal()}) in use. */
    private static final int GEN_COUNT = 0;
    private static final int GEN_NEXT = 1;
    private static final int GEN_TEMPLATE = 2;
    /** Marks where the generator writes each frame's TEID and UE address. */
    private static final int TEID_MARK = 0x7e1d_7e1d;
    private static final String UE_MARK = "2001:db8:ffff:ffff::1";

    /** Traffic direction through the UPF. */
    enum Way {
        UPLINK, DOWNLINK
    }

    final Topology topology;
    final NetworkNamespace gnb;
    final NetworkNamespace upf;
    final NetworkNamespace dn;
    final Link gnbEnd;
    final Link n3;
    final Link n6;
    final Link dnEnd;
    final BpfObject bench;
    private final BpfMap sinkCounters;
    private final ByteBuffer sinkSlot = direct(Integer.BYTES).putInt(0, COUNT_XDP_DROP);
    private final ByteBuffer sinkCount = direct(Long.BYTES);

    /** variants: how many TEID / UE address pairs the generator can cycle through. */
    UpfRig(String purpose, int variants) {
        topology = Topology.create(purpose);
        try {
            gnb = topology.namespace("gnb");
            upf = topology.namespace("upf");
            dn = topology.namespace("dn");
            String sfx = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
            VethPair p3 = topology.veth(gnb, "dpg" + sfx, upf, "dp3" + sfx);
            VethPair p6 = topology.veth(upf, "dp6" + sfx, dn, "dpd" + sfx);
            gnbEnd = p3.a().mac(GNB_MAC).address(GNB + "/24").up();
            n3 = p3.b().mac(UPF_N3_MAC).address(UPF_N3 + "/24").up().neighbour(GNB, GNB_MAC);
            n6 = p6.a().mac(UPF_N6_MAC).address("2001:db8:6::1/64").up().neighbour(DN_GW_V6, DN_MAC)
                    .route("2001:db8:100::/64", DN_GW_V6);
            dnEnd = p6.b().mac(DN_MAC).up();
            upf.sysctl("net.ipv4.ip_forward", "1");
            upf.sysctl("net.ipv6.conf.all.forwarding", "1");
            BpfObject sink = topology.track(BpfObject.openResource("/bpf/xdp_test.bpf.o"));
            sink.load(null);
            sinkCounters = sink.map("counters");
            // A native XDP program on the receiving ends also gives those veths the NAPI XDP frames need.
            attach(gnbEnd, sink.program("xdp_drop_count"));
            attach(dnEnd, sink.program("xdp_drop_count"));
            bench = loadBench("/bpf/bench_dataplane.bpf.o", o -> o.setMaxEntries("gen_var", Math.max(1, variants)),
                    "bench_tx");
        } catch (RuntimeException | Error e) {
            topology.close();
            throw e;
        }
    }

    /**
     * A rig for purpose (see the constructor) with setUp run on it; the rig is closed if setUp fails, so a
     * benchmark's failed set-up leaves no namespace behind.
     */
    static UpfRig open(String purpose, int variants, Consumer<UpfRig> setUp) {
        UpfRig rig = new UpfRig(purpose, variants);
        try {
            setUp.accept(rig);
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    /** Loads the UPF with config (closed with the rig). */
    Dataplane loadUpf(DataplaneConfig config) {
        return topology.track(Dataplane.load(config, null));
    }

    /** Attaches the UPF's programs natively to N3 and N6 (its redirect targets). */
    void attachUpf(Dataplane dp) {
        Netns.call(upf.name(), () -> {
            dp.attach(Dataplane.Role.N3, n3.ifindex());
            dp.attach(Dataplane.Role.N6, n6.ifindex());
            return null;
        });
    }

    /** Attaches the plain DEVMAP redirect (xdp_redirect) to N3 and N6 instead of the UPF; returns it. */
    BpfProgram attachRedirect() {
        attach(bench.program("xdp_redirect"), bench.program("xdp_redirect"));
        return bench.program("xdp_redirect");
    }

    /** Attaches uplink natively to N3 and downlink to N6 instead of the UPF (closed with the rig). */
    void attach(BpfProgram uplink, BpfProgram downlink) {
        attach(n3, uplink);
        attach(n6, downlink);
    }

    /**
     * Opens a bench-only BPF object from the classpath (closed with the rig), lets size set its maps' sizes, loads it,
     * and fills its DEVMAP_HASH txMap as the redirect baselines' bench_tx: what comes in on N3 goes out of N6 and the
     * other way round.
     */
    BpfObject loadBench(String resource, Consumer<BpfObject> size, String txMap) {
        BpfObject object = topology.track(BpfObject.openResource(resource));
        size.accept(object);
        object.load(null);
        Netns.call(upf.name(), () -> {
            BpfMap tx = object.map(txMap);
            tx.update(direct(4).putInt(0, n3.ifindex()), direct(4).putInt(0, n6.ifindex()), UpdateFlags.ANY);
            tx.update(direct(4).putInt(0, n6.ifindex()), direct(4).putInt(0, n3.ifindex()), UpdateFlags.ANY);
            return null;
        });
        return object;
    }

    private void attach(Link link, BpfProgram program) {
        topology.track(Netns.call(link.namespace().name(),
                () -> program.attachXdp(link.ifindex(), XdpMode.NATIVE)));
    }

    /** The UPF interface a way's frames come in on. */
    Link ingress(Way way) {
        return way == Way.UPLINK ? n3 : n6;
    }

    /** A G-PDU from the gNB (uplink) or a packet from the DN (downlink) for the UE of teid / ue. */
    static byte[] frame(Way way, int teid, String ue) {
        return way == Way.UPLINK
                ? Packet.eth(GNB_MAC, UPF_N3_MAC).ipv4(GNB, UPF_N3).udp(2152, 2152).gtpu(teid & 0xffff_ffffL)
                        .pduSessionContainerUl(QFI).ipv6(ue, DN_HOST_V6).udp(40000, 5001).payload(new byte[18])
                        .build()
                : Packet.eth(DN_MAC, UPF_N6_MAC).ipv6(DN_HOST_V6, ue).udp(5001, 40000).payload(new byte[18])
                        .build();
    }

    static String ipv6(byte[] raw) {
        return BulkSessions.address(raw).getHostAddress();
    }

    /** A single-run BPF_PROG_TEST_RUN request of frame as if it came in on the UPF's interface for way. */
    TestRunRequest testRun(Way way, byte[] frame) {
        return TestRunRequest.builder(frame).ingressIfindex(ingress(way).ifindex()).build();
    }

    /**
     * Loads the generator with way's frame and the sessions' TEIDs / UE addresses, in their order; returns the
     * live-frames request that sends {@code frames} of them from the far end (gNB for uplink, DN for downlink).
     */
    TestRunRequest generator(Way way, BulkSessions sessions, int frames, int batch) {
        byte[] template = frame(way, TEID_MARK, UE_MARK);
        if (template.length > TEMPLATE_MAX) {
            throw new IllegalStateException("template frame of " + template.length + " octets");
        }
        byte[] mark = ByteBuffer.allocate(4).putInt(TEID_MARK).array();
        int teidAt = way == Way.UPLINK ? indexOf(template, mark) : 0;
        int addrAt = indexOf(template, BulkSessions.address(UE_MARK).getAddress());
        ByteBuffer t = direct(bench.map("gen_tmpl").valueSize());
        t.putInt(0, template.length).putShort(4, (short) teidAt).putShort(6, (short) addrAt).put(8, template);
        bench.map("gen_tmpl").update(direct(4).putInt(0, way.ordinal()), t, UpdateFlags.ANY);
        BpfMap var = bench.map("gen_var");
        int n = sessions.count();
        ByteBuffer keys = direct(n * 4);
        ByteBuffer values = direct(n * var.valueSize());
        for (int i = 0; i < n; i++) {
            keys.putInt(i * 4, i);
            values.order(ByteOrder.BIG_ENDIAN).putInt(i * var.valueSize(), sessions.teids()[i])
                    .put(i * var.valueSize() + 4, sessions.ueAddress()[i]);
        }
        values.order(ByteOrder.nativeOrder());
        var.updateBatch(keys, values, n);
        BpfMap state = bench.map("gen_state");
        state.update(direct(4).putInt(0, GEN_COUNT), direct(4).putInt(0, n), UpdateFlags.ANY);
        state.update(direct(4).putInt(0, GEN_NEXT), direct(4), UpdateFlags.ANY);
        Link out = way == Way.UPLINK ? gnbEnd : dnEnd;
        return TestRunRequest.builder(template).ingressIfindex(out.ifindex()).repeat(frames).liveFrames(true)
                .batchSize(batch).build();
    }

    /** Runs a generator request with way's template in the namespace of the far end it sends from. */
    void generate(Way way, TestRunRequest request) {
        bench.map("gen_state").update(direct(4).putInt(0, GEN_TEMPLATE), direct(4).putInt(0, way.ordinal()),
                UpdateFlags.ANY);
        try (Netns.Entered in = Netns.enter((way == Way.UPLINK ? gnb : dn).name())) {
            bench.program("xdp_gen").testRun(request);
        }
    }

    /** Frames xdp_drop_count has counted at both outer ends since the rig was made. */
    long arrived() {
        sinkCounters.lookup(sinkSlot, sinkCount);
        return sinkCount.getLong(0);
    }

    List<NetworkNamespace> namespaces() {
        return List.of(gnb, upf, dn);
    }

    @Override
    public void close() {
        topology.close();
    }

    private static int indexOf(byte[] frame, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= frame.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (frame[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found in the template frame");
    }

    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
