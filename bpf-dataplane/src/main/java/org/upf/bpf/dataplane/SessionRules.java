package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one PDU session puts in the maps, by slot (allocated by the agent; 0 is never a slot) and key, so
 * the {@link Dataplane} can write or remove it as a unit in a safe order.
 *
 * @param uplinkTeids   local TEID -> its PDR slots in precedence order
 * @param downlinkIpv4  UE IPv4 address -> PDR slots
 * @param downlinkIpv6  exact UE IPv6 address -> PDR slots
 * @param downlinkIpv6Prefixes UE IPv6 prefix -> PDR slots
 */
public record SessionRules(int session, UeSession ue, Map<Integer, FarRule> fars, Map<Integer, QerRule> qers,
                           Set<Integer> urrs, Map<Integer, PdrRule> pdrs, Map<Integer, List<Integer>> uplinkTeids,
                           Map<Inet4Address, List<Integer>> downlinkIpv4,
                           Map<Inet6Address, List<Integer>> downlinkIpv6,
                           Map<Ipv6Prefix, List<Integer>> downlinkIpv6Prefixes) {

    /** A UE IPv6 prefix as a downlink key. */
    public record Ipv6Prefix(Inet6Address prefix, int length) {
        public Ipv6Prefix {
            Addresses.mask(6, length);
        }
    }

    public SessionRules {
        fars = Map.copyOf(fars);
        qers = Map.copyOf(qers);
        urrs = Set.copyOf(urrs);
        pdrs = Map.copyOf(pdrs);
        uplinkTeids = Map.copyOf(uplinkTeids);
        downlinkIpv4 = Map.copyOf(downlinkIpv4);
        downlinkIpv6 = Map.copyOf(downlinkIpv6);
        downlinkIpv6Prefixes = Map.copyOf(downlinkIpv6Prefixes);
        if (session <= 0) {
            throw new IllegalArgumentException("session slot must be >= 1, got " + session);
        }
        for (Map.Entry<Integer, PdrRule> e : pdrs.entrySet()) {
            PdrRule p = e.getValue();
            if (!fars.containsKey(p.far())) {
                throw new IllegalArgumentException("PDR slot " + e.getKey() + " uses FAR slot " + p.far()
                        + " not in this session");
            }
            for (int q : new int[] {p.qer(), p.ambrQer()}) {
                if (q != 0 && !qers.containsKey(q)) {
                    throw new IllegalArgumentException("PDR slot " + e.getKey() + " uses QER slot " + q
                            + " not in this session");
                }
            }
            for (int u : new int[] {p.urr(), p.urr2()}) {
                if (u != 0 && !urrs.contains(u)) {
                    throw new IllegalArgumentException("PDR slot " + e.getKey() + " uses URR slot " + u
                            + " not in this session");
                }
            }
        }
        Set<Integer> known = pdrs.keySet();
        for (Map<?, List<Integer>> sets : List.of(uplinkTeids, downlinkIpv4, downlinkIpv6, downlinkIpv6Prefixes)) {
            sets.values().forEach(list -> list.forEach(pdr -> {
                if (!known.contains(pdr)) {
                    throw new IllegalArgumentException("PDR slot " + pdr + " is referenced but not in this session");
                }
            }));
        }
        if (uplinkTeids.containsKey(0)) {
            throw new IllegalArgumentException("TEID 0 is reserved (TS 29.281 §5.1)");
        }
    }

    public static Builder builder(int session, UeSession ue) {
        return new Builder(session, ue);
    }

    /** Collects a session's rules; slots and keys in insertion order. */
    public static final class Builder {
        private final int session;
        private final UeSession ue;
        private final Map<Integer, FarRule> fars = new LinkedHashMap<>();
        private final Map<Integer, QerRule> qers = new LinkedHashMap<>();
        private final Set<Integer> urrs = new LinkedHashSet<>();
        private final Map<Integer, PdrRule> pdrs = new LinkedHashMap<>();
        private final Map<Integer, List<Integer>> uplink = new LinkedHashMap<>();
        private final Map<Inet4Address, List<Integer>> dl4 = new LinkedHashMap<>();
        private final Map<Inet6Address, List<Integer>> dl6 = new LinkedHashMap<>();
        private final Map<Ipv6Prefix, List<Integer>> dl6p = new LinkedHashMap<>();

        private Builder(int session, UeSession ue) {
            this.session = session;
            this.ue = ue;
        }

        public Builder far(int slot, FarRule far) {
            fars.put(slot, far);
            return this;
        }

        public Builder qer(int slot, QerRule qer) {
            qers.put(slot, qer);
            return this;
        }

        public Builder urr(int slot) {
            urrs.add(slot);
            return this;
        }

        public Builder pdr(int slot, PdrRule pdr) {
            pdrs.put(slot, pdr);
            return this;
        }

        /** Uplink (GTP-U ingress) PDRs of a local TEID, highest precedence first. */
        public Builder uplinkTeid(int teid, Integer... pdrSlots) {
            uplink.put(teid, List.of(pdrSlots));
            return this;
        }

        /** Downlink (N6 ingress) PDRs of a UE IPv4 address, highest precedence first. */
        public Builder downlink(Inet4Address ue, Integer... pdrSlots) {
            dl4.put(ue, List.of(pdrSlots));
            return this;
        }

        public Builder downlink(Inet6Address ue, Integer... pdrSlots) {
            dl6.put(ue, List.of(pdrSlots));
            return this;
        }

        public Builder downlinkPrefix(Inet6Address prefix, int length, Integer... pdrSlots) {
            dl6p.put(new Ipv6Prefix(prefix, length), List.of(pdrSlots));
            return this;
        }

        public SessionRules build() {
            return new SessionRules(session, ue, fars, qers, urrs, pdrs, uplink, dl4, dl6, dl6p);
        }
    }
}
