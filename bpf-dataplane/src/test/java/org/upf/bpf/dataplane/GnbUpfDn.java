package org.upf.bpf.dataplane;

import org.upf.bpf.netns.Link;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.Topology;
import org.upf.bpf.netns.VethPair;

/**
 * Three namespaces joined by veths for traffic tests through a UPF (the data path's {@code VethUpf}, the agent's
 * {@code AgentTestbed} in upf-control):
 * gNB {@value #GNB} ── n3g|n3 {@value #UPF_N3} [UPF] {@value #UPF_N6} n6|n6d ── {@value #DN} data network,
 * which routes the UE pool {@value #UE_POOL} back through the UPF. Closed with the topology it is made in.
 */
public final class GnbUpfDn {
    public static final String GNB = "198.18.3.2";
    public static final String UPF_N3 = "198.18.3.1";
    public static final String UPF_N6 = "198.18.6.1";
    public static final String DN = "198.18.6.2";
    public static final String UE_POOL = "198.19.200.0/24";

    public final NetworkNamespace gnb;
    public final NetworkNamespace upf;
    public final NetworkNamespace dn;
    /** The UPF's interfaces, named n3 and n6. */
    public final Link n3;
    public final Link n6;

    public GnbUpfDn(Topology topology) {
        gnb = topology.namespace("gnb");
        upf = topology.namespace("upf");
        dn = topology.namespace("dn");
        VethPair p3 = topology.veth(gnb, "n3g", upf, "n3");
        VethPair p6 = topology.veth(upf, "n6", dn, "n6d");
        p3.a().address(GNB + "/24").up().gro(true); // XDP_REDIRECT into a veth needs GRO on its peer
        n3 = p3.b().address(UPF_N3 + "/24").up();
        n6 = p6.a().address(UPF_N6 + "/24").up();
        p6.b().address(DN + "/24").up().gro(true).route(UE_POOL, UPF_N6);
        n3.neighbour(GNB, p3.a().mac().toString());
        n6.neighbour(DN, p6.b().mac().toString());
        upf.sysctl("net.ipv4.ip_forward", "1");
    }
}
