package org.upf.control.gtpu;

import java.net.InetAddress;
import java.util.List;

/**
 * A GTP-U signalling message (TS 29.281 §7) without extension headers: the header fields the control path sets
 * and its IEs in ascending type order (§8.1).
 *
 * @param sequence the Sequence Number, or -1 without one (S flag 0)
 */
public record GtpuMessage(int type, long teid, int sequence, List<GtpuIe> ies) {
    /** §6.1 message types. */
    public static final int ECHO_REQUEST = 1;
    public static final int ECHO_RESPONSE = 2;
    public static final int ERROR_INDICATION = 26;
    public static final int SUPPORTED_EXTENSION_HEADERS_NOTIFICATION = 31;
    public static final int END_MARKER = 254;
    public static final int G_PDU = 255;

    public GtpuMessage {
        ies = List.copyOf(ies);
    }

    /**
     * §7.2.2 Echo Response: TEID 0 and the request's Sequence Number (§5.1), the Recovery IE with restart counter
     * 0 (§8.2: GTP-U does not count restarts).
     */
    public static GtpuMessage echoResponse(int requestSequence) {
        return new GtpuMessage(ECHO_RESPONSE, 0, requestSequence, List.of(new GtpuIe.Recovery(0)));
    }

    /**
     * §7.3.1 Error Indication for a G-PDU whose TEID we do not know: TEID 0 with a Sequence Number (§5.1: S is 1 in
     * Error Indication), the unknown TEID (Tunnel Endpoint Identifier Data I) and the address the G-PDU was sent
     * to (GTP-U Peer Address), so the peer can find the tunnel it must drop.
     */
    public static GtpuMessage errorIndication(int sequence, long unknownTeid, InetAddress ourAddress) {
        return new GtpuMessage(ERROR_INDICATION, 0, sequence,
                List.of(new GtpuIe.TeidDataI(unknownTeid), new GtpuIe.PeerAddress(ourAddress)));
    }

    /**
     * §7.2.3 Supported Extension Headers Notification: TEID 0, S set (§5.1), the extension header types we
     * understand, sent when a peer used a comprehension-required one we do not (§5.2.1).
     */
    public static GtpuMessage supportedExtensionHeaders(int sequence, List<Integer> types) {
        return new GtpuMessage(SUPPORTED_EXTENSION_HEADERS_NOTIFICATION, 0, sequence,
                List.of(new GtpuIe.ExtensionHeaderTypeList(types)));
    }

    /** §7.3.2 End Marker: the TEID of the tunnel that ends, no IEs and no T-PDU. */
    public static GtpuMessage endMarker(long oldTeid) {
        return new GtpuMessage(END_MARKER, oldTeid, -1, List.of());
    }

    public <T extends GtpuIe> T find(Class<T> type) {
        return ies.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}
