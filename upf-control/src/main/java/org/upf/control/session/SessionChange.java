package org.upf.control.session;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.upf.control.alloc.Cidr;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreateQer;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.RemoveRule;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UpdateFar;
import org.upf.pfcp.ie.UpdatePdr;
import org.upf.pfcp.ie.UpdateQer;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.message.RuleCreations;

/**
 * One establishment or modification being prepared on a copy of the session: rule changes applied in the order
 * removes, creates, updates (so an ID can be removed and created again in one request), resources allocated as
 * rules need them. Nothing touches the kernel here. Afterwards exactly one of {@link #commit()} (the data path took
 * the new rules: free what only the old state held) or {@link #abort()} (free what only the new state holds).
 */
final class SessionChange {
    private final SessionState before;
    final SessionState after;
    private final UpResources res;
    private final String dnn;
    private final List<Ie> created = new ArrayList<>();

    /** before is null for an establishment (after starts empty). */
    SessionChange(SessionState before, SessionState after, UpResources res, String dnn) {
        this.before = before;
        this.after = after;
        this.res = res;
        this.dnn = dnn;
    }

    /** Created PDR IEs for the response (TS 29.244 §7.5.3.2): chosen F-TEIDs and UE addresses. */
    List<Ie> createdPdrs() {
        return created;
    }

    void remove(RemoveRule r, Map<?, ?> rules, int ruleType) {
        long id = r.ruleId();
        if (id < 0) {
            throw RuleException.missing(r.idType(), false, IeType.nameOf(r.type()));
        }
        if (rules.remove(key(ruleType, id)) == null) {
            throw RuleException.rule(ruleType, id, IeType.nameOf(r.type()) + ": no rule " + id + " in this session");
        }
        switch (ruleType) {
            case FailedRuleId.PDR -> {
                after.pdrSlots.remove((int) id);
                after.pdrTeids.remove((int) id);
            }
            case FailedRuleId.FAR -> after.farSlots.remove(id);
            case FailedRuleId.QER -> after.qerSlots.remove(id);
            default -> {
                after.urrSlots.remove(id);
                after.meters.remove(id);
                after.farSlots.remove(RulesTranslator.quotaDropFar(id));
            }
        }
    }

    /**
     * A request's Create FAR, QER, URR and PDR IEs, in that order (a PDR names the others), by index: no iterator or
     * method reference per list (issue 5: bytes allocated per establishment).
     */
    void createAll(RuleCreations req) {
        List<CreateFar> fars = req.createFars();
        for (int i = 0; i < fars.size(); i++) {
            createFar(fars.get(i));
        }
        List<CreateQer> qers = req.createQers();
        for (int i = 0; i < qers.size(); i++) {
            createQer(qers.get(i));
        }
        List<CreateUrr> urrs = req.createUrrs();
        for (int i = 0; i < urrs.size(); i++) {
            createUrr(urrs.get(i));
        }
        List<CreatePdr> pdrs = req.createPdrs();
        for (int i = 0; i < pdrs.size(); i++) {
            createPdr(pdrs.get(i));
        }
    }

    private void createFar(CreateFar c) {
        FarSpec f = FarSpec.of(c);
        if (after.fars.containsKey(f.id())) {
            throw FarSpec.fail(f.id(), "FAR ID " + f.id() + " already exists in this session");
        }
        after.fars.put(f.id(), f);
        after.farSlots.put(f.id(), farSlot());
    }

    private void createQer(CreateQer c) {
        QerSpec q = QerSpec.of(c);
        if (after.qers.containsKey(q.id())) {
            throw RuleException.rule(FailedRuleId.QER, q.id(), "QER ID " + q.id() + " already exists in this session");
        }
        after.qers.put(q.id(), q);
        after.qerSlots.put(q.id(), res.qers.allocate());
    }

    private void createUrr(CreateUrr c) {
        UrrSpec u = UrrSpec.of(c);
        if (after.urrs.containsKey(u.id())) {
            throw RuleException.rule(FailedRuleId.URR, u.id(), "URR ID " + u.id() + " already exists in this session");
        }
        after.urrs.put(u.id(), u);
        after.urrSlots.put(u.id(), res.urrs.allocate());
        UrrMeter m = new UrrMeter(u, Instant.now());
        after.meters.put(u.id(), m);
        if (m.enforcesQuota()) {
            // The DROP FAR its PDRs switch to when a quota is used up (§5.2.2.2.1), drawn now so that the switch
            // needs no allocation outside a request (the journal replays only requests' allocations).
            after.farSlots.put(RulesTranslator.quotaDropFar(u.id()), res.fars.allocate());
        }
    }

    private void createPdr(CreatePdr c) {
        PdrSpec p = PdrSpec.of(c);
        if (after.pdrs.containsKey(p.id())) {
            throw PdrSpec.fail(p.id(), "PDR ID " + p.id() + " already exists in this session");
        }
        after.pdrs.put(p.id(), p);
        after.pdrSlots.put(p.id(), res.pdrs.allocate());
        resolvePdi(p);
    }

