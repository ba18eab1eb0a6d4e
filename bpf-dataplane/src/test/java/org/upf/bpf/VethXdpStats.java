package org.upf.bpf;

import java.util.HashMap;
import java.util.Map;
import org.upf.bpf.netns.NetworkNamespace;

/**
 * The XDP counters a veth keeps per queue ({@code ethtool -S}), summed over queues. On the sending end,
 * {@code tx_queue_N_xdp_xmit} counts frames its peer's XDP ring took and {@code tx_queue_N_xdp_xmit_errors}
 * frames refused because that ring (256 entries) was full; on the receiving end {@code rx_queue_N_xdp_packets}
 * counts frames its NAPI took off the ring.
 */
record VethXdpStats(Map<String, Long> counters) {
    static VethXdpStats of(NetworkNamespace ns, String link) {
        Map<String, Long> sums = new HashMap<>();
        for (String line : ns.exec("ethtool", "-S", link).split("\n")) {
            String[] kv = line.trim().split(":\\s*");
            if (kv.length == 2 && kv[0].matches("(rx|tx)_queue_\\d+_.*")) {
                sums.merge(kv[0].replaceFirst("_queue_\\d+_", "_"), Long.parseLong(kv[1].trim()), Long::sum);
            }
        }
        return new VethXdpStats(sums);
    }

    /** A counter summed over queues, e.g. "tx_xdp_xmit" for tx_queue_*_xdp_xmit; 0 if absent. */
    long get(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
