package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.upf.bpf.BpfException;
import org.upf.bpf.BpfLink;
import org.upf.bpf.BpfMap;
import org.upf.bpf.BpfObject;
import org.upf.bpf.KernelConfig;
import org.upf.bpf.BpfProgram;
import org.upf.bpf.BpfRingBuffer;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.XdpMode;

/**
 * The XDP user plane (upf_xdp.bpf.c) as the agent sees it: load with configured map sizes, attach to N3/N9/N6
 * interfaces, install / modify / remove whole sessions, read usage, drop and control-path counters and events.
 * No PFCP types: the agent translates PFCP rules into {@link SessionRules}.
 *
 * <p>Write order (a packet never meets half a session): install writes session, FARs, QERs (with fresh meters),
 * URRs (zeroed) and PDRs before the TEID / UE-address entries that lead packets to them; removal goes the other
 * way. ARRAY values are not replaced atomically, so changing a rule in place can be seen half-written by one
 * packet; to change a FAR or QER atomically, write it to a new slot and point the PDR at it
 * ({@link #modify(SessionRules, SessionRules)} does this when the caller allocates new slots).
 *
 * <p>Fast entries: each TEID gets the {@link UplinkFastEntry} and each UE address the {@link DownlinkFastEntry} their
 * {@code of} computes from the session's rules (none when they need the full walk), written with the entry points,
 * after the rules they copy. An uplink fast entry (an ARRAY value, copied in place in no defined order) is written
 * switched off and then switched on, switched off before a modification rewrites it ({@link #modify}) and before
 * removal zeroes it, so no write changes its flags and another octet at once; see docs/dataplane.md, "Fast entries".
 * The TEID sets (upf_teid_v1) and dense downlink slots (upf_dldense_v1) change likewise by a gate alone (the set's
 * teid word, {@link PdrSet#closed}; {@link DenseIndex#LIVE}): a modification writes the new set or value, open, into
 * the slot's staging entry (an ARRAY of the same index, gated likewise, which the program reads for a closed slot)
 * while the slot is open, closes the slot, rewrites it closed and opens it; the staging entry stays open with the
 * value the slot holds until the slot closes by another path, which closes it first, then the slot. Removal closes and
 * leaves the rest ({@link #collectEntryPoints}; docs/dataplane.md, "Writing rules without half-rules").
 *
 * <p>Thread-safety: the rule write methods (install, installAll, modify, remove) are mutually exclusive (synchronized:
 * the agent calls them from its one event loop, so the lock is uncontended); the counter methods may be called from
 * any thread; {@link #pollEvents} from one.
 */
