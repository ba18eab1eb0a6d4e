package org.upf.control.cli;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpHeader;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.IeTree;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.pcap.UdpDatagram;

/**
 * The JSON shape {@code upf pfcp decode} prints, one object per PFCP message: where it was captured, the
 * header, the IE tree (names and values from the codec's {@link IeTree}) and the re-encoding verdict; or,
 * for a message that does not decode, the error with its PFCP cause, byte offset and offending IE.
 * Built as ordered maps so Jackson writes the keys in this order.
 */
final class PfcpJson {
    private PfcpJson() {
    }

    /** Frame number, capture time, addresses; {@code index} > 0 for follow-on messages (FO, §7.2.2.1). */
    static Map<String, Object> where(UdpDatagram d, int index) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("frame", d.frame().number());
        o.put("time", Instant.ofEpochSecond(0, d.frame().timestampNanos()).toString());
        o.put("src", address(d.source()));
        o.put("dst", address(d.destination()));
        if (index > 0) {
            o.put("index", index);
        }
        return o;
    }

    /** The leading keys for a datagram given without capture context: just the follow-on index. */
    static Map<String, Object> indexOnly(int index) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (index > 0) {
            o.put("index", index);
        }
        return o;
    }

    static void putHeader(Map<String, Object> o, PfcpHeader h) {
        o.put("type", PfcpMessageType.nameOf(h.messageType()));
        o.put("typeCode", h.messageType());
        o.put("sequence", h.sequence());
        if (h.hasSeid()) {
            o.put("seid", String.format("0x%016x", h.seid()));
        }
        if (h.hasPriority()) {
            o.put("priority", h.priority());
        }
        if (h.followOn()) {
            o.put("followOn", true);
        }
    }

    static void putMessage(Map<String, Object> o, PfcpMessage m) {
        putHeader(o, m.header());
        o.put("ies", trees(IeTree.of(m.ies())));
    }

    /** "identical", or where the re-encoded octets first differ from the captured ones. */
    static void putReencode(Map<String, Object> o, byte[] captured, byte[] reencoded) {
        int n = Math.min(captured.length, reencoded.length);
        int at = 0;
        while (at < n && captured[at] == reencoded[at]) {
            at++;
        }
        if (at == captured.length && at == reencoded.length) {
            o.put("reencode", "identical");
        } else {
            o.put("reencode", "different");
            o.put("reencodeFirstDifferentOffset", at);
        }
    }

    static void putError(Map<String, Object> o, PfcpDecodeException e) {
        if (e.header() != null) {
            putHeader(o, e.header());
        }
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("problem", e.problem().name());
        if (e.cause() != null) {
            err.put("cause", e.cause().code());
            err.put("causeName", e.cause().description());
        }
        err.put("offset", e.offset());
        if (e.offendingIeType() != PfcpDecodeException.NO_IE) {
            err.put("ie", e.offendingIeType());
            err.put("ieName", IeType.nameOf(e.offendingIeType()));
        }
        if (e.expectedLength() >= 0) {
            err.put("expectedLength", e.expectedLength());
            err.put("actualLength", e.actualLength());
        }
        err.put("message", e.getMessage());
        o.put("error", err);
    }

    private static List<Map<String, Object>> trees(List<IeTree> trees) {
        List<Map<String, Object>> out = new ArrayList<>(trees.size());
        for (IeTree t : trees) {
            Map<String, Object> ie = new LinkedHashMap<>();
            ie.put("name", t.name());
            ie.put("type", t.type());
            if (!t.fields().isEmpty()) {
                ie.put("fields", t.fields());
            }
            if (!t.children().isEmpty()) {
                ie.put("ies", trees(t.children()));
            }
            out.add(ie);
        }
        return out;
    }

    private static String address(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
