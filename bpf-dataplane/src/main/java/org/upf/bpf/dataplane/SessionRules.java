package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
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
        fars = RuleTable.copyOf(fars);
        qers = RuleTable.copyOf(qers);
        urrs = SlotSet.copyOf(urrs);
        pdrs = RuleTable.copyOf(pdrs);
        uplinkTeids = RuleTable.copyOf(uplinkTeids);
        downlinkIpv4 = RuleTable.copyOf(downlinkIpv4);
        downlinkIpv6 = RuleTable.copyOf(downlinkIpv6);
        downlinkIpv6Prefixes = RuleTable.copyOf(downlinkIpv6Prefixes);
        if (session <= 0) {
            throw new IllegalArgumentException("session slot must be >= 1, got " + session);
        }
        RuleTable<Integer, PdrRule> pdrTable = table(pdrs);
        RuleTable<Integer, QerRule> qerTable = table(qers);
        SlotSet urrSlots = (SlotSet) urrs;
        for (int i = 0; i < pdrTable.size(); i++) {
            int slot = pdrTable.keyAt(i);
            PdrRule p = pdrTable.valueAt(i);
            if (!table(fars).containsKey(p.far())) {
                throw new IllegalArgumentException("PDR slot " + slot + " uses FAR slot " + p.far()
                        + " not in this session");
            }
            requireKnown(slot, "QER", p.qer(), qerTable.containsKey(p.qer()));
            requireKnown(slot, "QER", p.ambrQer(), qerTable.containsKey(p.ambrQer()));
            requireKnown(slot, "URR", p.urr(), urrSlots.contains(p.urr()));
            requireKnown(slot, "URR", p.urr2(), urrSlots.contains(p.urr2()));
        }
        requirePdrs(table(uplinkTeids), pdrTable);
        requirePdrs(table(downlinkIpv4), pdrTable);
        requirePdrs(table(downlinkIpv6), pdrTable);
        requirePdrs(table(downlinkIpv6Prefixes), pdrTable);
        if (uplinkTeids.containsKey(0)) {
            throw new IllegalArgumentException("TEID 0 is reserved (TS 29.281 §5.1)");
        }
    }

    private static void requireKnown(int pdr, String what, int slot, boolean known) {
        if (slot != 0 && !known) {
            throw new IllegalArgumentException("PDR slot " + pdr + " uses " + what + " slot " + slot
                    + " not in this session");
        }
    }

    private static void requirePdrs(RuleTable<?, List<Integer>> sets, RuleTable<Integer, PdrRule> known) {
        for (int s = 0; s < sets.size(); s++) {
            List<Integer> list = sets.valueAt(s);
            for (int i = 0; i < list.size(); i++) {
                if (!known.containsKey(list.get(i))) {
                    throw new IllegalArgumentException("PDR slot " + list.get(i)
                            + " is referenced but not in this session");
                }
            }
        }
    }

    /** The maps as the constructor keeps them: read by index and looked up by slot on the write paths. */
    @SuppressWarnings("unchecked")
    private static <K, V> RuleTable<K, V> table(Map<K, V> map) {
        return (RuleTable<K, V>) map;
    }

    RuleTable<Integer, FarRule> farTable() {
        return table(fars);
    }

    RuleTable<Integer, QerRule> qerTable() {
        return table(qers);
    }

    SlotSet urrSlots() {
        return (SlotSet) urrs;
    }

    RuleTable<Integer, PdrRule> pdrTable() {
        return table(pdrs);
    }

    RuleTable<Integer, List<Integer>> uplinkTable() {
        return table(uplinkTeids);
    }

    RuleTable<Inet4Address, List<Integer>> downlinkIpv4Table() {
        return table(downlinkIpv4);
    }

    RuleTable<Inet6Address, List<Integer>> downlinkIpv6Table() {
        return table(downlinkIpv6);
    }

    RuleTable<Ipv6Prefix, List<Integer>> downlinkIpv6PrefixTable() {
        return table(downlinkIpv6Prefixes);
    }

    public static Builder builder(int session, UeSession ue) {
        return new Builder(session, ue);
    }

    /**
     * Collects a session's rules into unmodifiable {@link RuleTable}s (and the URR slots into a {@link SlotSet}) built
     * directly (a session has a few entries per map), so the record's copyOf keeps them as they are instead of
     * copying eight maps per session (issue 5: establishment rate). A slot or key added again replaces its entry, as
     * with a map.
     */
    public static final class Builder {
        private final int session;
        private final UeSession ue;
        private final SmallMap<Integer, FarRule> fars = new SmallMap<>();
        private final SmallMap<Integer, QerRule> qers = new SmallMap<>();
        private int[] urrs = new int[2];
        private int urrCount;
        private final SmallMap<Integer, PdrRule> pdrs = new SmallMap<>();
        private final SmallMap<Integer, List<Integer>> uplink = new SmallMap<>();
        private final SmallMap<Inet4Address, List<Integer>> dl4 = new SmallMap<>();
        private final SmallMap<Inet6Address, List<Integer>> dl6 = new SmallMap<>();
        private final SmallMap<Ipv6Prefix, List<Integer>> dl6p = new SmallMap<>();

        private Builder(int session, UeSession ue) {
            this.session = session;
            this.ue = ue;
        }

        /** slot boxed: a caller holding its slots as Integers (the agent's session state) passes them as they are. */
        public Builder far(Integer slot, FarRule far) {
            fars.put(slot, far);
            return this;
        }

        /** slot boxed, as for {@link #far}. */
        public Builder qer(Integer slot, QerRule qer) {
            qers.put(slot, qer);
            return this;
        }

        public Builder urr(int slot) {
            for (int i = 0; i < urrCount; i++) {
                if (urrs[i] == slot) {
                    return this;
                }
            }
            if (urrCount == urrs.length) {
                urrs = Arrays.copyOf(urrs, 2 * urrCount);
            }
            urrs[urrCount++] = slot;
            return this;
        }

        /** slot boxed, as for {@link #far}. */
        public Builder pdr(Integer slot, PdrRule pdr) {
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
            return new SessionRules(session, ue, fars.toMap(), qers.toMap(), SlotSet.of(urrs, urrCount), pdrs.toMap(),
                    uplink.toMap(), dl4.toMap(), dl6.toMap(), dl6p.toMap());
        }
    }
}
