package org.upf.control.session;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;

/**
 * Sends a Session Report Request (TS 29.244 §7.5.8) of a session to its CP function through the PFCP node, which
 * retransmits it (T1/N1), and acts on the Session Report Response's cause (§7.5.9.1): "Session context not found"
 * deletes the session here as well; other rejections and timeouts are logged ({@link UsageReporter} sends a usage
 * report whose transaction timed out again).
 */
final class SessionReports {
    private static final System.Logger LOG = System.getLogger(SessionReports.class.getName());

    private final SessionService sessions;
    private final BiFunction<PfcpMessage, InetSocketAddress, CompletableFuture<PfcpMessage>> send;

    /**
     * send: the PFCP node's {@code send(request, peer)}, whose futures complete on the node's event loop (where
     * the session service runs).
     */
    SessionReports(SessionService sessions,
                   BiFunction<PfcpMessage, InetSocketAddress, CompletableFuture<PfcpMessage>> send) {
        this.sessions = sessions;
        this.send = send;
    }

    /** Sends request (a report of s; what names it in the log) and handles the response. */
    CompletableFuture<PfcpMessage> send(SessionRecord s, PfcpMessage request, String what) {
        long seid = s.seid;
        return send.apply(request, s.cp).whenComplete((resp, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, what + " of session " + Long.toUnsignedString(seid) + " to "
                        + s.cp + " failed: " + failure.getMessage());
            } else if (resp.cause() == PfcpCause.SESSION_CONTEXT_NOT_FOUND) {
                sessions.forget(seid);
            } else if (resp.cause() != PfcpCause.REQUEST_ACCEPTED) {
                LOG.log(System.Logger.Level.WARNING, "CP function {0} rejected the {1} of session {2}: {3}",
                        s.cp, what, Long.toUnsignedString(seid), resp.cause() == null ? "no cause"
                                : resp.cause().description());
            }
        });
    }
}
