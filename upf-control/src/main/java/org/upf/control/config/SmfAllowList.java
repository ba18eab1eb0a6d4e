package org.upf.control.config;

import java.net.InetAddress;
import java.util.List;
import org.upf.control.alloc.Cidr;

/**
 * The SMFs allowed to set up a PFCP association (key {@code smf.allowed}): IP addresses or prefixes matched
 * against the request's source address, and FQDN Node IDs matched against the Node ID IE. An FQDN entry trusts
 * what the peer claims, so prefer addresses.
 */
public record SmfAllowList(List<Cidr> prefixes, List<String> fqdns) {
    public SmfAllowList {
        prefixes = List.copyOf(prefixes);
        fqdns = List.copyOf(fqdns);
    }

    /** Whether a peer sending from source with Node ID nodeId (text, may be null) may associate. */
    public boolean allows(InetAddress source, String nodeId) {
        return prefixes.stream().anyMatch(p -> p.contains(source))
                || (nodeId != null && fqdns.stream().anyMatch(f -> f.equalsIgnoreCase(nodeId)));
    }
}
