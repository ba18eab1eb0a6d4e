package org.upf.bpf.dataplane;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.upf.bpf.Netns;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;

/**
 * Three namespaces joined by veths, the UPF's programs attached natively:
 * gNB {@value #GNB} ── n3g|n3 {@value #UPF_N3} [UPF] {@value #UPF_N6} n6|n6d ── {@value #DN} data network,
 * which routes the UE pool 198.19.200.0/24 back through the UPF. Real frames, real UDP sockets.
 */
final class VethUpf implements AutoCloseable {
    static final String GNB = "198.18.3.2";
    static final String UPF_N3 = "198.18.3.1";
    static final String UPF_N6 = "198.18.6.1";
    static final String DN = "198.18.6.2";

    final Topology topology;
    final NetworkNamespace gnb;
    final NetworkNamespace upf;
    final NetworkNamespace dn;
    final Dataplane dp;

    VethUpf(String purpose, DataplaneConfig config) {
        topology = Topology.create(purpose);
        try {
            gnb = topology.namespace("gnb");
            upf = topology.namespace("upf");
            dn = topology.namespace("dn");
            VethPair n3 = topology.veth(gnb, "n3g", upf, "n3");
            VethPair n6 = topology.veth(upf, "n6", dn, "n6d");
            n3.a().address(GNB + "/24").up().gro(true); // XDP_REDIRECT into a veth needs GRO on its peer
            n3.b().address(UPF_N3 + "/24").up();
            n6.a().address(UPF_N6 + "/24").up();
            n6.b().address(DN + "/24").up().gro(true).route("198.19.200.0/24", UPF_N6);
            n3.b().neighbour(GNB, n3.a().mac().toString());
            n6.a().neighbour(DN, n6.b().mac().toString());
            upf.sysctl("net.ipv4.ip_forward", "1");
            dp = topology.track(Dataplane.load(config, null));
            Netns.call(upf.name(), () -> {
                dp.attach(Role.N3, n3.b().ifindex());
                dp.attach(Role.N6, n6.a().ifindex());
                return null;
            });
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /** A UDP socket of the gNB on port 2152, closed with the fixture. */
    DatagramSocket gnbSocket() {
        return socket(gnb, GNB, 2152);
    }

    /** A UDP socket in the data network, closed with the fixture. */
    DatagramSocket dnSocket(int port) {
        return socket(dn, DN, port);
    }

    private DatagramSocket socket(NetworkNamespace ns, String address, int port) {
        return topology.track(Netns.call(ns.name(), () -> new DatagramSocket(new InetSocketAddress(address, port))));
    }

    @Override
    public void close() {
        topology.close();
    }
}
