package org.upf.control.session;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.control.alloc.AllocationLog;
import org.upf.control.alloc.AllocationException;
import org.upf.control.alloc.PrefixPool;
import org.upf.control.alloc.SeidAllocator;
import org.upf.control.alloc.SlotAllocator;
import org.upf.control.alloc.TeidAllocator;
import org.upf.control.config.UePoolConfig;
import org.upf.pfcp.PfcpCause;

/**
 * Everything sessions draw from: data-path slots sized like the maps, local TEIDs, SEIDs, UE pools, and the
 * UPF's own N3/N9 addresses (the F-TEIDs we hand out and the outer source of our GTP-U).
 */
public final class UpResources {
    final SlotAllocator sessions;
    final SlotAllocator pdrs;
    final SlotAllocator fars;
    final SlotAllocator qers;
    final SlotAllocator urrs;
    final TeidAllocator teids;
    final SeidAllocator seids;
    final InetAddress n3;
    final InetAddress n9;
    /**
     * FAR slots a Downlink Data Report was sent for (TS 29.244 §8.2.26 NOCP: the first buffered downlink packet of
     * an idle period). A FAR slot starts unmarked; an Update FAR moves the FAR to a new slot, which ends the period.
     */
    final SlotMarks downlinkReported;
    /** Every allocator's results per request, for the session journal (restart without loss). */
    final AllocationLog log = new AllocationLog();
    private final List<Pool> pools = new ArrayList<>();

    private record Pool(String name, PrefixPool ipv4, PrefixPool ipv6) {
    }

    /** n9 may be null (no N9 interface). */
    public UpResources(DataplaneConfig maps, List<UePoolConfig> uePools, InetAddress n3, InetAddress n9) {
        this.sessions = new SlotAllocator("session", maps.sessions());
        this.pdrs = new SlotAllocator("PDR", maps.pdrs());
        this.fars = new SlotAllocator("FAR", maps.fars());
        this.qers = new SlotAllocator("QER", maps.qers());
        this.urrs = new SlotAllocator("URR", maps.urrs());
        this.downlinkReported = new SlotMarks(maps.fars());
        this.teids = new TeidAllocator(maps.teidSlotBits());
        this.seids = new SeidAllocator(maps.sessions() - 1);
        this.n3 = n3;
        this.n9 = n9;
        for (UePoolConfig p : uePools) {
            pools.add(new Pool(p.name(), p.ipv4() == null ? null : new PrefixPool(p.ipv4(), 32),
                    p.ipv6() == null ? null : new PrefixPool(p.ipv6(), p.ipv6PrefixLength())));
        }
        for (SlotAllocator a : List.of(sessions, pdrs, fars, qers, urrs)) {
            a.logTo(log);
        }
        teids.logTo(log);
        seids.logTo(log);
        pools.forEach(p -> Stream.of(p.ipv4(), p.ipv6()).filter(Objects::nonNull).forEach(pp -> pp.logTo(log)));
    }

    /** The IPv4 (v6=false) or IPv6 pool for a network instance / DNN: the one named so, else the unnamed one. */
    PrefixPool pool(String name, boolean v6) {
        Pool exact = null;
        Pool any = null;
        for (Pool p : pools) {
            if (name != null && p.name().equalsIgnoreCase(name)) {
                exact = p;
            } else if (p.name().isEmpty()) {
                any = p;
            }
        }
        Pool p = exact != null ? exact : any;
        PrefixPool pp = p == null ? null : v6 ? p.ipv6() : p.ipv4();
        if (pp == null) {
            throw new AllocationException(PfcpCause.ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED, "no " + (v6 ? "IPv6" : "IPv4")
                    + " UE pool serves network instance \"" + name + "\"");
        }
        return pp;
    }

    /** The pool an address came from, or null if the SMF assigned it from outside our pools. */
    PrefixPool poolOf(InetAddress a) {
        for (Pool p : pools) {
            for (PrefixPool pp : new PrefixPool[] {p.ipv4(), p.ipv6()}) {
                if (pp != null && pp.contains(a)) {
                    return pp;
                }
            }
        }
        return null;
    }

    public int sessionsInUse() {
        return sessions.inUse();
    }

    public int teidsInUse() {
        return teids.inUse();
    }
}