public final class Dataplane implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dataplane.class.getName());
    public static final String OBJECT = "/bpf/upf_xdp.bpf.o";

    /** Interface roles and the program each one carries. */
    public enum Role {
        /** N3 (gNB side) GTP-U ingress. */
        N3("upf_gtpu_in"),
        /** N9 (peer UPF) GTP-U ingress. */
        N9("upf_gtpu_in"),
        /** N6 (data network) ingress. */
        N6("upf_n6_in"),
        /** One interface for both N3 and N6 (GTP-U to port 2152 is N3, the rest N6). */
        N3N6("upf_n3n6_in");

        public final String program;

        Role(String program) {
            this.program = program;
        }
    }

    /** Writes one key or value at an offset of a buffer. */
    @FunctionalInterface
    interface Writer {
        void write(ByteBuffer buf, int at);
    }

    /**
     * Sees each entry the rule writes (install, modify, remove) put into a map, after the kernel took it: the order
     * of the writes, which the maps' end state does not show (FastEntryTest checks the fast entries' order with it).
     */
    @FunctionalInterface
    interface WriteLog {
        void written(String map, ByteBuffer key, ByteBuffer value);

        /** A rule write looked key up in map first (a syscall the common path avoids: SlotRaceTest counts them). */
        default void read(String map, ByteBuffer key) {
        }

        /** A rule write deleted key from map (a UE's hash or trie key, after its slot closed). */
        default void deleted(String map, ByteBuffer key) {
        }
    }

    private static final Writer ZERO = (buf, at) -> { };
    /**
     * The batches of an entry point's slot (upf_teid_v1, upf_dldense_v1) a packet may use, in this order: CLOSE the
     * old value (its gate alone, after its replacement was staged), write the new BODY while closed, OPEN it (the gate
     * alone). Each a syscall of its own ({@link MapWrites#add(String, int, int, int, Writer)}).
     */
    private static final int CLOSE = 0;
    private static final int BODY = 1;
    private static final int OPEN = 2;
    /**
     * The batches of a staging entry: STAGE the new value (open) while the slot is open, before CLOSE; RESTAGE it
     * after OPEN, for a slot that may have been closed with its staging entry open (never rewrite an open staging
     * entry while its slot is closed: packets read it then).
     */
    private static final int STAGE = 0;
    private static final int RESTAGE = 1;
    /** Value octets (slots x CPUs x 56) zeroed per batch call of {@link #flushNextHops}: bounds the scratch buffer. */
    private static final int FLUSH_BYTES = 1 << 20;

    private final BpfObject object;
    private final Path pinRoot;
    private final BpfRingBuffer events;
    private final ActiveUrrs activeUrrs;
    private final Map<Integer, BpfLink> links = new LinkedHashMap<>();
    private volatile WriteLog writeLog = (map, key, value) -> { };
    /** Where UE addresses go: the dense ranges in force (the configured ones, or those the pinned maps were filled with). */
    private DenseIndex dense = DenseIndex.NONE;
    /** The dense slots that may be live, so that a new UE address's slot needs no lookup. */
    private LiveSlots liveSlots = new LiveSlots(0);
    /** The slots after the dense ranges', for the UEs found by hash or trie (their maps hold the slot). */
    private UeSlots ueSlots = new UeSlots(1, 1);
    private final StagingEntries stagedTeids = new StagingEntries();
    private final StagingEntries stagedSlots = new StagingEntries();
    /**
     * Dense slot -> the sessions whose live value there another session's install took over (duplicate UE addresses,
     * which the SMF supplies and nobody checks): their removal or modification leaves the slot to its new owner.
     */
    private final Map<Integer, Set<Integer>> displaced = new HashMap<>();
    /** The UE-address maps of layout 3 pinned under pinRoot until they are retired ({@link #migrateOlderUeKeys}). */
    private OlderUeKeys olderUeKeys;

    private Dataplane(BpfObject object, Path pinRoot) {
        this.object = object;
        this.pinRoot = pinRoot;
        this.events = new BpfRingBuffer(object.map("upf_events_v1"), ControlEvent.C.size());
        this.activeUrrs = new ActiveUrrs(object.map(ActiveUrrs.MAP));
    }

    /**
     * Loads the programs with config's map sizes; pinRoot (a bpffs directory) keeps the maps and the interface links
     * (so forwarding goes on while no agent runs), null pins none.
     */
    public static Dataplane load(DataplaneConfig config, Path pinRoot) {
        return load(config, pinRoot, KernelConfig.system());
    }

    /** {@link #load(DataplaneConfig, Path)} for a kernel whose tick rate (next-hop TTL in jiffies) is kernel's. */
    static Dataplane load(DataplaneConfig config, Path pinRoot, KernelConfig kernel) {
        BpfObject obj = BpfObject.openResource(OBJECT, kernel);
        Dataplane dp = null;
        try {
            obj.setMaxEntries(PdrSet.TEID_MAP, config.teidSlots());
            obj.setMaxEntries(PdrSet.STAGING_MAP, config.teidSlots());
            obj.setMaxEntries(UplinkFastEntry.MAP, config.teidSlots());
            obj.setMaxEntries("upf_sess_v1", config.sessions());
            obj.setMaxEntries("upf_notify_v1", config.sessions());
            obj.setMaxEntries("upf_pdr_v1", config.pdrs());
            obj.setMaxEntries("upf_far_v1", config.fars());
            obj.setMaxEntries("upf_qer_v1", config.qers());
            obj.setMaxEntries("upf_meter_v1", config.qers());
            obj.setMaxEntries("upf_urr_v1", config.urrs());
            obj.setMaxEntries(ActiveUrrs.MAP, ActiveUrrs.words(config.urrs()));
            obj.setMaxEntries(UeKeys.DL4_MAP, config.ueIpv4());
            obj.setMaxEntries(UeKeys.DL6_MAP, config.ueIpv6());
            obj.setMaxEntries(UeKeys.DL6P_MAP, config.ueIpv6Prefixes());
            obj.setMaxEntries(DenseIndex.VALUES_MAP, config.denseSlots());
            obj.setMaxEntries(DenseIndex.STAGING_MAP, config.denseSlots());
            int pinned = pinnedDenseSlots(pinRoot);
            if (pinned != 0 && pinned != config.denseSlots()) {
                throw new DenseSlotsMismatch(pinRoot, pinned, config.denseSlots());
            }
            obj.setMaxEntries("upf_events_v1", config.eventRingBytes());
            obj.load(pinRoot);
            dp = new Dataplane(obj, pinRoot);
            dp.olderUeKeys = OlderUeKeys.open(pinRoot);
            dp.put(UpfConfig.MAP, slot(0), new UpfConfig(config.notifyInterval().toNanos(), config.teidSlots() - 1,
                    (int) config.nextHopTtl().toMillis(), 0)::write);
            dp.flushNextHops();
            boolean reused = obj.reusedPinned(DenseIndex.VALUES_MAP);
            dp.liveSlots = reused ? LiveSlots.read(dp.map(DenseIndex.VALUES_MAP)) : new LiveSlots(config.denseSlots());
            dp.settleStaged(PdrSet.STAGING_MAP, PdrSet.TEID_MAP, dp.stagedTeids);
            dp.settleStaged(DenseIndex.STAGING_MAP, DenseIndex.VALUES_MAP, dp.stagedSlots);
            dp.dense = dp.denseRanges(config.denseIndex(), reused);
            List<Object> stale = new ArrayList<>();
            dp.ueSlots = UeSlots.read(dp.map(UeKeys.DL4_MAP), dp.map(UeKeys.DL6_MAP), dp.map(UeKeys.DL6P_MAP),
                    dp.dense.slots(), config.denseSlots(), stale, LOG);
            stale.forEach(dp::deleteUeKey); // its layout-3 key (if any) may still be migrated
            dp.migrateOlderUeKeys();
            LOG.log(dp.ueSlots.capacity() == 0 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    "{0} UE slots after the dense ranges'' {1} for the UEs found by hash or trie, {2} free{3}",
                    dp.ueSlots.capacity(), dp.dense.slots() - 1, dp.ueSlots.available(), dp.ueSlots.capacity() == 0
                            ? ": a UE outside the dense ranges cannot be installed (DataplaneConfig.denseSlots, the"
                            + " agent's maps.ueDenseSlots, leaves no slot after the ranges)" : "");
            return dp;
        } catch (RuntimeException e) {
            if (dp != null) {
                dp.close();
            } else {
                obj.close();
            }
            throw e;
        }
    }

    /**
     * The dense ranges this load uses: configured, written into upf_dlrange_v1 unless the pinned one differs while the
     * pinned UE maps hold entries (placed by those ranges: removing them needs the same placement), in which case the
     * pinned ranges stay in force until a start with empty UE maps, with a warning.
     */
    private DenseIndex denseRanges(DenseIndex configured, boolean pinnedValues) {
        BpfMap m = map(DenseIndex.RANGES_MAP);
        ByteBuffer value = SCRATCH.get().values(m.valueBufferSize());
        m.lookup(key(slot(0), 4), value);
        DenseIndex pinned = DenseIndex.read(value, 0);
        if (pinned.equals(configured)) {
            return configured;
        }
        if (pinnedValues && holdsUeEntries()) { // a map this load created holds nothing
            LOG.log(System.Logger.Level.WARNING, "dense downlink ranges {0} configured, but the pinned UE maps hold"
                    + " entries placed with {1}: keeping {1} (start with an empty pin root to change them)",
                    configured, pinned);
            return pinned;
        }
        put(DenseIndex.RANGES_MAP, slot(0), configured::write);
        return configured;
    }

    /** Whether any UE-address map holds an entry: a hash or the trie a key, the dense array a live slot. */
    private boolean holdsUeEntries() {
        for (String name : List.of(UeKeys.DL4_MAP, UeKeys.DL6_MAP, UeKeys.DL6P_MAP)) {
            BpfMap m = map(name);
            if (m.nextKey(null, ByteBuffer.allocateDirect(m.keySize()).order(ByteOrder.nativeOrder()))) {
                return true;
            }
        }
        return liveSlots.any() || olderUeKeys != null && olderUeKeys.holdsKeys();
    }

    /**
     * Migrates the keys of the UE-address maps of layout 3 pinned under pinRoot (key -> the whole struct upf_ue_set)
     * into layout 4 (docs/dataplane.md, "Maps", the upgrade from layout 3): each key that layout 4 does not hold gets
     * a UE slot, its value written there closed with the key's tag, its layout-4 key, the slot opened: the install's
     * order ({@link #fillUeSlot}). A key layout 4 holds already keeps its layout-4 slot: live (an install since, or a
     * migration done), it keeps its value too; closed (neither LIVE nor a live staging entry, which
     * {@link #settleStaged} has finished), it is a migration an agent was killed in between the key and the open write
     * (a removal deletes the layout-3 key before it closes the slot, {@link #closeUeSlot}), filled again from layout 3.
     * All or nothing as to slots: more keys than free UE slots stop the load ({@link OlderUeMaps}) before anything is
     * written. The layout-3 maps stay until no pinned link runs an older program, which reads them
     * ({@link #retireOlderUeKeys}).
     */
    private void migrateOlderUeKeys() {
        if (olderUeKeys == null) {
            return;
        }
        BpfMap values = map(DenseIndex.VALUES_MAP);
        int other = olderUeKeys.otherValueSize(values.valueSize());
        if (other != 0 && olderUeKeys.holdsKeys()) { // empty: nothing to migrate, retired below
            throw new OlderUeMaps(olderUeKeys.pins(), false, "their values have " + other + " octets, struct"
                    + " upf_ue_set " + values.valueSize() + ": not written by a program of layout 3. Release their sessions with the"
                    + " version that wrote them (or start on an empty pin root), then remove those pins");
        }
        Map<Object, byte[]> moving = new LinkedHashMap<>();
        Map<Object, byte[]> unopened = new LinkedHashMap<>();
        int[] kept = new int[1];
        olderUeKeys.forEach((key, buf, at) -> {
            int slot = ueSlots.slot(key);
            if (slot != 0 && liveSlots.mayBeLive(slot)) { // read from the slots, staged ones settled above
                kept[0]++;
                return;
            }
            byte[] closed = new byte[values.valueBufferSize()];
            buf.get(at, closed, 0, values.valueSize());
            closed[0] &= (byte) ~DenseIndex.LIVE;
            ByteBuffer.wrap(closed).order(ByteOrder.nativeOrder())
                    .putInt(UeSet.C.offset("set") + PdrSet.C.offset("teid"), UeSlots.tag(key));
            (slot != 0 ? unopened : moving).put(key, closed);
        });
        if (moving.size() > ueSlots.available()) {
            throw new OlderUeMaps(olderUeKeys.pins(), true, moving.size() + " of their UEs need a UE slot, "
                    + ueSlots.available() + " of the " + ueSlots.capacity() + " after the dense ranges are free: the pinned upf_dldense_v1"
                    + " (maps.ueDenseSlots, DataplaneConfig.denseSlots) has too few. Release sessions with the version"
                    + " that wrote them until they fit, or start on an empty pin root with a larger maps.ueDenseSlots");
        }
        moving.forEach((key, closed) -> fillUeSlot(key, ueSlots.allocate(List.of(key)).iterator().next(), true,
                closed));
        unopened.forEach((key, closed) -> fillUeSlot(key, ueSlots.slot(key), false, closed));
        LOG.log(System.Logger.Level.INFO, "{0}: migrated {1} UEs of layout 3 into UE slots of layout {2} ({3} IPv4,"
                + " {4} IPv6, {5} prefixes); {6} were in layout {2} already, {7} of them with their slot closed by a"
                + " migration an agent was killed in (filled again)", olderUeKeys.pins(), moving.size(),
                UeKeys.LAYOUT_VERSION, count(moving, Inet4Address.class), count(moving, Inet6Address.class),
                count(moving, SessionRules.Ipv6Prefix.class), kept[0] + unopened.size(), unopened.size());
        retireOlderUeKeys(System.Logger.Level.INFO);
    }

    private static long count(Map<Object, byte[]> keys, Class<?> type) {
        return keys.keySet().stream().filter(type::isInstance).count();
    }

    /**
     * Once no link pinned under pinRoot runs an older program (every one taken over by {@link #attach}, or detached),
     * the layout-3 maps' keys are deleted and their pins removed: a later load cannot bring back a UE removed since.
     * Until then the links that keep them are logged at blocked (the load: INFO, their attach is still to come; an
     * attach: WARNING, a link this agent does not take over keeps them for good). Best effort: a failure is a WARNING,
     * retried at the next attach or load, never a failed attach (the link is taken over already).
     */
    private void retireOlderUeKeys(System.Logger.Level blocked) {
        if (olderUeKeys == null) {
            return;
        }
        try {
            List<Path> older = olderLinks();
            if (!older.isEmpty()) {
                LOG.log(blocked, "{0}: layout-3 UE maps kept while {1} (pinned, attached, not taken over by this load)"
                        + " may run an older program, which reads them; retired once those links are taken over or"
                        + " removed", olderUeKeys.pins(), older);
                return;
            }
            int deleted = olderUeKeys.retire();
            LOG.log(System.Logger.Level.INFO, "{0}: layout-3 UE maps retired ({1} keys deleted, pins removed)",
                    olderUeKeys.pins(), deleted);
            olderUeKeys.close();
            olderUeKeys = null;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: retiring the layout-3 UE maps failed ({1}); retried at the next"
                    + " attach or load", olderUeKeys.pins(), e.toString());
        }
    }

    /**
     * The links pinned under pinRoot ({@code link_xdp_<ifindex>}; other names skipped) that this load has not taken
     * over and that are attached to their interface (to an older program).
     */
    private List<Path> olderLinks() {
        List<Path> older = new ArrayList<>();
        try (var pins = Files.list(pinRoot)) {
            for (Path pin : (Iterable<Path>) pins::iterator) {
                String name = pin.getFileName().toString();
                if (!name.matches("link_xdp_[0-9]{1,9}")) {
                    continue;
                }
                int ifindex = Integer.parseInt(name.substring("link_xdp_".length()));
                if (links.containsKey(ifindex)) {
                    continue;
                }
                try (BpfLink link = BpfLink.openPinned(pin)) {
                    if (link.info().ifindex() == ifindex) {
                        older.add(pin);
                    }
                }
            }
            return older;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The pin root holds UE-address maps of layout 3 whose UEs this load cannot migrate into layout 4 (UE slots,
     * docs/dataplane.md "Maps", the upgrade from layout 3): started, those UEs would be left without downlink.
     */
    public static final class OlderUeMaps extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        private final boolean tooFewUeSlots;

        OlderUeMaps(List<Path> pins, boolean tooFewUeSlots, String why) {
            super(pins + " pinned: UE-address maps of layout 3 that cannot be migrated into layout "
                    + UeKeys.LAYOUT_VERSION + ": " + why);
            this.tooFewUeSlots = tooFewUeSlots;
        }

        /** Whether the UE slots are too few (maps.ueDenseSlots), rather than the maps not of layout 3. */
        public boolean tooFewUeSlots() {
            return tooFewUeSlots;
        }
    }

    /** The size of the upf_dldense_v1 pinned under pinRoot (null: none), 0 if none is pinned there. */
    public static int pinnedDenseSlots(Path pinRoot) {
        Path pin = pinRoot == null ? null : pinRoot.resolve(DenseIndex.VALUES_MAP);
        if (pin == null || !Files.exists(pin)) {
            return 0;
        }
        try (BpfMap m = BpfMap.openPinned(pin)) {
            return m.maxEntries();
        }
    }

    /**
     * The pinned upf_dldense_v1 has another size than {@link DataplaneConfig#denseSlots()} asks for: its size is fixed
     * while it is pinned (the slots of the UEs it holds), so the configured slot count must not change.
     */
    public static final class DenseSlotsMismatch extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        DenseSlotsMismatch(Path pinRoot, int pinned, int configured) {
            super(DenseIndex.VALUES_MAP + " pinned under " + pinRoot + " has " + pinned + " slots, the configuration"
                    + " asks for " + configured + ": configure " + pinned + " (a change of the slot count needs an"
                    + " empty pin root)");
        }
    }

    /** The dense downlink ranges in force ({@link DataplaneConfig#denseRanges()} unless the pinned maps keep others). */
    public DenseIndex denseIndex() {
        return dense;
    }

    /** Replaces the {@link WriteLog} (initially none). */
    void writeLog(WriteLog log) {
        writeLog = log;
    }

    /** The program a role runs, e.g. for BPF_PROG_TEST_RUN. */
    public BpfProgram program(Role role) {
        return object.program(role.program);
    }

    /** A map of the object by name, for tools and tests that inspect it directly. */
    public BpfMap map(String name) {
        return object.map(name);
    }

    /**
     * Attaches role's program to ifindex (of the calling thread's namespace) in native mode, falling back to generic
     * XDP with a warning, and registers the interface as a redirect target. With a pin root the link is pinned
     * there ({@link #linkPin}); if a previous run left a link pinned for this interface, that link is taken over and
     * switched to this load's program atomically (BPF_LINK_UPDATE): the interface never runs without a program.
     * {@link Role#N9} also becomes the interface whose G-PDUs count as N9 ({@link #n9Interface(int)}), before its
     * first packet.
     */
    public synchronized void attach(Role role, int ifindex) {
        if (links.containsKey(ifindex)) {
            throw new IllegalStateException("ifindex " + ifindex + " already has a UPF program");
        }
        if (role == Role.N9) {
            n9Interface(ifindex);
        }
        BpfProgram prog = program(role);
        BpfLink link = adoptPinned(ifindex, prog);
        boolean adopted = link != null;
        if (!adopted) {
            try {
                link = prog.attachXdp(ifindex, XdpMode.NATIVE);
            } catch (BpfException e) {
                LOG.log(System.Logger.Level.WARNING, "native XDP on ifindex {0} ({1}) refused: {2}; using generic"
                        + " XDP, which runs after skb allocation and is much slower", ifindex, role, e.getMessage());
                link = prog.attachXdp(ifindex, XdpMode.GENERIC);
            }
        }
        try {
            if (!adopted && pinRoot != null) {
                link.pin(linkPin(ifindex));
            }
            put("upf_tx_v1", slot(ifindex), slot(ifindex));
        } catch (RuntimeException e) {
            unpin(ifindex);
            link.close();
            throw e;
        }
        links.put(ifindex, link);
        retireOlderUeKeys(System.Logger.Level.WARNING);
    }

    /** Where the link of ifindex is pinned: {@code <pinRoot>/link_xdp_<ifindex>}. */
    public Path linkPin(int ifindex) {
        if (pinRoot == null) {
            throw new IllegalStateException("loaded without a pin root: links are not pinned");
        }
        return pinRoot.resolve("link_xdp_" + ifindex);
    }

    /** The link a previous run pinned for ifindex, switched to prog; null if there is none (a stale pin is removed). */
    private BpfLink adoptPinned(int ifindex, BpfProgram prog) {
        if (pinRoot == null || !Files.exists(linkPin(ifindex))) {
            return null;
        }
        BpfLink old = BpfLink.openPinned(linkPin(ifindex));
        if (old.info().ifindex() != ifindex) { // detached meanwhile (interface gone): the pin names nothing
            old.close();
            unpin(ifindex);
            return null;
        }
        try {
            old.update(prog);
        } catch (RuntimeException e) {
            old.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "ifindex {0}: took over the pinned XDP link, now running this load''s {1}",
                ifindex, prog.name());
        return old;
    }

    private void unpin(int ifindex) {
        if (pinRoot != null) {
            try {
                Files.deleteIfExists(linkPin(ifindex));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Detaches the program of ifindex, pinned or not (calling thread's namespace for the redirect entry). */
    public synchronized void detach(int ifindex) {
        BpfLink link = links.remove(ifindex);
        if (link == null) {
            throw new IllegalStateException("ifindex " + ifindex + " has no UPF program");
        }
        unpin(ifindex);
        link.close();
        map("upf_tx_v1").delete(key(slot(ifindex), 4));
        if (ifindex == n9Interface()) {
            n9Interface(0);
        }
    }

    /**
     * Makes ifindex the N9 interface of the interface counters (upf_config_v3.n9_ifindex; 0: none): G-PDUs accepted
     * there count in {@link InterfaceCounter#GTP_IN_N9}, elsewhere in {@link InterfaceCounter#GTP_IN}.
     * {@link #attach} calls it for {@link Role#N9}.
     */
    public synchronized void n9Interface(int ifindex) {
        setConfig("n9_ifindex", ifindex);
    }

    /** The N9 interface of the interface counters, 0 if none. */
    public synchronized int n9Interface() {
        return upfConfig().getInt(UpfConfig.C.offset("n9_ifindex"));
    }

    /** Writes a session's rules, leaves first, entry points last; its meters and URR counters start at zero. */
    public synchronized void install(SessionRules s) {
        write(s, null);
    }

    /**
     * Installs several sessions with one batched write (BPF_MAP_UPDATE_BATCH) per map instead of one per map and
     * session. Every session's leaves (session, FARs, QERs, meters, URRs, PDRs) are written before any session's
     * entry points, so no packet meets half a session. Returns, per session in order, null if it is installed or
     * the error that refused one of its entries: a refused session's entries are removed again (best effort), the
     * other sessions stay installed. The hashes that can refuse an entry (full) are written before any entry point
     * is opened, so a refused session never forwarded a packet.
     */
    public synchronized List<BpfException> installAll(List<SessionRules> sessions) {
        MapWrites w = new MapWrites(sessions.size(), this::map, writeLog);
        BpfException[] noSlot = new BpfException[sessions.size()];
        for (int i = 0; i < sessions.size(); i++) {
            try {
                collect(w, i, sessions.get(i), null);
            } catch (UeSlots.Exhausted e) {
                noSlot[i] = e; // nothing of it was added
            }
        }
        List<BpfException> failed = new ArrayList<>(w.write());
        for (int i = 0; i < failed.size(); i++) {
            if (noSlot[i] != null) {
                failed.set(i, noSlot[i]);
            } else if (failed.get(i) == null) {
                ownUeSlots(sessions.get(i));
            } else {
                try {
                    remove(sessions.get(i));
                } catch (BpfException ignored) {
                    // best effort: the refusal is what the caller reports
                }
            }
        }
        return failed;
    }

    /**
     * Writes s, leaves first, entry points last. Meters and URR counters are zeroed only in slots live (null: none)
     * does not have: a QER or URR kept across a Session Modification keeps its token bucket and its usage.
     */
    private void write(SessionRules s, SessionRules live) {
        MapWrites w = new MapWrites(1, this::map, writeLog);
        Set<Integer> fresh = collect(w, 0, s, live);
        BpfException refused = w.write().get(0);
        if (refused != null) {
            freeUeSlots(fresh);
            throw refused;
        }
        ownUeSlots(s);
    }

    /**
     * After a refused write: the UE slots it gave new keys go back, their keys deleted (absent if the refusal came
     * first), so a retry allocates and writes them again. Their values were not opened (a refused owner gets no further
     * batch, and the OPEN batches come after the hashes and the trie); {@link LiveSlots} still marks them, so their
     * next owner closes them first if they are.
     */
    private void freeUeSlots(Set<Integer> fresh) {
        for (int slot : fresh) {
            deleteUeKey(ueSlots.key(slot));
            ueSlots.free(slot);
        }
    }

    /** Deletes a {@link UeSlots} key from its hash or trie (absent: nothing to do). */
    private void deleteUeKey(Object key) {
        BpfMap m = map(ueMap(key));
        ByteBuffer k = key(ueKey(key), m.keySize());
        m.delete(k);
        writeLog.deleted(ueMap(key), k);
    }

    /** s, just written, holds the UE slots of its keys found by hash or trie: the later write wins, as in a hash. */
    private void ownUeSlots(SessionRules s) {
        forEachHashed(s, (key, pdrs) -> ueSlots.own(ueSlots.slot(key), s.session()));
    }

    /**
     * Adds the entries of s (as session owner of w) in write order; see {@link #write}. Batch order: leaves; staging,
     * CLOSE and the TEID sets' BODY; uplink fast entries switched off; the UE-address hashes and trie (the batches a
     * full map refuses); the dense BODY; then every OPEN: TEID sets, uplink fast entries switched on, dense slots.
     * Returns the UE slots given to keys of s that had none (their keys are in the hash and trie batches).
     */
    private Set<Integer> collect(MapWrites w, int owner, SessionRules s, SessionRules live) {
        RuleTable<Integer, List<Integer>> uplink = s.uplinkTable();
        for (int i = 0; i < uplink.size(); i++) {
            int teid = uplink.keyAt(i);
            if ((teid & teidSlotMask()) == 0) {
                throw new IllegalArgumentException("TEID 0x" + Integer.toHexString(teid) + " falls in the reserved"
                        + " slot 0 of upf_teid_v1; allocate TEIDs with DataplaneConfig.teid(slot, generation)");
            }
        }
        // Before anything of s is added: a longer key's /64 leaves the array (direct writes), then s's keys found by
        // hash or trie get their slots, all or none (UeSlots.Exhausted: nothing of s written).
        RuleTable<Inet6Address, List<Integer>> exact = s.downlinkIpv6Table();
        for (int i = 0; i < exact.size(); i++) {
            demoteDense(exact.keyAt(i));
        }
        RuleTable<SessionRules.Ipv6Prefix, List<Integer>> prefixes = s.downlinkIpv6PrefixTable();
        for (int i = 0; i < prefixes.size(); i++) {
            if (prefixes.keyAt(i).length() > 64) {
                demoteDense(prefixes.keyAt(i).prefix());
            }
        }
        List<Object> hashed = hashedKeys(s);
        Set<Integer> fresh = ueSlots.allocate(hashed);
        int session = s.session();
        w.add("upf_sess_v1", owner, session, s.ue());
        w.add("upf_notify_v1", owner, session, ZERO);
        RuleTable<Integer, FarRule> fars = s.farTable();
        for (int i = 0; i < fars.size(); i++) {
            w.add("upf_far_v1", owner, fars.keyAt(i), fars.valueAt(i));
        }
        RuleTable<Integer, QerRule> qers = s.qerTable();
        for (int i = 0; i < qers.size(); i++) {
            w.add("upf_qer_v1", owner, qers.keyAt(i), qers.valueAt(i));
        }
        for (int i = 0; i < qers.size(); i++) {
            int slot = qers.keyAt(i);
            if (live == null || !live.qerTable().containsKey(slot)) {
                w.add("upf_meter_v1", owner, slot, ZERO);
            }
        }
        SlotSet urrs = s.urrSlots();
        for (int i = 0; i < urrs.size(); i++) {
            int slot = urrs.slotAt(i);
            if (live == null || !live.urrSlots().contains(slot)) {
                w.add("upf_urr_v1", owner, slot, ZERO);
            }
        }
        RuleTable<Integer, PdrRule> pdrs = s.pdrTable();
        for (int i = 0; i < pdrs.size(); i++) {
            w.add("upf_pdr_v1", owner, pdrs.keyAt(i), pdrs.valueAt(i));
        }
        // Only a modification (live) restages: an install's stay empty, without a map per session.
        Map<Integer, PdrSet> restageTeids = live == null ? Map.of() : new LinkedHashMap<>();
        Map<Integer, UeSet> restageSlots = live == null ? Map.of() : new LinkedHashMap<>();
        RuleTable<Integer, PdrSet> teidOpens = collectEntryPoints(w, owner, s, live, restageTeids, restageSlots);
        // After the sets, so a fast entry never leads packets to rules the walk would not find. Written switched off,
        // then (a batch of its own, after the UE addresses) switched on: the class comment.
        SmallMap<Integer, UplinkFastEntry> fastOn = new SmallMap<>();
        for (int i = 0; i < uplink.size(); i++) {
            int teid = uplink.keyAt(i);
            UplinkFastEntry fast = UplinkFastEntry.of(s, teid);
            int slot = teid & teidSlotMask();
            if (fast == null) {
                w.add(UplinkFastEntry.MAP, owner, slot, ZERO);
            } else if (live != null && live.uplinkTable().containsKey(teid)
                    && fast.equals(UplinkFastEntry.of(live, teid))) {
                w.add(UplinkFastEntry.MAP, owner, slot, fast); // the very octets the slot holds
            } else {
                w.add(UplinkFastEntry.MAP, owner, slot, fast.off());
                fastOn.put(slot, fast);
            }
        }
        // A new key's entry names its slot, written once, while the slot is closed (a packet finding it meets no UE
        // until the OPEN below); a key kept, or another session's, is never written again: an update would replace
        // its element, which Linux >= 6.1 may hand to the next update at once (UeKeys).
        for (int i = 0; i < hashed.size(); i++) {
            Object key = hashed.get(i);
            int slot = ueSlots.slot(key);
            if (fresh.contains(slot)) {
                w.add(ueMap(key), owner, ueKey(key), slot(slot));
            }
        }
        RuleTable<Integer, UeSet> denseOpens = collectDense(w, owner, s, live);
        RuleTable<Integer, UplinkFastEntry> fastOpens = fastOn.toMap();
        for (int i = 0; i < teidOpens.size(); i++) {
            w.add(PdrSet.TEID_MAP, OPEN, owner, teidOpens.keyAt(i), teidOpens.valueAt(i));
        }
        for (int i = 0; i < fastOpens.size(); i++) {
            w.addAgain(UplinkFastEntry.MAP, owner, fastOpens.keyAt(i), fastOpens.valueAt(i));
        }
        for (int i = 0; i < denseOpens.size(); i++) {
            w.add(DenseIndex.VALUES_MAP, OPEN, owner, denseOpens.keyAt(i),
                    denseOpens.valueAt(i).inDenseSlot(true, true));
        }
        restageTeids.forEach((slot, set) -> w.add(PdrSet.STAGING_MAP, RESTAGE, owner, slot, set));
        restageSlots.forEach((slot, value) -> w.add(DenseIndex.STAGING_MAP, RESTAGE, owner, slot,
                value.inDenseSlot(true, true)));
        return fresh;
    }

    /**
     * The TEID sets of s, and what a modification from live (null: an install) stages first; returns the TEID slots to
     * OPEN with their sets. A slot a packet may use changes by its gate alone (the set's teid word,
     * {@link PdrSet#closed}; a dense slot's {@link DenseIndex#LIVE}): a set or dense value that changes is written
     * whole and open into the slot's staging entry while the slot is open (STAGE; the program reads it only for a
     * closed slot), its slot closed, rewritten closed, opened. A new TEID's slot is closed (removed, or never used; its
     * staging entry closed too): written closed, then opened. An unchanged set is rewritten with its own octets. A slot
     * {@link StagingEntries#unsure} is closed as it is ({@link #closedTeidAsHeld}, {@link #closedDenseAsHeld}), as it
     * may be closed already with its staging entry open, which may then be rewritten only after the slot opens again:
     * it goes into restageTeids / restageSlots (by slot) for the caller's RESTAGE after OPEN. Loops in batch order:
     * all STAGE, all CLOSE, then BODY (MapWrites writes batches in the order they were first added to).
     */
    private RuleTable<Integer, PdrSet> collectEntryPoints(MapWrites w, int owner, SessionRules s, SessionRules live,
            Map<Integer, PdrSet> restageTeids, Map<Integer, UeSet> restageSlots) {
        int mask = teidSlotMask();
        List<Integer> teids = live == null ? List.of() : restagedTeids(live, s);
        if (live != null) {
            Map<Integer, UeSet> slots = restagedDense(live, s);
            for (int teid : teids) {
                if (stagedTeids.unsure(teid)) {
                    restageTeids.put(teid & mask, teidSet(s, teid));
                } else {
                    w.add(PdrSet.STAGING_MAP, STAGE, owner, teid & mask, teidSet(s, teid));
                }
                stagedTeids.opened(teid & mask);
            }
            slots.forEach((slot, value) -> {
                if (stagedSlots.unsure(slot)) {
                    restageSlots.put(slot, value);
                } else { // as the slot will hold it: open
                    w.add(DenseIndex.STAGING_MAP, STAGE, owner, slot, value.inDenseSlot(true, true));
                }
                stagedSlots.opened(slot);
            });
            for (int teid : teids) {
                Writer closed = stagedTeids.unsure(teid) ? closedTeidAsHeld(PdrSet.TEID_MAP, teid)
                        : teidSet(live, teid).closed(mask);
                if (closed != null) {
                    w.add(PdrSet.TEID_MAP, CLOSE, owner, teid & mask, closed);
                }
            }
            Map<Integer, UeSet> was = ueValues(live);
            for (int slot : slots.keySet()) {
                Writer closed = stagedSlots.unsure(slot)
                        ? closedDenseAsHeld(DenseIndex.VALUES_MAP, slot, live.session(), s.session())
                        : was.get(slot).inDenseSlot(false, true);
                if (closed != null) {
                    w.add(DenseIndex.VALUES_MAP, CLOSE, owner, slot, closed);
                }
            }
        }
        SmallMap<Integer, PdrSet> opens = new SmallMap<>();
        RuleTable<Integer, List<Integer>> uplink = s.uplinkTable();
        for (int i = 0; i < uplink.size(); i++) {
            int teid = uplink.keyAt(i);
            PdrSet set = teidSet(s, teid);
            if (live != null && set.equals(teidSet(live, teid)) && !teids.contains(teid)) {
                w.add(PdrSet.TEID_MAP, BODY, owner, teid & mask, set); // the very octets the slot holds
            } else {
                w.add(PdrSet.TEID_MAP, BODY, owner, teid & mask, set.closed(mask));
                opens.put(teid & mask, set);
            }
        }
        return opens.toMap();
    }

    /**
     * The octets TEID teid's slot (mapName: upf_teid_v1, or its staging entry) holds, closed by their gate alone; null
     * if not open for teid. For a slot that may hold other octets than the caller's rules say (a lookup: a syscall,
     * off the common path).
     */
    private Writer closedTeidAsHeld(String mapName, int teid) {
        return closedAsHeld(mapName, teid & teidSlotMask(),
                held -> held.getInt(PdrSet.C.offset("teid")) == teid);
    }

    /**
     * The octets dense slot (mapName: upf_dldense_v1, or its staging entry) holds, closed by their gate alone; null if
     * it is not live, or live for another session than sessions (none given: any), which this caller must leave alone.
     */
    private Writer closedDenseAsHeld(String mapName, int slot, int... sessions) {
        return closedAsHeld(mapName, slot, held -> (held.get(0) & DenseIndex.LIVE) != 0
                && (sessions.length == 0 || Arrays.stream(sessions).anyMatch(s -> s == held.getInt(
                        UeSet.C.offset("set") + PdrSet.C.offset("session")))));
    }

    private Writer closedAsHeld(String mapName, int slot, Predicate<ByteBuffer> open) {
        BpfMap m = map(mapName);
        ByteBuffer v = SCRATCH.get().values(m.valueBufferSize());
        ByteBuffer k = key(slot(slot), 4);
        writeLog.read(mapName, k);
        if (!m.lookup(k, v)) {
            return null;
        }
        byte[] held = new byte[m.valueBufferSize()];
        v.get(0, held);
        boolean teid = mapName.equals(PdrSet.TEID_MAP) || mapName.equals(PdrSet.STAGING_MAP);
        return open.test(v) ? closedCopy(held, teid, teidSlotMask()) : null;
    }

    /** The uplink set of s's TEID teid, null if s has none. */
    private static PdrSet teidSet(SessionRules s, int teid) {
        List<Integer> pdrs = s.uplinkTable().get(teid);
        return pdrs == null ? null : new PdrSet(pdrs, s.session(), teid);
    }

    /**
     * The TEIDs of both live and s whose set changes, or whose slot is {@link StagingEntries#unsure}: staged while their
     * slot is rewritten.
     */
    private List<Integer> restagedTeids(SessionRules live, SessionRules s) {
        return s.uplinkTeids().keySet().stream()
                .filter(teid -> live.uplinkTeids().containsKey(teid)
                        && (!teidSet(s, teid).equals(teidSet(live, teid)) || stagedTeids.unsure(teid)))
                .toList();
    }

    /**
     * The dense slots of both live and s whose value changes (or {@link StagingEntries#unsure}), with s's value: staged
     * while the slot is rewritten. A slot another session took over ({@link #displaced}) is not live's: s takes it as
     * a new slot ({@link #collectDense}).
     */
    private Map<Integer, UeSet> restagedDense(SessionRules live, SessionRules s) {
        Map<Integer, UeSet> was = ueValues(live);
        Map<Integer, UeSet> out = new LinkedHashMap<>();
        forEachUeSlot(s, (slot, value) -> {
            if (was.containsKey(slot) && !displaced(slot, live.session())
                    && (!was.get(slot).equals(value) || stagedSlots.unsure(slot))) {
                out.put(slot, value);
            }
        });
        return out;
    }

    /** Whether session's value in dense slot was taken over by another session's install. */
    private boolean displaced(int slot, int session) {
        Set<Integer> out = displaced.get(slot);
        return out != null && out.contains(session);
    }

    /** Forgets that session was displaced from slot; returns whether it was. */
    private boolean undisplace(int slot, int session) {
        Set<Integer> out = displaced.get(slot);
        if (out == null || !out.remove(session)) {
            return false;
        }
        if (out.isEmpty()) {
            displaced.remove(slot);
        }
        return true;
    }

    /**
     * Reads the staging entries a previous agent left (one batched scan): an open one whose slot holds the same octets
     * open is what every modification leaves (noted, to be closed with its slot); one whose slot is open with other
     * octets is a modification stopped before it closed the slot, which the next write of the slot finishes; one whose
     * slot is closed is a modification stopped between closing and opening the slot (a removal, takeover or demotion
     * closes the staging entry before the slot, so it leaves no such pair): finished as {@link #collectEntryPoints}
     * would have, the staged value written into the slot closed, then the slot opened (packets take the staged value
     * meanwhile). The slot may then hold the
     * rules the agent's journal has as the next ones, not the current ones: it is {@link StagingEntries#unsure} until
     * written through.
     */
    private void settleStaged(String staging, String slots, StagingEntries book) {
        BpfMap m = map(slots);
        boolean teids = slots.equals(PdrSet.TEID_MAP);
        int mask = teidSlotMask();
        int gate = teids ? PdrSet.C.offset("teid") : 0;
        Map<Integer, byte[]> open = new LinkedHashMap<>();
        ArrayScan.forEach(map(staging), (index, v, at) -> {
            int word = v.getInt(at + gate);
            if (teids ? word != 0 && (word & mask) == index : (v.get(at) & DenseIndex.LIVE) != 0) {
                byte[] staged = new byte[m.valueBufferSize()];
                v.get(at, staged);
                open.put(index, staged);
            }
        });
        ByteBuffer held = ByteBuffer.allocateDirect(m.valueBufferSize()).order(ByteOrder.nativeOrder());
        open.forEach((slot, staged) -> {
            book.opened(slot);
            int key = teids ? ByteBuffer.wrap(staged).order(ByteOrder.nativeOrder()).getInt(gate) : slot;
            m.lookup(key(slot(slot), 4), held.clear());
            if (held.equals(ByteBuffer.wrap(staged))) {
                return;
            }
            book.markUnsure(List.of(key));
            if (teids ? held.getInt(gate) == key : (held.get(0) & DenseIndex.LIVE) != 0) {
                return; // stopped before closing the slot: packets never read the staging entry
            }
            LOG.log(System.Logger.Level.INFO, "{0}: slot {1} closed with its staging entry open, left by an agent that"
                    + " stopped during a modification; finishing it", slots, slot);
            put(slots, slot(slot), closedCopy(staged, teids, mask));
            put(slots, slot(slot), (buf, at) -> buf.put(at, staged));
            if (!teids) {
                liveSlots.mark(slot);
            }
        });
    }

    /** The octets of an open TEID set or live dense value (as staged: open), closed by their gate alone. */
    private static Writer closedCopy(byte[] open, boolean teid, int mask) {
        return (buf, at) -> {
            buf.put(at, open);
            if (teid) {
                int word = at + PdrSet.C.offset("teid");
                buf.putInt(word, buf.getInt(word) ^ mask);
            } else {
                buf.put(at, (byte) (open[0] & ~DenseIndex.LIVE));
            }
        };
    }

    /**
     * Before slot index is closed by another path than a modification (removal, another session's install, a
     * demotion): closes its staging entry by its gate alone, if it may be open (else the program would lead the closed
     * slot's packets to it; and first, so that an agent killed in between leaves no closed slot with an open staging
     * entry, which a load would finish as a modification). closed: the entry's octets closed, the slot's own when the
     * slot is sure (an open staging entry holds the value its slot holds), else null: looked up (the octets as held).
     */
    private void closeStaging(String staging, int index, int key, Writer closed) {
        StagingEntries book = staging.equals(PdrSet.STAGING_MAP) ? stagedTeids : stagedSlots;
        if (!book.mayBeOpen(index)) {
            return;
        }
        Writer gate = closed != null ? closed
                : staging.equals(PdrSet.STAGING_MAP) ? closedTeidAsHeld(staging, key)
                : closedDenseAsHeld(staging, index);
        if (gate != null) {
            put(staging, slot(index), gate);
        }
        book.closed(index);
    }

    /**
     * The dense slots of s: a slot whose value changes (closed by {@link #collectEntryPoints} if live held it, else
     * not live: removed or never used) is written without {@link DenseIndex#LIVE}, then (a batch of its own) with it;
     * an unchanged slot is rewritten with its own octets. So one write never changes the flags octet and another one of
     * a slot a packet may use (an ARRAY value is copied in place in no defined order). A slot no session of live holds
     * is looked up only if {@link LiveSlots} says it may be live (another session's UE): no syscall per new UE address.
     * Returns the slots to OPEN with their values.
     */
    private RuleTable<Integer, UeSet> collectDense(MapWrites w, int owner, SessionRules s, SessionRules live) {
        Map<Integer, UeSet> was = live == null ? Map.of() : ueValues(live);
        int session = live == null ? s.session() : live.session();
        SmallMap<Integer, UeSet> opens = new SmallMap<>();
        forEachUeSlot(s, (slot, value) -> {
            UeSet old = displaced(slot, session) ? null : was.get(slot);
            undisplace(slot, session); // s (re)takes the slot: the later write wins
            undisplace(slot, s.session());
            if (value.equals(old) && !stagedSlots.unsure(slot)) {
                w.add(DenseIndex.VALUES_MAP, BODY, owner, slot, value.inDenseSlot(true, true));
            } else {
                if (old == null && liveSlots.mayBeLive(slot)) {
                    switchOffDense(slot, session, s.session());
                }
                w.add(DenseIndex.VALUES_MAP, BODY, owner, slot, value.inDenseSlot(false, true));
                opens.put(slot, value);
            }
            liveSlots.mark(slot);
        });
        return opens.toMap();
    }

    /**
     * A slot no live session of the caller holds may still be live (another session's UE, the later write wins as in a
     * hash): its LIVE bit goes off in a write of its own, the other octets as they are, so no packet reads the old
     * flags over a half-new body; the holder is {@link #displaced} (its removal leaves the slot alone), and the slot's
     * staging entry is closed before it (as in a removal). A lookup (a syscall), made only for a slot
     * {@link LiveSlots} marks. was and now: the taking session's slot before and after (they differ in a modification
     * that moves it).
     */
    private void switchOffDense(int slot, int was, int now) {
        Writer closed = closedDenseAsHeld(DenseIndex.VALUES_MAP, slot);
        if (closed == null) {
            return;
        }
        ByteBuffer v = SCRATCH.get().values(map(DenseIndex.VALUES_MAP).valueBufferSize());
        closed.write(v, 0);
        int holder = v.getInt(UeSet.C.offset("set") + PdrSet.C.offset("session"));
        if (holder != was && holder != now) {
            displaced.computeIfAbsent(slot, x -> new LinkedHashSet<>()).add(holder);
        }
        closeStaging(DenseIndex.STAGING_MAP, slot, slot, null);
        put(DenseIndex.VALUES_MAP, slot(slot), closed);
    }

    /**
     * Before a key longer than /64 goes into the hash or the trie: a live dense slot of its /64 (an earlier install of
     * this session, or another session's /64) would hide it, as the array is read first. That /64's value moves into a
     * UE slot of its own found by the trie (the same struct; there the longest prefix wins, as in hash mode): written
     * closed, the trie key naming it (once), opened; then the /64's staging entry goes off, then its dense slot (the
     * value stays, as after a removal). Looked up only if {@link LiveSlots} marks the slot.
     */
    private void demoteDense(Inet6Address inside) {
        int slot = dense.slot(inside, 64);
        if (slot == 0 || !liveSlots.mayBeLive(slot)) {
            return;
        }
        BpfMap m = map(DenseIndex.VALUES_MAP);
        ByteBuffer v = SCRATCH.get().values(m.valueBufferSize());
        ByteBuffer k = key(slot(slot), 4);
        writeLog.read(DenseIndex.VALUES_MAP, k);
        if (!m.lookup(k, v) || (v.get(0) & DenseIndex.LIVE) == 0) {
            liveSlots.unmark(slot);
            return;
        }
        byte[] held = new byte[m.valueBufferSize()];
        v.get(0, held);
        held[0] &= (byte) ~DenseIndex.LIVE;
        int holder = v.getInt(UeSet.C.offset("set") + PdrSet.C.offset("session"));
        SessionRules.Ipv6Prefix key = UeSlots.prefixKey(inside, 64);
        int to = ueSlots.slot(key);
        boolean fresh = to == 0;
        if (fresh) {
            to = ueSlots.allocate(List.of(key)).iterator().next();
        } else if (liveSlots.mayBeLive(to)) { // demoted before, back in the array since: its old value, closed first
            switchOffDense(to, holder, holder);
        }
        fillUeSlot(key, to, fresh, held); // the trie full: the /64 stays in the array
        ueSlots.own(to, holder);
        closeStaging(DenseIndex.STAGING_MAP, slot, slot, null);
        put(DenseIndex.VALUES_MAP, slot(slot), (buf, at) -> buf.put(at, held));
        liveSlots.unmark(slot);
    }

    /**
     * Writes closed (a whole struct upf_ue_set without {@link DenseIndex#LIVE}) into UE slot to, then, if the slot is
     * fresh, the key naming it (once; refused, e.g. by a full map: the slot, closed, goes back and the refusal is
     * thrown), then the same octets with LIVE: a packet finding the key meets a closed slot or the whole value.
     */
    private void fillUeSlot(Object key, int to, boolean fresh, byte[] closed) {
        byte[] open = closed.clone();
        open[0] |= (byte) DenseIndex.LIVE;
        put(DenseIndex.VALUES_MAP, slot(to), (buf, at) -> buf.put(at, closed));
        if (fresh) {
            try {
                put(ueMap(key), ueKey(key), slot(to));
            } catch (BpfException e) {
                ueSlots.free(to);
                throw e;
            }
        }
        put(DenseIndex.VALUES_MAP, slot(to), (buf, at) -> buf.put(at, open));
        liveSlots.mark(to);
    }

    /**
     * Removes a session, entry points first. URR counters stay readable until their slots are installed again, so
     * the agent reads the final usage after removal, when no packet can add to it any more.
     */
    public synchronized void remove(SessionRules s) {
        removeEntryPoints(s);
        putAll("upf_pdr_v1", slots(s.pdrs().keySet()), zeros(s.pdrs().size()));
        putAll("upf_far_v1", slots(s.fars().keySet()), zeros(s.fars().size()));
        putAll("upf_qer_v1", slots(s.qers().keySet()), zeros(s.qers().size()));
        put("upf_sess_v1", slot(s.session()), ZERO);
    }

    /**
     * Replaces before by after: writes after (new slots first, then its entry points, which switch traffic over),
     * then clears what only before used. Slots present in both are rewritten in place, except that the meters and
     * URR counters of QER/URR slots present in both keep counting (TS 29.244 §5.2.2: a modification does not
     * restart a URR's measurement); only slots new in after start at zero. If it throws, the entry points of before
     * and after are {@link StagingEntries#unsure} until written through (the caller's rollback, modify(after, before),
     * closes them as they are).
     */
    public synchronized void modify(SessionRules before, SessionRules after) {
        List<Integer> teids = restagedTeids(before, after);
        Set<Integer> slots = restagedDense(before, after).keySet();
        for (int teid : fastChanged(before, after)) {
            switchOff(before, teid);
        }
        boolean written = false;
        try {
            write(after, before);
            written = true;
        } finally {
            if (written) {
                teids.forEach(stagedTeids::sure);
                slots.forEach(stagedSlots::sure);
            } else {
                for (SessionRules r : List.of(before, after)) {
                    stagedTeids.markUnsure(r.uplinkTeids().keySet());
                    stagedSlots.markUnsure(ueValues(r).keySet());
                }
            }
        }
        removeEntryPointsNotIn(before, after);
        putAll("upf_pdr_v1", slots(minus(before.pdrs().keySet(), after.pdrs().keySet())),
                zeros(minus(before.pdrs().keySet(), after.pdrs().keySet()).size()));
        putAll("upf_far_v1", slots(minus(before.fars().keySet(), after.fars().keySet())),
                zeros(minus(before.fars().keySet(), after.fars().keySet()).size()));
        putAll("upf_qer_v1", slots(minus(before.qers().keySet(), after.qers().keySet())),
                zeros(minus(before.qers().keySet(), after.qers().keySet()).size()));
    }


    /**
     * The TEIDs of both before and after whose fast entry changes. Their upf_ulfast_v1 slot is an ARRAY value, copied
     * over in place in no defined order, so a packet could read half the old and half the new entry:
     * {@link #modify} switches the old entry off first (only the flags octet changes), writes the new one switched
     * off, then switches it on (only the flags octet again); meanwhile the full walk forwards. UE values are in
     * slots of an ARRAY too (the dense ranges', and those the hashes and the trie name): they switch by their flags
     * octet ({@link #collectDense}); a hash or trie key is never rewritten ({@link UeKeys}).
     */
    private static Set<Integer> fastChanged(SessionRules before, SessionRules after) {
        Set<Integer> changed = new LinkedHashSet<>();
        for (int teid : before.uplinkTeids().keySet()) {
            if (after.uplinkTeids().containsKey(teid)
                    && !Objects.equals(UplinkFastEntry.of(before, teid), UplinkFastEntry.of(after, teid))) {
                changed.add(teid);
            }
        }
        return changed;
    }

    /** A URR's usage summed over CPUs. */
    public Usage usage(int urrSlot) {
        BpfMap m = map("upf_urr_v1");
        ByteBuffer value = SCRATCH.get().values(m.valueBufferSize());
        m.lookup(key(slot(urrSlot), 4), value);
        return Usage.sumPerCpu(value, BpfMap.possibleCpus());
    }

    /** The URRs whose counters moved since they were last drained (upf_urract_v1), for the usage poller. */
    public ActiveUrrs activeUrrs() {
        return activeUrrs;
    }

    /** Receives the usage of the index-th slot asked of {@link #usages}. */
    @FunctionalInterface
    public interface UsageSink {
        void accept(int index, Usage usage);
    }

    /** URR slots one BPF_MAP_LOOKUP_BATCH reads at most. */
    static final int USAGE_BATCH = 1024;
    /**
     * Slots not asked for that a batch reads at most between two asked for: a wider gap starts a new batch (each slot
     * read in a batch costs 60-100 ns, a syscall about 350 ns), so few URRs scattered over a range are read alone.
     */
    static final int USAGE_GAP = 8;

    /**
     * The usage of count URR slots (ascending, no duplicates), summed over CPUs, read with BPF_MAP_LOOKUP_BATCH: each
     * run of slots that fits in {@link #USAGE_BATCH} consecutive entries, with gaps of at most {@link #USAGE_GAP}
     * slots, costs one syscall instead of one per slot.
     * Calls sink with each slot's index in slots.
     */
    public void usages(int[] slots, int count, UsageSink sink) {
        usages(slots, count, sink, USAGE_BATCH);
    }

    /** {@link #usages(int[], int, UsageSink)} with at most batch entries per syscall. */
    void usages(int[] slots, int count, UsageSink sink, int batch) {
        BpfMap m = map("upf_urr_v1");
        int stride = m.valueBufferSize();
        int cpus = BpfMap.possibleCpus();
        int i = 0;
        while (i < count) {
            int first = slots[i];
            int end = i;
            while (end + 1 < count && slots[end + 1] - first < batch && slots[end + 1] - slots[end] <= USAGE_GAP + 1) {
                end++;
            }
            int span = slots[end] - first + 1;
            Scratch scratch = SCRATCH.get();
            ByteBuffer keys = scratch.keys(span * m.keySize());
            ByteBuffer values = scratch.values(span * stride);
            BpfMap.BatchCursor cursor = first == 0 ? m.batchCursor() : m.batchCursorAfter(hostOrder(first - 1));
            int read = m.lookupBatch(cursor, keys, values, span);
            for (int k = i; k <= end; k++) {
                int at = slots[k] - first;
                sink.accept(k, at < read ? Usage.sumPerCpu(values, at * stride, cpus) : new Usage(0, 0, 0, 0));
            }
            i = end + 1;
        }
    }

    private static byte[] hostOrder(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    public Map<DropReason, Counter> drops() {
        Map<DropReason, Counter> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            out.put(r, counter("upf_drop_v1", r.code()));
        }
        return out;
    }

    public Map<CpReason, Counter> controlPath() {
        Map<CpReason, Counter> out = new EnumMap<>(CpReason.class);
        for (CpReason r : CpReason.values()) {
            out.put(r, counter("upf_cp_v1", r.code()));
        }
        return out;
    }

    /** Forwarded packets and inner IP bytes per direction (upf_ifstat_v4's forwarded slots), summed over CPUs. */
    public Map<Direction, Counter> forwarded() {
        ByteBuffer value = packetStats();
        Map<Direction, Counter> out = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            out.put(d, value == null ? Counter.ZERO : InterfaceCounter.forwarded(value, BpfMap.possibleCpus(), d));
        }
        return out;
    }

    /**
     * Forwarded packets and inner IP bytes in direction d by the fast reads they took (upf_ifstat_v4), summed over
     * CPUs: what proves that the usual frames of simple sessions take the usual-frame read and the fast entry.
     */
    public Map<ForwardingPath, Counter> forwardedByPath(Direction d) {
        ByteBuffer value = packetStats();
        Map<ForwardingPath, Counter> out = new EnumMap<>(ForwardingPath.class);
        for (ForwardingPath p : ForwardingPath.values()) {
            out.put(p, value == null ? Counter.ZERO
                    : InterfaceCounter.sumPerCpu(value, BpfMap.possibleCpus(), InterfaceCounter.slot(d, p)));
        }
        return out;
    }

    /** Per-interface packets and octets (upf_ifstat_v4, the TS 28.552 §5.4 measurements), summed over CPUs. */
    public Map<InterfaceCounter, Counter> interfaceCounters() {
        ByteBuffer value = packetStats();
        Map<InterfaceCounter, Counter> out = new EnumMap<>(InterfaceCounter.class);
        for (InterfaceCounter c : InterfaceCounter.values()) {
            out.put(c, value == null ? Counter.ZERO
                    : InterfaceCounter.sumPerCpu(value, BpfMap.possibleCpus(), c.code()));
        }
        return out;
    }

    /** Every CPU's struct upf_pkt_stats (the one element of upf_ifstat_v4), or null when the lookup fails. */
    private ByteBuffer packetStats() {
        BpfMap m = map(InterfaceCounter.MAP);
        ByteBuffer value = SCRATCH.get().values(m.valueBufferSize());
        return m.lookup(key(slot(0), 4), value) ? value : null;
    }

    /**
     * Every CPU's live and expired entries of the next-hop cache (upf_nexthop_v2), for inspection: which
     * destinations are forwarded without a FIB lookup, through which neighbour, and how often.
     */
    public List<NextHop> nextHops() {
        BpfMap m = map(NextHop.MAP);
        int stride = (m.valueSize() + 7) & ~7;
        ByteBuffer value = SCRATCH.get().values(m.valueBufferSize());
        List<NextHop> out = new ArrayList<>();
        for (int s = 0; s < m.maxEntries(); s++) {
            if (!m.lookup(key(slot(s), 4), value)) {
                continue;
            }
            for (int cpu = 0; cpu < BpfMap.possibleCpus(); cpu++) {
                NextHop nh = NextHop.read(value, cpu * stride, cpu);
                if (nh != null) {
                    out.add(nh);
                }
            }
        }
        return out;
    }

    /**
     * Empties the next-hop cache on every CPU, so the next packet to each destination asks the FIB: call it after a
     * route, neighbour or forwarding-setting change that must take effect before the entries expire
     * ({@link DataplaneConfig#nextHopTtl()}). Done at every load.
     */
    public void flushNextHops() {
        BpfMap m = map(NextHop.MAP);
        int size = m.maxEntries();
        int chunk = Math.max(1, FLUSH_BYTES / m.valueBufferSize());
        for (int from = 0; from < size; from += chunk) {
            List<Writer> slots = new ArrayList<>();
            for (int s = from; s < Math.min(size, from + chunk); s++) {
                slots.add(slot(s));
            }
            putAll(NextHop.MAP, slots, zeros(slots.size()));
        }
    }

    /**
     * Changes the next-hop cache's TTL at run time ({@link DataplaneConfig#nextHopTtl()} at load; zero: nothing is
     * cached any more) and flushes, so no entry of the old TTL outlives the change by more than a packet in flight.
     */
    public synchronized void nextHopTtl(Duration ttl) {
        if (ttl.isNegative() || ttl.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("next-hop TTL out of range: " + ttl);
        }
        setConfig("nexthop_ttl_ms", (int) ttl.toMillis());
        flushNextHops();
    }

    /** The next-hop cache's TTL in force (upf_config_v3.nexthop_ttl_ms). */
    public synchronized Duration nextHopTtl() {
        return Duration.ofMillis(upfConfig().getInt(UpfConfig.C.offset("nexthop_ttl_ms")) & 0xffffffffL);
    }

    /** Rewrites one u32 member of upf_config in place (the others as they are). */
    private void setConfig(String member, int value) {
        ByteBuffer config = upfConfig();
        config.putInt(UpfConfig.C.offset(member), value);
        map(UpfConfig.MAP).update(key(slot(0), 4), config, UpdateFlags.ANY);
    }

    private ByteBuffer upfConfig() {
        BpfMap m = map(UpfConfig.MAP);
        ByteBuffer value = SCRATCH.get().values(m.valueBufferSize());
        m.lookup(key(slot(0), 4), value);
        return value;
    }

    /** Delivers pending control-path events, waiting up to timeoutMillis for the first; returns how many. */
    public int pollEvents(int timeoutMillis, Consumer<ControlEvent> consumer) {
        return events.poll(timeoutMillis, rec -> consumer.accept(ControlEvent.read(rec)));
    }

    /**
     * Unloads: unpinned interfaces are detached; pinned links stay attached and keep forwarding with the pinned maps
     * (the next load with the same pin root takes them over in {@link #attach}); pinned maps keep their contents.
     */
    @Override
    public synchronized void close() {
        links.values().forEach(BpfLink::close);
        links.clear();
        if (olderUeKeys != null) {
            olderUeKeys.close();
        }
        events.close();
        activeUrrs.close();
        object.close();
    }

    private Counter counter(String mapName, int index) {
        BpfMap m = map(mapName);
        ByteBuffer value = SCRATCH.get().values(m.valueBufferSize());
        if (!m.lookup(key(slot(index), 4), value)) {
            return Counter.ZERO;
        }
        return Counter.sumPerCpu(value, BpfMap.possibleCpus());
    }

    private void removeEntryPoints(SessionRules s) {
        removeEntryPointsNotIn(s, null);
    }

    /** Removes the entry points of before that after (null: nothing) does not have. */
    private void removeEntryPointsNotIn(SessionRules before, SessionRules after) {
        before.uplinkTeids().keySet().stream()
                .filter(teid -> after == null || !after.uplinkTeids().containsKey(teid))
                .forEach(teid -> {
                    switchOff(before, teid);
                    put(UplinkFastEntry.MAP, slot(teid & teidSlotMask()), ZERO);
                    // its staging entry first (it holds the same octets if the slot is sure), so an agent killed
                    // between the two leaves an open slot, not a closed slot with an open staging entry, which a load
                    // would take for a modification to finish; then the slot, by its gate alone: the rest stays until
                    // the slot's next TEID is written closed over it
                    boolean unsure = stagedTeids.unsure(teid);
                    Writer closed = unsure ? closedTeidAsHeld(PdrSet.TEID_MAP, teid)
                            : teidSet(before, teid).closed(teidSlotMask());
                    closeStaging(PdrSet.STAGING_MAP, teid & teidSlotMask(), teid, unsure ? null : closed);
                    if (closed != null) {
                        put(PdrSet.TEID_MAP, slot(teid & teidSlotMask()), closed);
                    }
                    stagedTeids.sure(teid);
                });
        Map<Integer, UeSet> ueAfter = after == null ? Map.of() : ueValues(after);
        forEachUeSlot(before, (slot, value) -> {
            if (ueAfter.containsKey(slot)) {
                return; // kept
            }
            if (undisplace(slot, before.session()) && !ueSlots.ownedBy(slot, before.session())) {
                return; // another session's install took the slot over: its UE's now (unless that install was refused)
            }
            closeUeSlot(slot, stagedSlots.unsure(slot) ? null : value, before.session());
        });
        before.downlinkIpv6Prefixes().keySet().stream() // a dense /64 another session's longer key moved to the trie
                .filter(p -> dense.slot(before, p) != 0 && (after == null || !after.downlinkIpv6Prefixes().containsKey(p)))
                .forEach(p -> {
                    int slot = ueSlots.slot(UeSlots.prefixKey(p.prefix(), p.length()));
                    if (slot != 0) {
                        closeUeSlot(slot, null, before.session());
                    }
                });
    }

    /**
     * Closes a UE slot no session keeps: its staging entry first (so an agent killed in between leaves an open slot,
     * not a closed slot with an open staging entry, which a load would take for a modification to finish), then the
     * slot, each by its gate alone; the value stays until the slot is used again. value: what the slot holds; null
     * when that is not sure, then looked up and closed only if live for session. A hashed UE's layout-3 key (not yet
     * retired, {@link #migrateOlderUeKeys}) is deleted before anything else, its key only after its slot closed, and
     * the slot is given back last ({@link UeSlots#free}, reused after every slot freed before it): a packet that finds the key meanwhile meets a closed slot, no UE. A hashed UE's slot that another
     * session's install took over (the same address twice, in one batch too) is left alone: never closed, its key never
     * deleted, never freed while that session holds it ({@link UeSlots#heldBy}).
     */
    private void closeUeSlot(int slot, UeSet value, int session) {
        if (!ueSlots.heldBy(slot, session)) {
            return;
        }
        Writer closed = value == null ? closedDenseAsHeld(DenseIndex.VALUES_MAP, slot, session)
                : value.inDenseSlot(false, true);
        if (closed == null && closedDenseAsHeld(DenseIndex.VALUES_MAP, slot) != null) {
            return; // live for another session (which took the UE over, e.g. before a restart): its slot and key now
        }
        Object key = ueSlots.key(slot);
        if (key != null && olderUeKeys != null) { // first: a layout-3 key with a closed slot is a migration to redo
            olderUeKeys.delete(key);
        }
        closeStaging(DenseIndex.STAGING_MAP, slot, slot, value == null ? null : closed);
        if (closed != null) {
            put(DenseIndex.VALUES_MAP, slot(slot), closed);
        }
        stagedSlots.sure(slot);
        liveSlots.unmark(slot);
        if (key != null) {
            deleteUeKey(key);
            ueSlots.free(slot);
        }
    }

    /**
     * The UE slots of s with their values: the dense ranges' ({@link DenseIndex#forEach}), then those {@link UeSlots}
     * gave the keys of s found by hash or trie (a key without one, not installed, is skipped).
     */
    private void forEachUeSlot(SessionRules s, DenseIndex.SlotVisitor visitor) {
        dense.forEach(s, visitor);
        forEachHashed(s, (key, pdrs) -> {
            int slot = ueSlots.slot(key);
            if (slot != 0) {
                visitor.visit(slot, UeSet.of(s, pdrs, UeSlots.tag(key)));
            }
        });
    }

    /** {@link #forEachUeSlot} collected. */
    private Map<Integer, UeSet> ueValues(SessionRules s) {
        Map<Integer, UeSet> out = new LinkedHashMap<>();
        forEachUeSlot(s, out::put);
        return out;
    }

    /**
     * The downlink keys of s outside the dense ranges' slots (found by hash or trie), as {@link UeSlots} keys:
     * IPv4 addresses outside every range, exact IPv6 addresses, IPv6 prefixes that are no dense /64.
     */
    private void forEachHashed(SessionRules s, BiConsumer<Object, List<Integer>> visitor) {
        RuleTable<Inet4Address, List<Integer>> v4 = s.downlinkIpv4Table();
        for (int i = 0; i < v4.size(); i++) {
            if (dense.slot(v4.keyAt(i)) == 0) {
                visitor.accept(v4.keyAt(i), v4.valueAt(i));
            }
        }
        RuleTable<Inet6Address, List<Integer>> v6 = s.downlinkIpv6Table();
        for (int i = 0; i < v6.size(); i++) {
            visitor.accept(v6.keyAt(i), v6.valueAt(i));
        }
        RuleTable<SessionRules.Ipv6Prefix, List<Integer>> prefixes = s.downlinkIpv6PrefixTable();
        for (int i = 0; i < prefixes.size(); i++) {
            SessionRules.Ipv6Prefix p = prefixes.keyAt(i);
            if (dense.slot(s, p) == 0) {
                visitor.accept(UeSlots.prefixKey(p.prefix(), p.length()), prefixes.valueAt(i));
            }
        }
    }

    /** The keys {@link #forEachHashed} visits, in its order. */
    private List<Object> hashedKeys(SessionRules s) {
        List<Object> keys = new ArrayList<>(0);
        forEachHashed(s, (key, pdrs) -> keys.add(key));
        return keys;
    }

    /** The map of a {@link UeSlots} key. */
    private static String ueMap(Object key) {
        return key instanceof Inet4Address ? UeKeys.DL4_MAP : key instanceof Inet6Address ? UeKeys.DL6_MAP
                : UeKeys.DL6P_MAP;
    }

    /** The map key of a {@link UeSlots} key. */
    static Writer ueKey(Object key) {
        if (key instanceof Inet4Address ue) {
            byte[] raw = ue.getAddress();
            return (buf, at) -> buf.put(at, raw);
        }
        if (key instanceof Inet6Address ue) {
            return (buf, at) -> Ipv6Key.writeExact(buf, at, ue);
        }
        SessionRules.Ipv6Prefix p = (SessionRules.Ipv6Prefix) key;
        return (buf, at) -> Ipv6Key.writePrefix(buf, at, p.prefix(), p.length());
    }

    /**
     * Writes the uplink fast entry of s's TEID teid (if it has one) switched off: the same octets but the flags one,
     * so a packet reads either the whole entry or takes the walk. Precedes every other change of the entry.
     */
    private void switchOff(SessionRules s, int teid) {
        UplinkFastEntry fast = UplinkFastEntry.of(s, teid);
        if (fast != null) {
            put(UplinkFastEntry.MAP, slot(teid & teidSlotMask()), fast.off());
        }
    }

    private int teidSlotMask() {
        return map(PdrSet.TEID_MAP).maxEntries() - 1;
    }

    private void put(String mapName, Writer key, Writer value) {
        BpfMap m = map(mapName);
        ByteBuffer v = SCRATCH.get().values(m.valueBufferSize());
        value.write(v, 0);
        ByteBuffer k = key(key, m.keySize());
        m.update(k, v, UpdateFlags.ANY);
        writeLog.written(mapName, k, v);
    }

    private void putAll(String mapName, List<Writer> keys, List<Writer> values) {
        if (keys.isEmpty()) {
            return;
        }
        BpfMap m = map(mapName);
        int n = keys.size();
        Scratch scratch = SCRATCH.get();
        ByteBuffer kb = scratch.keys(n * m.keySize());
        ByteBuffer vb = scratch.values(n * m.valueBufferSize());
        for (int i = 0; i < n; i++) {
            keys.get(i).write(kb, i * m.keySize());
            values.get(i).write(vb, i * m.valueBufferSize());
        }
        m.updateBatch(kb, vb, n);
    }

    private static ByteBuffer key(Writer key, int size) {
        ByteBuffer k = SCRATCH.get().keys(size);
        key.write(k, 0);
        return k;
    }

    private static Writer slot(int index) {
        return (buf, at) -> buf.putInt(at, index);
    }

    private static List<Writer> slots(Collection<Integer> indexes) {
        return indexes.stream().map(Dataplane::slot).toList();
    }

    private static List<Writer> zeros(int n) {
        return Collections.nCopies(n, ZERO);
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    /**
     * Per-thread direct buffers for the keys and values of one map call: a session change writes about ten
     * entries, and a fresh direct buffer for each (allocation, zeroing, a Cleaner to run later) cost more than the
     * syscall that uses it. Each call gets its buffer zeroed over the size it asks for, as a fresh one would be.
     */
    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static final class Scratch {
        private ByteBuffer keys = ByteBuffer.allocateDirect(0);
        private ByteBuffer values = ByteBuffer.allocateDirect(0);

        ByteBuffer keys(int size) {
            if (keys.capacity() < size) {
                keys = grown(size);
            }
            return zeroed(keys, size);
        }

        ByteBuffer values(int size) {
            if (values.capacity() < size) {
                values = grown(size);
            }
            return zeroed(values, size);
        }

        private static ByteBuffer grown(int size) {
            return ByteBuffer.allocateDirect(Math.max(256, Integer.highestOneBit(size - 1) << 1))
                    .order(ByteOrder.nativeOrder());
        }

        private static ByteBuffer zeroed(ByteBuffer b, int size) {
            b.clear().limit(size);
            int i = 0;
            for (; i + 8 <= size; i += 8) {
                b.putLong(i, 0);
            }
            for (; i < size; i++) {
                b.put(i, (byte) 0);
            }
            return b;
        }
    }
}
