/**
 * Network namespaces, veth pairs and bpffs pin roots for tests and the lab, driven through iproute2.
 *
 * <p>{@link org.upf.bpf.netns.Topology} is the fixture: it creates namespaces named
 * {@code upf-<purpose>-<role>-<rand>}, veth pairs between them ({@link org.upf.bpf.netns.VethPair},
 * each end a {@link org.upf.bpf.netns.Link} with MAC, MTU, addresses, GRO, neighbours, routes) and a
 * private {@code /sys/fs/bpf/upf-test-<rand>/} pin root, and removes all of it on close, even after a
 * failure. Addresses are only accepted from 198.18.0.0/15 and 2001:db8::/32; IPv6 duplicate address
 * detection is off so addresses work at once.
 *
 * <p>Each namespace and pin root is held under a lease (a locked file in /run/upf-test) for its
 * lifetime. {@link org.upf.bpf.netns.Leftovers#cleanup()} removes those whose owner process died,
 * never those of a test run still going on in another JVM.
 *
 * <p>{@code ip netns exec} (used by {@link org.upf.bpf.netns.NetworkNamespace#exec}) remounts /sys and
 * hides bpffs; BPF work enters a namespace with {@code org.upf.bpf.Netns.call(ns.name(), ...)}.
 * Failing commands raise {@link org.upf.bpf.netns.CommandException} with command, exit code and stderr.
 */
package org.upf.bpf.netns;
