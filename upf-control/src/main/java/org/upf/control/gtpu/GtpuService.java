package org.upf.control.gtpu;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.upf.bpf.dataplane.CpReason;
import org.upf.control.session.TunnelSwitch;

/**
 * The GTP-U control path (TS 29.281 §7): an endpoint (UDP 2152) on the N3 address and, with N9, on the N9 address
 * answering Echo Requests; Error Indications for G-PDUs with an unknown TEID (from the data path's events); End
 * Markers on the old tunnel of a switched FAR. Start it in the network namespace that holds the addresses.
 */
public final class GtpuService implements AutoCloseable {
    /**
     * How long after the FAR switch is in the maps the End Marker leaves. An XDP program that read the old FAR
     * just before the switch may still be sending that G-PDU (a run takes microseconds; the frame then sits in the
     * egress queue); the End Marker must come after it (TS 23.501 §5.8.2.9: it is the last packet of the old path).
     */
    static final Duration END_MARKER_GRACE = Duration.ofMillis(20);
    /** Peers remembered by the Error Indication limiter. */
    private static final int MAX_LIMITED_PEERS = 65_536;

    private final GtpuCounters counters = new GtpuCounters();
    private final GtpuEndpoint n3;
    private final GtpuEndpoint n9;
    private final ErrorIndications errorIndicationSender;
    private final ScheduledExecutorService later;
    private volatile BiConsumer<InetAddress, Long> errorIndications = (peer, teid) -> { };

    private GtpuService(InetAddress n3Address, InetAddress n9Address,
                        Duration errorIndicationInterval) {
        List<GtpuEndpoint> eps = new ArrayList<>();
        n3 = GtpuEndpoint.open("n3", n3Address, counters, limiter(errorIndicationInterval),
                this::errorIndicationReceived);
        eps.add(n3);
        try {
            n9 = n9Address == null || n9Address.equals(n3Address) ? null
                    : GtpuEndpoint.open("n9", n9Address, counters,
                    limiter(errorIndicationInterval), this::errorIndicationReceived);
        } catch (RuntimeException e) {
            n3.close();
            throw e;
        }
        if (n9 != null) {
            eps.add(n9);
        }
        errorIndicationSender = new ErrorIndications(eps, limiter(errorIndicationInterval), counters);
        later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gtpu-end-marker");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the GTP-U sockets (n3Address:2152, n9Address:2152 unless null) in the calling thread's network namespace.
     * The data path's events reach it through {@link #registerOn(ControlEventPump)}.
     */
    public static GtpuService start(InetAddress n3Address, InetAddress n9Address, Duration errorIndicationInterval) {
        return new GtpuService(n3Address, n9Address, errorIndicationInterval);
    }

    /** Handles the data path's ERROR_INDICATION events (G-PDUs with an unknown TEID) from pump. */
    public ControlEventPump registerOn(ControlEventPump pump) {
        return pump.on(CpReason.ERROR_INDICATION, errorIndicationSender::onEvent);
    }

    private static PeerRateLimiter limiter(Duration interval) {
        return new PeerRateLimiter(interval, MAX_LIMITED_PEERS);
    }

    /**
     * Receives (peer address, TEID) of each Error Indication a peer sends us (TS 29.281 §7.3.1: the tunnel it has
     * no context for), on a GTP-U reader thread.
     */
    public void onErrorIndication(BiConsumer<InetAddress, Long> listener) {
        this.errorIndications = listener;
    }

    private void errorIndicationReceived(InetAddress peer, long teid) {
        errorIndications.accept(peer, teid);
    }

    public GtpuCounters counters() {
        return counters;
    }

    /**
     * TS 29.281 §7.3.2 / TS 29.244 §5.2.2 (SNDEM): an End Marker on the old tunnel, sent {@link #END_MARKER_GRACE}
     * after this call; call it once the switched FAR is in the maps.
     */
    public void endMarker(TunnelSwitch s) {
        GtpuEndpoint ep = s.toCore() && n9 != null ? n9 : n3;
        later.schedule(() -> ep.send(GtpuMessage.endMarker(s.oldTeid()),
                new InetSocketAddress(s.oldPeer(), GtpuEndpoint.PORT)), END_MARKER_GRACE.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        later.shutdown();
        try {
            later.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        n3.close();
        if (n9 != null) {
            n9.close();
        }
    }
}
