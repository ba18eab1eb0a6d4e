package org.upf.control.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.upf.bpf.BpfException;
import org.upf.bpf.Errno;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.SessionRules;
import org.upf.bpf.dataplane.Usage;
import org.upf.control.alloc.AllocationException;
import org.upf.control.alloc.LongMap;
import org.upf.control.assoc.Association;
import org.upf.control.assoc.Associations;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.RemoveRule;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionModificationRequest;
import org.upf.pfcp.message.SessionReportRequest;

/**
 * PFCP session procedures (TS 29.244 §6.3.2 establishment, §6.3.3 modification, §6.3.4 deletion): every request is
 * checked and translated completely before the data path is touched, then applied as one batch; a failure answers
 * with the cause, Offending IE and Failed Rule ID the response tables (§7.5.3.1, §7.5.5.1, §7.5.7.1) name and
 * leaves the session, its resources and the maps as they were. Call from one thread (the PFCP event loop).
 */
public final class SessionService {
    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());
    /** A flood of establishments at a full data path would log one stack trace per refusal: one line per 10 s. */
    private static final RepeatedFailureLog NO_ROOM = RepeatedFailureLog.warning(LOG, "data path full: session"
            + " change refused with cause 75 (No resources available)", Duration.ofSeconds(10));

    private final Dataplane dataplane;
    private final UpResources res;
    private final Associations associations;
    private final NodeId nodeId;
    private final LongFunction<FSeid> upFSeid;
    /**
     * SEID -> session. Written on the PFCP event loop, read from any thread (the local API), hence every use holds
     * its lock; a primitive-keyed map, as boxed SEIDs and hash nodes would cost 60 bytes per session.
     */
    private final LongMap<SessionRecord> bySeid = new LongMap<>();
    /** Data-path session slot -> session: the data path's events carry the slot; iterations (any thread) use it. */
    private final AtomicReferenceArray<SessionRecord> bySlot;
    /** The sessions in slot order, read without locks (a weakly consistent view, like a concurrent map's). */
    private final Collection<SessionRecord> all = new AbstractCollection<>() {
        @Override
        public Iterator<SessionRecord> iterator() {
            return IntStream.range(0, bySlot.length()).mapToObj(bySlot::get).filter(Objects::nonNull).iterator();
        }

        @Override
        public int size() {
            return count();
        }
    };
    private Consumer<TunnelSwitch> tunnelSwitches = s -> { };
    private Consumer<SessionRecord> committed = s -> { };
    /** Where accepted changes are recorded before they are answered (null: not kept across restarts). */
    private SessionJournal journal;
    /** Rebuilding from the journal: the maps already hold every rule, the kernel is not touched. */
    private boolean replaying;
    /** Ids of journaled usage reports (SessionJournal.ReportPending), going on from the journal's highest. */
    private final java.util.concurrent.atomic.AtomicLong reportIds = new java.util.concurrent.atomic.AtomicLong();
    /** Usage reports the journal holds as sent but not answered, by id (journal replay, then their resending). */
    private final Map<Long, SessionJournal.ReportPending> unanswered = new java.util.concurrent.ConcurrentHashMap<>();
    /** Establishments checked by {@link #establishLater}, their map writes not done yet. */
    private final List<Pending> pending = new ArrayList<>();

    /** upFSeid builds our F-SEID (SEID plus our N4 address) for a SEID. */
    public SessionService(Dataplane dataplane, UpResources res, Associations associations, NodeId nodeId,
                          LongFunction<FSeid> upFSeid) {
        this.dataplane = dataplane;
        this.res = res;
        this.associations = associations;
        this.nodeId = nodeId;
        this.upFSeid = upFSeid;
        this.bySlot = new AtomicReferenceArray<>(res.sessions.capacity() + 1); // slot 0 is reserved
    }

    /**
     * Receives, on the calling (PFCP) thread, each tunnel an accepted modification moved with End Marker requested
     * (SNDEM), once the maps hold the new tunnel: the GTP-U control path sends the End Marker.
     */
    public void onTunnelSwitch(Consumer<TunnelSwitch> listener) {
        this.tunnelSwitches = listener;
    }

    /**
     * §6.3.2 / §7.5.2: a new session from an associated CP function, installed and answered at once (see
     * {@link #establishLater} for the batched form).
     */
    public PfcpMessage establish(SessionEstablishmentRequest req, InetSocketAddress peer) {
        CompletableFuture<PfcpMessage> response = establishLater(req, peer);
        installPending();
        return response.join();
    }

    /**
     * §6.3.2 / §7.5.2: checks and translates a new session now, allocating its resources; its map writes wait for
     * {@link #installPending()}, which writes the sessions that arrived together with one batched write per map and
     * completes their responses. A rejected request completes at once.
     */
    public CompletableFuture<PfcpMessage> establishLater(SessionEstablishmentRequest req, InetSocketAddress peer) {
        FSeid cp = req.fSeid();
        PfcpMessage.Builder out = req.responseBuilder().seid(cp.seid()).nodeId(nodeId);
        // The Node ID must name an association and the request must come from that association's peer: a
        // sender cannot borrow another SMF's association by claiming its Node ID.
        Association a = associations.byNodeId(req.nodeId().text());
        if (a == null || !a.peer().getAddress().equals(peer.getAddress())) {
            return CompletableFuture.completedFuture(rejected(out, RuleException.of(
                    PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION, null,
                    "no association with Node ID " + req.nodeId().text() + " from " + peer), req));
        }
        long seid;
        int slot;
        startAllocations();
        try {
            slot = res.sessions.allocate();
        } catch (AllocationException e) {
            res.log.stop();
            return CompletableFuture.completedFuture(rejected(out, RuleException.of(e.pfcpCause(), null,
                    e.getMessage()), req));
        }
        seid = res.seids.allocate();
        // The association's address object when the peer is the same: one object for all its sessions.
        SessionState empty = new SessionState(seid, slot, a.nodeId(), cp.seid(), a.peer().equals(peer) ? a.peer()
                : peer);
        SessionChange change = new SessionChange(null, empty, res, req.apnDnn());
        SessionRules rules;
        try {
            change.createAll(req);
            // §7.5.2.6 Create BAR (open5gs SMFs always send one): accepted; the data path buffers per FAR
            // (BUFF) and notifies, its Suggested Buffering Packets Count is not applied yet.
            if (req.createBar() != null && req.createBar().uint(IeType.BAR_ID) < 0) {
                throw RuleException.missing(IeType.BAR_ID, false, "Create BAR");
            }
            rules = RulesTranslator.translate(empty, res);
        } catch (RuntimeException e) {
            res.log.stop();
            abortEstablishment(change);
            return CompletableFuture.completedFuture(rejected(out, reason(e), req));
        }
        Pending p = new Pending(req, peer, change, rules, out, res.log.stop(), new CompletableFuture<>());
        pending.add(p);
        return p.response();
    }

    /**
     * Writes the sessions {@link #establishLater} accepted since the last call into the maps, each map once for all
     * of them (leaves of every session before any entry point), journals the installed ones and completes every
     * response: a session whose entries the kernel refused is rejected ("No resources available") with nothing of
     * it left in the maps or the allocators, the others are installed. Also called before any other change, so
     * requests take effect in the order they arrived.
     */
    public void installPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(pending);
        pending.clear();
        List<? extends RuntimeException> refused;
        try {
            refused = replaying ? java.util.Collections.nCopies(batch.size(), null)
                    : dataplane.installAll(batch.stream().map(Pending::rules).toList());
        } catch (RuntimeException bug) { // not a refusal by the kernel: none of the batch is kept
            batch.forEach(p -> removeQuietly(p.rules()));
            refused = java.util.Collections.nCopies(batch.size(), bug);
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (refused.get(i) != null) {
                abortEstablishment(p.change());
                p.response().complete(rejected(p.out(), reason(refused.get(i)), p.request()));
            } else {
                try {
                    accept(p);
                } catch (RuntimeException e) { // the node answers System failure
                    p.response().completeExceptionally(e);
                }
            }
        }
    }

    /** Commits, journals and publishes an installed establishment and completes its response. */
    private void accept(Pending p) {
        SessionState s = p.change().after;
        p.change().commit();
        if (journal != null && !replaying) {
            journal.append(new SessionJournal.Request(p.peer(), p.request(), p.allocations()));
        }
        SessionRecord stored = SessionRecord.of(s);
        store(stored);
        committed.accept(stored);
        p.out().cause(PfcpCause.REQUEST_ACCEPTED).add(upFSeid.apply(s.seid));
        p.out().addAll(p.change().createdPdrs());
        p.response().complete(p.out().build());
    }

    private void removeQuietly(SessionRules rules) {
        try {
            dataplane.remove(rules);
        } catch (RuntimeException ignored) {
            // best effort: what was written is what is removed
        }
    }

    /** An establishment checked and allocated, its map writes waiting for {@link #installPending()}. */
    private record Pending(SessionEstablishmentRequest request, InetSocketAddress peer, SessionChange change,
                           SessionRules rules, PfcpMessage.Builder out, List<Long> allocations,
                           CompletableFuture<PfcpMessage> response) {
    }

    /** Gives back everything a rejected establishment drew: its rules' resources, session slot and SEID. */
    private void abortEstablishment(SessionChange change) {
        change.abort();
        res.sessions.release(change.after.slot);
        res.seids.release(change.after.seid);
    }

    /** §6.3.3 / §7.5.4: removes, then creates, then updates, applied as one change. */
    public PfcpMessage modify(SessionModificationRequest req, InetSocketAddress peer) {
        installPending();
        PfcpMessage.Builder out = req.responseBuilder();
        SessionRecord stored = owned(req, peer, out);
        if (stored == null) {
            return out.build();
        }
        out.seid(stored.cpSeid);
        SessionState s = stored.state();
        SessionState next = s.copy();
        SessionChange change = new SessionChange(s, next, res, null);
        List<Ie> usage;
        List<Runnable> undoGrants = new ArrayList<>();
        List<UrrMeter> query;
        startAllocations();
        try {
            removeAll(change, req.removePdrs(), next.pdrs, FailedRuleId.PDR);
            removeAll(change, req.removeFars(), next.fars, FailedRuleId.FAR);
            removeAll(change, req.removeQers(), next.qers, FailedRuleId.QER);
            removeAll(change, req.removeUrrs(), next.urrs, FailedRuleId.URR);
            change.createAll(req);
            req.updateFars().forEach(change::updateFar);
            req.updateQers().forEach(change::updateQer);
            req.updateUrrs().forEach(change::updateUrr);
            req.updateUrrs().forEach(u -> undoGrants.add(updateMeter(u, next)));
            req.updatePdrs().forEach(change::updatePdr);
            next.takeQuotaStops();
            SessionRules rules = RulesTranslator.translate(next, res);
            // IMMER: what was counted up to the request, read before the maps change.
            query = queried(req, next);
            usage = reports(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, "IMMER", query, s);
            apply(RulesTranslator.translate(s, res), rules);
        } catch (RuntimeException e) {
            res.log.stop();
            change.abort();
            undoGrants.forEach(Runnable::run);
            return rejected(out, reason(e), req);
        }
        // §7.5.5.2: removed URRs report their usage (their slots are out of the rules, nothing adds to them now);
        // queried ones report what they have counted so far.
        List<UrrMeter> removed = s.meters.values().stream().filter(m -> !next.meters.containsKey(m.urr().id()))
                .toList();
        usage.addAll(0, reports(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, "TERMR", removed, s));
        change.commit();
        journal(req, peer);
        // the URRs that reported or got new quotas: their state from now on, for a restart
        Set<UrrMeter> changed = new LinkedHashSet<>(query);
        req.updateUrrs().forEach(u -> changed.add(next.meters.get(u.urrId())));
        changed.stream().filter(Objects::nonNull).forEach(m -> reported(next.seid, m));
        FSeid newCp = req.fSeid();
        if (newCp != null) {
            next.cpSeid = newCp.seid(); // §7.5.4: the CP function may change its F-SEID
        }
        SessionRecord record = SessionRecord.of(next);
        store(record);
        committed.accept(record);
        if (!replaying) { // a replayed switch happened before the restart; its End Markers went then
            FarSpec.endMarkers(req.updateFars(), s.fars, next.fars).forEach(tunnelSwitches);
        }
        // §7.5.5.1 table order: Cause, Created PDR, Usage Report.
        return out.cause(PfcpCause.REQUEST_ACCEPTED).addAll(change.createdPdrs()).addAll(usage).build();
    }

    /** §6.3.4 / §7.5.6: the session leaves the data path and gives back everything it held. */
    public PfcpMessage delete(PfcpMessage req, InetSocketAddress peer) {
        installPending();
        PfcpMessage.Builder out = req.responseBuilder();
        SessionRecord s = owned(req, peer, out);
        if (s == null) {
            return out.build();
        }
        out.seid(s.cpSeid);
        List<Ie> reports = remove(s.state());
        return out.cause(PfcpCause.REQUEST_ACCEPTED).addAll(reports).build();
    }

    /** Deletes every session of an association (released, replaced or its peer restarted, §6.2.6-§6.2.8). */
    public int deleteAll(String association) {
        installPending();
        List<SessionRecord> of = all.stream().filter(s -> s.association.equals(association)).toList();
        of.forEach(s -> remove(s.state()));
        return of.size();
    }

    public int count() {
        synchronized (bySeid) {
            return bySeid.size();
        }
    }

    /** QoS flows of all sessions, each counted when its record was made ({@link SessionRecord#qosFlows}). */
    public long qosFlows() {
        long n = 0;
        for (SessionRecord r : all) {
            n += r.qosFlows;
        }
        return n;
    }

    /** The data-path rules of a session, or null; for tools and tests. */
    public SessionRules rules(long seid) {
        SessionRecord s = session(seid);
        return s == null ? null : RulesTranslator.translate(s.state(), res);
    }

    /**
     * A page of the listing: the summaries of at most limit matching sessions, and how many match in all; next is
     * the SEID to list after for the next page (null on the last one).
     */
    public record SummaryPage(List<Map<String, Object>> sessions, int matching, Long next) {
    }

    /**
     * The sessions' identifiers, rule counts and URR totals (JSON-ready) in unsigned SEID order, filtered and paged so
     * that only the sessions shown are decoded (a listing of a million sessions decodes a page, an inspection of one
     * SEID only that one): seid (non-null) selects that session alone, smf (non-null) those of the CP function at
     * that address, after (non-null) starts after that SEID; at most limit are returned. Any thread.
     */
    public SummaryPage summaries(Long seid, InetAddress smf, Long after, int limit) {
        List<SessionRecord> matching = new ArrayList<>();
        if (seid != null) {
            SessionRecord s = session(seid);
            if (s != null) {
                matching.add(s);
            }
        } else {
            for (SessionRecord s : all) {
                if (smf == null || s.cp.getAddress().equals(smf)) {
                    matching.add(s);
                }
            }
        }
        matching.sort((a, b) -> Long.compareUnsigned(a.seid, b.seid));
        int from = 0;
        while (after != null && from < matching.size() && Long.compareUnsigned(matching.get(from).seid, after) <= 0) {
            from++;
        }
        int to = (int) Math.min(matching.size(), (long) from + limit);
        List<Map<String, Object>> page = matching.subList(from, to).stream()
                .map(s -> SessionDescription.summary(s.state(), dataplane::usage)).toList();
        return new SummaryPage(page, matching.size(), to < matching.size() && to > from ? matching.get(to - 1).seid
                : null);
    }

    /** One session's identifiers, PDR/FAR/QER/URR and URR counters (JSON-ready), or null if there is none. */
    public Map<String, Object> describe(long seid) {
        SessionRecord s = session(seid);
        return s == null ? null : SessionDescription.detail(s.state(), dataplane::usage);
    }

    /**
     * A GTP-U Error Indication from a peer (TS 29.281 §7.3.1) says it has no context for the tunnel (peer, teid)
     * we send to. Each session with a forwarding FAR into that tunnel is reported to its CP function: Session
     * Report Request with Report Type ERIR (TS 29.244 §8.2.21) and an Error Indication Report whose Remote F-TEID
     * is the tunnel (§7.5.8.4). Safe from any thread: it reads the committed session states.
     */
    public List<PeerReport> errorIndicationReports(InetAddress peer, long teid) {
        List<PeerReport> out = new ArrayList<>();
        for (SessionRecord s : all) {
            if (s.forwardsInto(peer, teid)) {
                byte[] a = peer.getAddress();
                Ie report = new GroupedIe(IeType.ERROR_INDICATION_REPORT,
                        List.of(FTeid.of(teid, a.length == 4 ? a : null, a.length == 16 ? a : null)));
                out.add(new PeerReport(SessionReportRequest.of(s.cpSeid, 0, FlagsIe.of(IeType.REPORT_TYPE, "ERIR"),
                        report), s.cp));
            }
        }
        return out;
    }

    /** The peer's SEID for a session of ours (header SEID of rejections the node builds, §7.2.2.4.2), else 0. */
    public long peerSeid(long seid) {
        SessionRecord s = session(seid);
        return s == null ? 0 : s.cpSeid;
    }

    /**
     * Takes a session out of the maps and gives back its resources; returns the final Usage Reports (§7.5.7.2),
     * read after removal, when no packet can add to the counters any more.
     */
    private List<Ie> remove(SessionState s) {
        if (journal != null && !replaying) {
            journal.append(new SessionJournal.Gone(s.seid));
        }
        try {
            if (!replaying) {
                dataplane.remove(RulesTranslator.translate(s, res));
            }
        } catch (BpfException e) {
            LOG.log(System.Logger.Level.ERROR, "removing session " + Long.toUnsignedString(s.seid)
                    + " from the maps failed; its slots stay reserved", e);
            drop(s);
            return List.of();
        }
        List<Ie> reports = reports(IeType.USAGE_REPORT_SESSION_DELETION_RESPONSE, "TERMR", s.meters.values(), s);
        drop(s);
        new SessionChange(s, s, res, null).abortAll();
        res.sessions.release(s.slot);
        res.seids.release(s.seid);
        return reports;
    }

    /**
     * An Update URR's values (§7.5.4.4, already validated into next.urrs by SessionChange.updateUrr) given to the
     * URR's meter; new quotas count from the slot's counters now, and a used-up quota that gets a new one lets its PDRs
     * forward again (the translation that follows points them back at their FARs). The usage poller reads the URR at
     * its next pass (a lowered threshold may be due without new traffic). Returns the undo for a failed request.
     */
    private Runnable updateMeter(UpdateUrr u, SessionState next) {
        UrrMeter m = next.meters.get(u.urrId());
        Integer slot = next.urrSlots.get(u.urrId());
        if (m == null || slot == null) {
            return () -> { };
        }
        return m.update(u, next.urrs.get(u.urrId()), dataplane.usage(slot), Instant.now());
    }

    /**
     * Rewrites a session's rules in the maps after a quota of one of its URRs was used up (TS 29.244 §5.2.2.2.1):
     * the PDRs using that URR now point at its DROP FAR or at its FAR ID for Quota Action. Only the PDR entries
     * change (their FAR slot), each in one map write. Call on the PFCP event loop, like the request handlers.
     */
    public void applyQuotas(long seid) {
        SessionRecord stored = session(seid);
        if (stored == null || replaying) {
            return;
        }
        try {
            SessionState s = stored.state();
            SessionRules before = RulesTranslator.translate(s, res);
            if (s.takeQuotaStops()) {
                apply(before, RulesTranslator.translate(s, res));
                store(SessionRecord.of(s));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "stopping the traffic of used-up quotas of session "
                    + Long.toUnsignedString(seid) + " failed", e);
        }
    }

    /** Modifies the maps; if the kernel refuses part way, puts the old rules back (best effort) and rethrows. */
    private void apply(SessionRules before, SessionRules after) {
        if (replaying) {
            return;
        }
        try {
            dataplane.modify(before, after);
        } catch (BpfException e) {
            try {
                dataplane.modify(after, before);
            } catch (BpfException ignored) {
                // the first failure is the one to report; the maps hold what could be restored
            }
            throw e;
        }
    }

    /**
     * The session a request's header SEID names, if the sender owns it: unknown SEID -> "Session context not found"
     * (§7.5.5.1 / §7.2.2.4.2 with SEID 0); a sender without an association -> "No established PFCP Association";
     * another association's session -> "Session context not found" (only the creating association may use it).
     */
    private SessionRecord owned(PfcpMessage req, InetSocketAddress peer, PfcpMessage.Builder out) {
        Association a = associations.byAddress(peer.getAddress());
        if (a == null) {
            out.seid(0).cause(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION);
            return null;
        }
        SessionRecord s = session(req.seid());
        if (s == null || !s.association.equals(a.nodeId())) {
            out.seid(0).cause(PfcpCause.SESSION_CONTEXT_NOT_FOUND);
            return null;
        }
        return s;
    }

    /** Query URR (§7.5.4.10) names URRs to report now; PFCPSMReq-Flags QAURR (§8.2.31) asks for all of them. */
    private static List<UrrMeter> queried(SessionModificationRequest req, SessionState s) {
        if (req.flags() != null && req.flags().has("QAURR")) {
            return List.copyOf(s.meters.values());
        }
        List<UrrMeter> out = new ArrayList<>();
        for (GroupedIe q : req.findAll(IeType.QUERY_URR, GroupedIe.class)) {
            long id = q.uint(IeType.URR_ID);
            if (id < 0) {
                throw RuleException.missing(IeType.URR_ID, false, "Query URR");
            }
            UrrMeter u = s.meters.get(id);
            if (u == null) {
                throw RuleException.rule(FailedRuleId.URR, id, "Query URR: no URR " + id + " in this session");
            }
            out.add(u);
        }
        return out;
    }

    /**
     * Reports of URRs from their slots in s (usage since each one's last report); a URR s does not have yet (created
     * by this request) counted nothing.
     */
    private List<Ie> reports(IeType container, String trigger, Collection<UrrMeter> urrs, SessionState s) {
        List<Ie> out = new ArrayList<>();
        Instant now = Instant.now();
        for (UrrMeter m : urrs) {
            Integer slot = s.urrSlots.get(m.urr().id());
            Usage usage = slot == null || replaying ? new Usage(0, 0, 0, 0) : dataplane.usage(slot);
            out.add(m.report(container, List.of(trigger), usage, now));
        }
        return out;
    }

    /**
     * Journals a URR's reporting state after it reported or got a quota (UR-SEQN, counters at the report, quotas
     * reported, counters at the grant), so a restarted agent continues where it stopped. Any thread (the usage
     * poller reports too).
     */
    void reported(long seid, UrrMeter m) {
        if (journal != null && !replaying) {
            journal.append(new SessionJournal.Metered(seid, m.urr().id(), m.state()));
        }
    }

    /**
     * Makes what was journaled durable now (journal.sync), for reports the UPF sends on its own: a report that
     * leaves is never repeated with the same UR-SEQN after a restart. Any thread.
     */
    void syncJournal() {
        if (journal != null) {
            journal.sync();
        }
    }

    /**
     * Journals a Session Report Request with Usage Reports of session seid before it is sent (with the round's
     * {@link #syncJournal}): if the agent stops or crashes before the CP function answered, the restarted agent sends
     * it again ({@link #unansweredReports}) with the same UR-SEQN (TS 29.244 §8.2.71), so its usage is not lost. Returns
     * the id to pass to {@link #reportAnswered} (0 without a journal). Any thread.
     */
    long reportPending(long seid, PfcpMessage request) {
        if (journal == null || replaying) {
            return 0;
        }
        long id = reportIds.incrementAndGet();
        journal.append(new SessionJournal.ReportPending(id, seid, request));
        return id;
    }

    /**
     * The transaction of journaled report id ended (the CP function answered, or did not within T1 x N1 while the agent
     * ran, §6.4): it is not sent again after a restart. Not called when the node closed under it (a stop or crash).
     */
    void reportAnswered(long id) {
        unanswered.remove(id);
        if (id != 0 && journal != null) {
            journal.append(new SessionJournal.ReportAnswered(id));
        }
    }

    /** A journaled usage report, and whether it was answered, from the journal (after its session's records). */
    public void replayReport(SessionJournal.Entry e) {
        if (e instanceof SessionJournal.ReportPending p) {
            reportIds.accumulateAndGet(p.id(), Math::max);
            if (session(p.seid()) != null) {
                unanswered.put(p.id(), p);
            }
        } else if (e instanceof SessionJournal.ReportAnswered a) {
            unanswered.remove(a.id());
        }
    }

    /** The journaled usage reports of live sessions not answered yet, oldest first (also their journal records). */
    public List<SessionJournal.ReportPending> unansweredReports() {
        return unanswered.values().stream().filter(p -> session(p.seid()) != null)
                .sorted(java.util.Comparator.comparingLong(SessionJournal.ReportPending::id)).toList();
    }

    /** Continues a URR's reporting state from the journal (after the records that created it were replayed). */
    public void replayMeter(SessionJournal.Metered r) {
        SessionRecord s = session(r.seid());
        if (s != null) {
            for (int i = 0; i < s.urrCount(); i++) {
                if (s.meter(i).urr().id() == r.urrId()) {
                    s.meter(i).restore(r.state());
                }
            }
        }
    }

    /** The state of every URR that has reported or got a quota, as journal records (for a compacted journal). */
    public List<SessionJournal.Entry> meterRecords() {
        List<SessionJournal.Entry> out = new ArrayList<>();
        for (SessionRecord s : all) {
            for (int i = 0; i < s.urrCount(); i++) {
                UrrState u = s.meter(i).state();
                if (u.seqn() > 0 || !u.quotaBase().equals(new Usage(0, 0, 0, 0))) {
                    out.add(new SessionJournal.Metered(s.seid, s.meter(i).urr().id(), u));
                }
            }
        }
        return out;
    }

    /** Records every accepted change in journal from now on, before its response is sent. */
    public void journalTo(SessionJournal journal) {
        this.journal = journal;
    }

    /**
     * Applies an accepted request again from the journal, without touching the kernel (the pinned maps hold its
     * rules), the allocators handing out what they did the first time; returns the response it gets now.
     */
    public PfcpMessage replay(SessionJournal.Request r) {
        replaying = true;
        res.log.replay(r.allocations());
        try {
            PfcpMessage m = r.message();
            return switch (m.type()) {
                case SESSION_ESTABLISHMENT_REQUEST -> establish((SessionEstablishmentRequest) m, r.peer());
                case SESSION_MODIFICATION_REQUEST -> modify((SessionModificationRequest) m, r.peer());
                default -> throw new IllegalArgumentException("journal holds a " + m.type().displayName());
            };
        } finally {
            res.log.stop();
            replaying = false;
        }
    }

    /** Ends a session again from the journal, without touching the kernel. */
    public void replayGone(long seid) {
        SessionRecord s = session(seid);
        if (s != null) {
            replaying = true;
            try {
                remove(s.state());
            } finally {
                replaying = false;
            }
        }
    }

    /** The UP SEIDs of the sessions, for tools and tests. */
    public java.util.Set<Long> seids() {
        return all.stream().map(s -> s.seid).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * Notes allocations from now on (a new request) for its journal record, unless a replay scripted them; without a
     * journal nothing reads them, so nothing is noted (a boxed value per slot, TEID and address: issue 5, bytes
     * allocated per establishment).
     */
    private void startAllocations() {
        if (!replaying && journal != null) {
            res.log.record();
        }
    }

    /** Writes an accepted request and its allocations to the journal (before its response leaves). */
    private void journal(PfcpMessage req, InetSocketAddress peer) {
        List<Long> allocations = res.log.stop();
        if (journal != null && !replaying) {
            journal.append(new SessionJournal.Request(peer, req, allocations));
        }
    }

    /** The sessions as they are now, for the usage poller (any thread). */
    Collection<SessionRecord> all() {
        return all;
    }

    /** The session with this SEID as it is now, or null; any thread. */
    SessionRecord current(long seid) {
        return session(seid);
    }

    /** Tells listener (on the PFCP event loop) each session record an establishment or modification put in place. */
    void onCommitted(Consumer<SessionRecord> listener) {
        this.committed = listener;
    }

    /** The session in a data-path session slot (what the data path's events name), or null; any thread. */
    SessionRecord bySlot(int slot) {
        return slot >= 0 && slot < bySlot.length() ? bySlot.get(slot) : null;
    }

    private SessionRecord session(long seid) {
        synchronized (bySeid) {
            return bySeid.get(seid);
        }
    }

    /** Publishes a session's (new) record. */
    private void store(SessionRecord r) {
        synchronized (bySeid) {
            bySeid.put(r.seid, r);
        }
        bySlot.set(r.slot, r);
    }

    private void drop(SessionState s) {
        synchronized (bySeid) {
            bySeid.remove(s.seid);
        }
        bySlot.set(s.slot, null);
    }

    Dataplane dataplane() {
        return dataplane;
    }

    UpResources resources() {
        return res;
    }

    /**
     * Deletes a session the SMF no longer knows (it answered a Session Report Request with "Session context not
     * found", TS 29.244 §7.5.9.1); call on the PFCP event loop.
     */
    void forget(long seid) {
        installPending();
        SessionRecord s = session(seid);
        if (s != null) {
            LOG.log(System.Logger.Level.WARNING, "CP function does not know session " + Long.toUnsignedString(seid)
                    + " (Session context not found); deleted here too");
            remove(s.state());
        }
    }

    private static void removeAll(SessionChange change, List<RemoveRule> removes, Map<?, ?> rules, int type) {
        removes.forEach(r -> change.remove(r, rules, type));
    }

    private static RuleException reason(RuntimeException e) {
        if (e instanceof RuleException r) {
            return r;
        }
        if (e instanceof AllocationException a) {
            return RuleException.of(a.pfcpCause(), null, a.getMessage());
        }
        if (e instanceof BpfException b) {
            if (b.errno() == Errno.ENOSPC || b.errno() == Errno.E2BIG) { // no UE slot left, a full map: no fault
                NO_ROOM.failed(System.nanoTime(), b);
            } else {
                LOG.log(System.Logger.Level.ERROR, "data path refused a session change", b);
            }
            return RuleException.of(PfcpCause.NO_RESOURCES_AVAILABLE, null, "data path: " + b.getMessage());
        }
        LOG.log(System.Logger.Level.ERROR, "session change failed", e);
        return RuleException.of(PfcpCause.SYSTEM_FAILURE, null, String.valueOf(e.getMessage()));
    }

    private static PfcpMessage rejected(PfcpMessage.Builder out, RuleException e, PfcpMessage req) {
        LOG.log(System.Logger.Level.INFO, () -> req.type().displayName() + " rejected: " + e.pfcpCause().description()
                + ": " + e.getMessage());
        out.cause(e.pfcpCause());
        if (e.offendingIe() != PfcpDecodeException.NO_IE) {
            out.offendingIe(e.offendingIe());
        }
        Ie failed = e.failedRule();
        if (failed != null) {
            out.add(failed);
        }
        return out.build();
    }
}
