package org.upf.bpf;

import org.upf.bpf.netns.NetworkNamespace;

/** Namespaces for tests that count every frame on a link: IPv6 is off, so no autoconfiguration chatter. */
final class QuietNamespace {
    private QuietNamespace() {}

    static NetworkNamespace create(String purpose) {
        NetworkNamespace ns = NetworkNamespace.create(purpose);
        try {
            ns.sysctl("net.ipv6.conf.all.disable_ipv6", "1");
            ns.sysctl("net.ipv6.conf.default.disable_ipv6", "1");
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }
}