    void updatePdr(UpdatePdr u) {
        PdrSpec old = existing(after.pdrs, u.pdrId(), FailedRuleId.PDR, IeType.PDR_ID, "Update PDR");
        PdrSpec p = old.update(u);
        after.pdrs.put(p.id(), p);
        if (u.pdi() != null) {
            after.pdrTeids.remove(p.id());
            resolvePdi(p);
        }
    }

    void updateFar(UpdateFar u) {
        FarSpec old = existing(after.fars, u.farId(), FailedRuleId.FAR, IeType.FAR_ID, "Update FAR");
        after.fars.put(old.id(), old.update(u));
        freshSlot(after.farSlots, before == null ? null : before.farSlots, old.id(), this::farSlot);
    }

    void updateQer(UpdateQer u) {
        QerSpec old = existing(after.qers, u.qerId(), FailedRuleId.QER, IeType.QER_ID, "Update QER");
        after.qers.put(old.id(), old.update(u));
        freshSlot(after.qerSlots, before == null ? null : before.qerSlots, old.id(), res.qers::allocate);
    }

    /** A FAR slot for a new or changed FAR: no Downlink Data Report was sent for it yet. */
    private int farSlot() {
        int slot = res.fars.allocate();
        res.downlinkReported.clear(slot);
        return slot;
    }

    /**
     * A changed FAR or QER goes to a new slot and its PDRs are pointed there: an array value is not replaced
     * atomically, so rewriting the live slot could show a packet half of the old and half of the new rule (e.g. the
     * new gNB address with the old TEID). A slot this change created itself is not live yet and is kept.
     */
    private void freshSlot(Map<Long, Integer> slots, Map<Long, Integer> live, long id, IntSupplier allocate) {
        Integer current = slots.get(id);
        if (live != null && current.equals(live.get(id))) {
            slots.put(id, allocate.getAsInt());
        }
    }

    /**
     * Update URR (TS 29.244 §7.5.4.4): the URR must exist; its new reporting rules go into the new state (the data
     * path holds none of them). A URR that gets quotas for the first time draws its DROP FAR slot now, as Create URR
     * does. The meter takes them once the whole request is accepted ({@link UrrMeter#update}).
     */
    void updateUrr(UpdateUrr u) {
        UrrSpec old = existing(after.urrs, u.urrId(), FailedRuleId.URR, IeType.URR_ID, "Update URR");
        UrrSpec updated = old.update(u);
        after.urrs.put(old.id(), updated);
        long drop = RulesTranslator.quotaDropFar(old.id());
        if (UrrMeter.enforcesQuota(updated) && !after.farSlots.containsKey(drop)) {
            after.farSlots.put(drop, res.fars.allocate());
        }
    }

    @SuppressWarnings("unchecked")
    private static <K, V> V existing(Map<K, V> rules, long id, int ruleType, IeType idType, String where) {
        if (id < 0) {
            throw RuleException.missing(idType, false, where);
        }
        V v = rules.get((K) key(ruleType, id));
        if (v == null) {
            throw RuleException.rule(ruleType, id, where + ": no rule " + id + " in this session");
        }
        return v;
    }

    /** PDRs are keyed by int (2-octet PDR ID), the other rules by long (4-octet IDs). */
    private static Object key(int ruleType, long id) {
        return ruleType == FailedRuleId.PDR ? (Object) (int) id : (Object) id;
    }

    /** The local F-TEID (TS 29.244 §5.5.3 CHOOSE, §8.2.3) and UE address (§5.21 CHOOSE) a PDI asks for. */
    private void resolvePdi(PdrSpec p) {
        FTeid f = p.fteid();
        if (f != null) {
            InetAddress local = p.sourceInterface() == PdrSpec.ACCESS ? res.n3 : res.n9;
            if (local == null) {
                throw PdrSpec.fail(p.id(), "no N9 interface for a Core F-TEID");
            }
            int teid;
            if (f.choose()) {
                boolean v4 = local instanceof Inet4Address;
                if (!(v4 ? f.hasV4() : f.hasV6())) {
                    throw RuleException.of(PfcpCause.INVALID_F_TEID_ALLOCATION_OPTION, IeType.F_TEID, "PDR " + p.id()
                            + ": F-TEID CHOOSE asks for an address family our interface does not have");
                }
                Integer shared = f.chooseId() >= 0 ? after.chosenTeids.get(f.chooseId()) : null;
                teid = shared != null ? shared : res.teids.allocate();
                if (f.chooseId() >= 0) {
                    after.chosenTeids.put(f.chooseId(), teid);
                }
                byte[] a = local.getAddress();
                created.add(CreatedPdr.of(p.id(), FTeid.of(teid & 0xffffffffL, v4 ? a : null, v4 ? null : a)));
            } else {
                teid = (int) f.teid();
                if (!after.pdrTeids.containsValue(teid) && (before == null || !before.pdrTeids.containsValue(teid))) {
                    res.teids.reserve(teid);
                }
            }
            after.pdrTeids.put(p.id(), teid);
        }
        if (p.ueIp() != null) {
            resolveUe(p);
        }
    }

