package org.upf.control.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.upf.bpf.dataplane.SdfFilter;
import org.upf.bpf.dataplane.Usage;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.VolumeIe;

/**
 * A session as operators read it ({@code upf sessions}, the agent's /api/sessions): identifiers, UE addresses,
 * the SMF's PDR/FAR/QER/URR as the agent applied them and each URR's counters, as ordered maps that Jackson writes
 * in this order. Numbers stay numbers; SEIDs and TEIDs are hex strings as Wireshark shows them.
 */
final class SessionDescription {
    /** §8.2.2 Source Interface / §8.2.24 Destination Interface names by value. */
    private static final String[] INTERFACES = {"Access", "Core", "SGi-LAN/N6-LAN", "CP-function", "5G VN Internal"};

    private SessionDescription() {
    }

    /** The one-line summary of {@code upf sessions}: counts of rules and the session's URR totals. */
    static Map<String, Object> summary(SessionState s, IntFunction<Usage> usage) {
        Map<String, Object> o = identity(s);
        o.put("pdrs", s.pdrs.size());
        o.put("fars", s.fars.size());
        o.put("qers", s.qers.size());
        o.put("urrs", s.urrs.size());
        long[] t = new long[4];
        for (UrrSpec u : s.urrs.values()) {
            Usage c = usage(s, u, usage);
            t[0] += c.uplinkPackets();
            t[1] += c.uplinkBytes();
            t[2] += c.downlinkPackets();
            t[3] += c.downlinkBytes();
        }
        putCounters(o, new Usage(t[1], t[0], t[3], t[2]));
        return o;
    }

    /** Everything {@code upf sessions show SEID} prints. */
    static Map<String, Object> detail(SessionState s, IntFunction<Usage> usage) {
        Map<String, Object> o = identity(s);
        o.put("pdrs", s.pdrs.values().stream().map(p -> pdr(p, s)).toList());
        o.put("fars", s.fars.values().stream().map(SessionDescription::far).toList());
        o.put("qers", s.qers.values().stream().map(SessionDescription::qer).toList());
        o.put("urrs", s.urrs.values().stream().map(u -> urr(u, usage(s, u, usage))).toList());
        return o;
    }

    private static Map<String, Object> identity(SessionState s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("seid", hex(s.seid, 16));
        o.put("cpSeid", hex(s.cpSeid, 16));
        o.put("smf", s.association);
        o.put("cpAddress", s.cp.getAddress().getHostAddress() + ":" + s.cp.getPort());
        o.put("slot", s.slot);
        o.put("ueIpv4", s.ueIpv4 == null ? null : s.ueIpv4.getHostAddress());
        o.put("ueIpv6Prefix", s.ueIpv6Prefix == null ? null
                : s.ueIpv6Prefix.getHostAddress() + "/" + s.ueIpv6PrefixLength);
        return o;
    }

    private static Map<String, Object> pdr(PdrSpec p, SessionState s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", p.id());
        o.put("precedence", p.precedence());
        o.put("sourceInterface", interfaceName(p.sourceInterface()));
        Integer teid = s.pdrTeids.get(p.id());
        o.put("teid", teid == null ? null : hex(Integer.toUnsignedLong(teid), 8));
        o.put("ueIp", p.ueIp() == null ? null : ueIp(p.ueIp()));
        o.put("networkInstance", p.networkInstance());
        o.put("sdf", p.sdf() == null ? null : sdf(p.sdf()));
        o.put("qfi", p.qfi());
        o.put("outerHeaderRemoval", p.removesGtpu() ? "GTP-U/UDP/IP" : null);
        o.put("far", p.farId());
        o.put("qers", p.qerIds());
        o.put("urrs", p.urrIds());
        return o;
    }

    private static Map<String, Object> far(FarSpec f) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", f.id());
        o.put("applyAction", new FlagsIe(IeType.APPLY_ACTION.code(), new byte[] {(byte) f.applyAction()}).setFlags());
        o.put("destination", f.destination() < 0 ? null : interfaceName(f.destination()));
        o.put("outerHeaderCreation", f.peer() == null ? null
                : "GTP-U " + f.peer().getHostAddress() + " TEID " + hex(f.peerTeid(), 8));
        o.put("tos", f.tos());
        return o;
    }

    private static Map<String, Object> qer(QerSpec q) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", q.id());
        o.put("gateUplink", q.ulOpen() ? "OPEN" : "CLOSED");
        o.put("gateDownlink", q.dlOpen() ? "OPEN" : "CLOSED");
        o.put("mbr", rate(q.mbr()));
        o.put("gbr", rate(q.gbr()));
        o.put("qfi", q.qfi());
        return o;
    }

    private static Map<String, Object> urr(UrrSpec u, Usage c) {
        UrrSpec d = u;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", u.id());
        o.put("measurementMethod", d.measurementMethod().setFlags());
        o.put("reportingTriggers", d.reportingTriggers().setFlags());
        VolumeIe vt = d.volumeThreshold();
        o.put("volumeThresholdBytes", vt == null ? null : vt.total());
        o.put("timeThresholdSeconds", d.timeThreshold() < 0 ? null : d.timeThreshold());
        putCounters(o, c);
        return o;
    }

    private static void putCounters(Map<String, Object> o, Usage c) {
        o.put("uplinkPackets", c.uplinkPackets());
        o.put("uplinkBytes", c.uplinkBytes());
        o.put("downlinkPackets", c.downlinkPackets());
        o.put("downlinkBytes", c.downlinkBytes());
    }

    /** A URR's counters from its data-path slot (zero if it has none yet). */
    private static Usage usage(SessionState s, UrrSpec u, IntFunction<Usage> usage) {
        Integer slot = s.urrSlots.get(u.id());
        return slot == null ? new Usage(0, 0, 0, 0) : usage.apply(slot);
    }

    private static Map<String, Object> rate(BitRate r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("uplinkKbps", r.ulKbps());
        o.put("downlinkKbps", r.dlKbps());
        return o;
    }

    private static String ueIp(UeIpAddress ue) {
        StringBuilder b = new StringBuilder();
        if (ue.ipv4() != null) {
            b.append(address(ue.ipv4()));
        }
        if (ue.ipv6() != null) {
            b.append(b.length() > 0 ? " " : "").append(address(ue.ipv6()));
        }
        return b.append(ue.isDestination() ? " (destination)" : " (source)").toString();
    }

    /** A compact SDF filter: "proto 17 remote 198.18.6.2/32 ports 7000-7000 ue-ports 0-65535 tos 0x00/0x00". */
    private static String sdf(SdfFilter f) {
        StringBuilder b = new StringBuilder(f.protocol() == 0 ? "ip" : "proto " + f.protocol());
        b.append(" remote ").append(f.remote() == null ? "any" : f.remote().getHostAddress() + "/"
                + f.remotePrefixLength());
        b.append(" ports ").append(f.remotePortLow()).append('-').append(f.remotePortHigh());
        b.append(" ue-ports ").append(f.uePortLow()).append('-').append(f.uePortHigh());
        if (f.tosMask() != 0) {
            b.append(String.format(" tos 0x%02x/0x%02x", f.tos(), f.tosMask()));
        }
        return b.toString();
    }

    private static String interfaceName(int value) {
        return value >= 0 && value < INTERFACES.length ? INTERFACES[value] : String.valueOf(value);
    }

    private static String address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String hex(long value, int digits) {
        return String.format("0x%0" + digits + "x", value);
    }
}
