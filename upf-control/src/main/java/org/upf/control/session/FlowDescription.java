package org.upf.control.session;

import org.upf.bpf.dataplane.SdfFilter;
import org.upf.control.alloc.Cidr;

/**
 * Reads the Flow Description of an SDF Filter (TS 29.244 §8.2.5: an IPFilterRule of TS 29.212 §5.4.2 / RFC 6733
 * §4.3) into the data path's filter. Only "permit out" rules exist on N4 (TS 29.212 §5.4.2): the "from" side is
 * the remote (data network) end, the "to" side the UE ("assigned" or its address), and the UPF applies the rule
 * to both directions with the ends swapped for uplink (TS 29.244 §5.2.1A.2A). Supported: protocol by number or
 * ip/tcp/udp/icmp/icmpv6, "any" or an address or prefix, one port or a port range per side. Anything else
 * (options, port lists) is rejected rather than silently widened.
 */
final class FlowDescription {
    private FlowDescription() {
    }

    static SdfFilter parse(String text) {
        String[] t = text.trim().split("\\s+");
        int i = 0;
        if (t.length < 6 || !t[i++].equals("permit") || !t[i++].equals("out")) {
            throw new IllegalArgumentException("expected \"permit out PROTO from ... to ...\", got \"" + text + "\"");
        }
        SdfFilter f = SdfFilter.any().withProtocol(protocol(t[i++]));
        if (!t[i++].equals("from")) {
            throw new IllegalArgumentException("expected \"from\" in \"" + text + "\"");
        }
        String remote = t[i++];
        if (!remote.equals("any")) {
            Cidr c = Cidr.parse(remote);
            f = f.withRemote(c.address(), c.length());
        }
        if (i < t.length && !t[i].equals("to")) {
            int[] r = ports(t[i++]);
            f = f.withRemotePorts(r[0], r[1]);
        }
        if (i >= t.length || !t[i++].equals("to") || i >= t.length) {
            throw new IllegalArgumentException("expected \"to UE\" in \"" + text + "\"");
        }
        i++; // the UE side: "assigned" or the UE's own address, which the PDI already matches
        if (i < t.length) {
            int[] r = ports(t[i++]);
            f = f.withUePorts(r[0], r[1]);
        }
        if (i < t.length) {
            throw new IllegalArgumentException("unsupported options \"" + t[i] + "...\" in \"" + text + "\"");
        }
        return f;
    }

    private static int protocol(String p) {
        return switch (p) {
            case "ip" -> 0;
            case "icmp" -> 1;
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmpv6", "ipv6-icmp" -> 58;
            default -> {
                int n = Integer.parseInt(p);
                if (n < 0 || n > 255) {
                    throw new IllegalArgumentException("protocol " + n + " not in 0..255");
                }
                yield n;
            }
        };
    }

    private static int[] ports(String p) {
        int dash = p.indexOf('-');
        int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
        int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
        return new int[] {lo, hi};
    }
}