    private void resolveUe(PdrSpec p) {
        UeIpAddress ue = p.ueIp();
        String pool = p.networkInstance() != null ? p.networkInstance() : dnn;
        boolean chosen = false;
        if ((ue.flags() & UeIpAddress.CHV4) != 0) {
            if (after.ueIpv4 == null) {
                after.ueIpv4 = (Inet4Address) res.pool(pool, false).allocate();
                after.ueIpv4Pooled = true;
            }
            chosen = true;
        } else if (ue.ipv4() != null) {
            Inet4Address a = (Inet4Address) address(ue.ipv4());
            if (after.ueIpv4 == null) {
                after.ueIpv4 = a;
            } else if (!after.ueIpv4.equals(a)) {
                throw PdrSpec.fail(p.id(), "UE IPv4 address " + a.getHostAddress() + " differs from the session's "
                        + after.ueIpv4.getHostAddress());
            }
        }
        if ((ue.flags() & UeIpAddress.CHV6) != 0) {
            if (after.ueIpv6Prefix == null) {
                var pp = res.pool(pool, true);
                after.ueIpv6Prefix = (Inet6Address) pp.allocate();
                after.ueIpv6PrefixLength = pp.blockLength();
                after.ueIpv6Pooled = true;
            }
            chosen = true;
        } else if (ue.ipv6() != null) {
            int len = ue.prefixLength() > 0 ? ue.prefixLength() : 64;
            if (ipv4Mapped(ue.ipv6())) {
                throw PdrSpec.fail(p.id(), "UE IPv6 address is an IPv4-mapped address (RFC 4291 §2.5.5.2)");
            }
            Inet6Address prefix = (Inet6Address) Cidr.prefix(ue.ipv6(), len);
            if (after.ueIpv6Prefix == null) {
                after.ueIpv6Prefix = prefix;
                after.ueIpv6PrefixLength = len;
            } else if (!after.ueIpv6Prefix.equals(prefix)) {
                throw PdrSpec.fail(p.id(), "UE IPv6 prefix differs from the session's");
            }
        }
        if (chosen) {
            int sd = ue.flags() & UeIpAddress.SD;
            byte[] v4 = after.ueIpv4 == null ? null : after.ueIpv4.getAddress();
            byte[] v6 = after.ueIpv6Prefix == null ? null : after.ueIpv6Prefix.getAddress();
            created.add(new CreatedPdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, p.id()),
                    UeIpAddress.of(sd != 0, v4, v6))));
        }
    }

    /** ::ffff:a.b.c.d: an IPv4 address in IPv6 form, never a UE's IPv6 prefix (InetAddress would read it as IPv4). */
    private static boolean ipv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** The new state is in the maps: release what only the old state held. */
    void commit() {
        after.chosenTeids.values().removeIf(t -> !after.pdrTeids.containsValue(t));
        if (before != null) {
            release(before, after);
        }
    }

    /** The change failed: release what only the new state holds. */
    void abort() {
        release(after, before);
    }

    /** The session is gone: release everything it held. */
    void abortAll() {
        release(after, null);
    }

    /** Releases the resources of from that to (null: nothing) does not hold. */
    private void release(SessionState from, SessionState to) {
        freeMissing(from.pdrSlots.values(), to == null ? null : to.pdrSlots.values(), res.pdrs::release);
        freeMissing(from.farSlots.values(), to == null ? null : to.farSlots.values(), res.fars::release);
        freeMissing(from.qerSlots.values(), to == null ? null : to.qerSlots.values(), res.qers::release);
        freeMissing(from.urrSlots.values(), to == null ? null : to.urrSlots.values(), res.urrs::release);
        Set<Integer> fromTeids = new HashSet<>(from.pdrTeids.values());
        fromTeids.addAll(from.chosenTeids.values());
        Set<Integer> toTeids = new HashSet<>();
        if (to != null) {
            toTeids.addAll(to.pdrTeids.values());
            toTeids.addAll(to.chosenTeids.values());
        }
        freeMissing(fromTeids, toTeids, res.teids::release);
        if (from.ueIpv4Pooled && (to == null || !to.ueIpv4Pooled)) {
            res.poolOf(from.ueIpv4).release(from.ueIpv4);
        }
        if (from.ueIpv6Pooled && (to == null || !to.ueIpv6Pooled)) {
            res.poolOf(from.ueIpv6Prefix).release(from.ueIpv6Prefix);
        }
    }

    private static void freeMissing(Collection<Integer> from, Collection<Integer> to, Consumer<Integer> free) {
        Set<Integer> keep = to == null ? Set.of() : new HashSet<>(to);
        new HashSet<>(from).stream().filter(v -> !keep.contains(v)).forEach(free);
    }

    static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
