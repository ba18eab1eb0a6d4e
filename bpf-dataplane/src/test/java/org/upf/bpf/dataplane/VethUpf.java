package org.upf.bpf.dataplane;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.upf.bpf.Netns;
import org.upf.bpf.dataplane.Dataplane.Role;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;

/** {@link GnbUpfDn} with the UPF's programs attached natively. Real frames, real UDP sockets. */
final class VethUpf implements AutoCloseable {
    static final String GNB = GnbUpfDn.GNB;
    static final String UPF_N3 = GnbUpfDn.UPF_N3;
    static final String UPF_N6 = GnbUpfDn.UPF_N6;
    static final String DN = GnbUpfDn.DN;

    final Topology topology;
    final NetworkNamespace gnb;
    final NetworkNamespace upf;
    final NetworkNamespace dn;
    final Dataplane dp;

    VethUpf(String purpose, DataplaneConfig config) {
        topology = Topology.create(purpose);
        try {
            GnbUpfDn net = new GnbUpfDn(topology);
            gnb = net.gnb;
            upf = net.upf;
            dn = net.dn;
            dp = topology.track(Dataplane.load(config, null));
            Netns.call(upf.name(), () -> {
                dp.attach(Role.N3, net.n3.ifindex());
                dp.attach(Role.N6, net.n6.ifindex());
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
