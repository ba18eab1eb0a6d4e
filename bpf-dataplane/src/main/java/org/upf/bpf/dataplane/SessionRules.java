package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
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
            requireKnown(e.getKey(), "QER", p.qer(), qers.keySet());
            requireKnown(e.getKey(), "QER", p.ambrQer(), qers.keySet());
            requireKnown(e.getKey(), "URR", p.urr(), urrs);
            requireKnown(e.getKey(), "URR", p.urr2(), urrs);
        }
        Set<Integer> known = pdrs.keySet();
        requirePdrs(uplinkTeids, known);
        requirePdrs(downlinkIpv4, known);
        requirePdrs(downlinkIpv6, known);
        requirePdrs(downlinkIpv6Prefixes, known);
        if (uplinkTeids.containsKey(0)) {
            throw new IllegalArgumentException("TEID 0 is reserved (TS 29.281 §5.1)");
        }
    }

    private static void requireKnown(int pdr, String what, int slot, Set<Integer> slots) {
        if (slot != 0 && !slots.contains(slot)) {
            throw new IllegalArgumentException("PDR slot " + pdr + " uses " + what + " slot " + slot
                    + " not in this session");
        }
    }

    private static void requirePdrs(Map<?, List<Integer>> sets, Set<Integer> known) {
        for (List<Integer> list : sets.values()) {
            for (int i = 0; i < list.size(); i++) {
                if (!known.contains(list.get(i))) {
                    throw new IllegalArgumentException("PDR slot " + list.get(i)
                            + " is referenced but not in this session");
                }
            }
        }
    }

    public static Builder builder(int session, UeSession ue) {
        return new Builder(session, ue);
    }

    /**
     * Collects a session's rules into unmodifiable maps built directly (a session has a few entries per map), so the
     * record's Map.copyOf keeps them as they are instead of copying eight maps per session (issue 5: establishment
     * rate). A slot or key added again replaces its entry, as with a map.
     */
    public static final class Builder {
        private final int session;
        private final UeSession ue;
        private final SmallMap<Integer, FarRule> fars = new SmallMap<>();
        private final SmallMap<Integer, QerRule> qers = new SmallMap<>();
        private final SmallMap<Integer, Integer> urrs = new SmallMap<>();
        private final SmallMap<Integer, PdrRule> pdrs = new SmallMap<>();
        private final SmallMap<Integer, List<Integer>> uplink = new SmallMap<>();
        private final SmallMap<Inet4Address, List<Integer>> dl4 = new SmallMap<>();
        private final SmallMap<Inet6Address, List<Integer>> dl6 = new SmallMap<>();
        private final SmallMap<Ipv6Prefix, List<Integer>> dl6p = new SmallMap<>();

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
            urrs.put(slot, slot);
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
            return new SessionRules(session, ue, fars.toMap(), qers.toMap(), urrs.toSet(), pdrs.toMap(),
                    uplink.toMap(), dl4.toMap(), dl6.toMap(), dl6p.toMap());
        }
    }
}
