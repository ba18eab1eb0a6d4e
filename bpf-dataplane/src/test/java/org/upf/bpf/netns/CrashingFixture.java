package org.upf.bpf.netns;

/**
 * Run in a child JVM by {@link TopologyTest}: creates a namespace and a pin root, prints their names
 * and dies without any cleanup, like a test run killed half-way.
 */
public final class CrashingFixture {
    private CrashingFixture() {}

    public static void main(String[] args) {
        Topology topology = Topology.create("crash");
        NetworkNamespace ns = topology.namespace("victim");
        System.out.println(ns.name());
        System.out.println(topology.pinRoot());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
