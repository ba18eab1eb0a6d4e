package org.upf.control.gtpu;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.upf.bpf.dataplane.ControlEvent;
import org.upf.bpf.packet.GtpuView;
import org.upf.bpf.packet.Ipv4View;
import org.upf.bpf.packet.Ipv6View;
import org.upf.bpf.packet.PacketView;

/**
 * TS 29.281 §7.3.1: a G-PDU for a TEID we do not have (the data path drops it as UNKNOWN_TEID and reports its first
 * bytes, CpReason.ERROR_INDICATION) is answered with an Error Indication to its sender's port 2152 (§4.4.2.0), sent
 * from the address the G-PDU was sent to, at most one per peer per interval.
 */
final class ErrorIndications {
    private static final System.Logger LOG = System.getLogger(ErrorIndications.class.getName());

    private final List<GtpuEndpoint> endpoints;
    private final PeerRateLimiter limiter;
    private final GtpuCounters counters;

    ErrorIndications(List<GtpuEndpoint> endpoints, PeerRateLimiter limiter, GtpuCounters counters) {
        this.endpoints = List.copyOf(endpoints);
        this.limiter = limiter;
        this.counters = counters;
    }

    void onEvent(ControlEvent e) {
        PacketView v = PacketView.ofEthernet(e.head());
        GtpuView g = v.find(GtpuView.class).orElse(null);
        InetAddress[] srcDst = addresses(v);
        if (g == null || srcDst == null || g.messageType() != GtpuMessage.G_PDU) {
            LOG.log(System.Logger.Level.DEBUG, () -> "unknown-TEID event without a G-PDU in its bytes: " + e);
            return;
        }
        if (g.teid() == 0) {
            return; // §7.3.1: only a G-PDU whose TEID is not all zeros gets an Error Indication
        }
        InetAddress sender = srcDst[0];
        InetAddress ours = srcDst[1];
        GtpuEndpoint ep = endpoints.stream().filter(x -> x.address().equals(ours)).findFirst().orElse(null);
        if (ep == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "G-PDU for unknown TEID sent to " + ours.getHostAddress()
                    + ", not one of our GTP-U addresses");
            return;
        }
        if (!limiter.tryAcquire(sender, System.nanoTime())) {
            counters.errorIndicationLimited();
            return;
        }
        ep.send(GtpuMessage.errorIndication(ep.nextSequence(), g.teid(), ours),
                new InetSocketAddress(sender, GtpuEndpoint.PORT));
    }

    /** Outer source and destination of the frame, or null. */
    private static InetAddress[] addresses(PacketView v) {
        Ipv4View v4 = v.find(Ipv4View.class).orElse(null);
        if (v4 != null) {
            return new InetAddress[] {v4.src(), v4.dst()};
        }
        Ipv6View v6 = v.find(Ipv6View.class).orElse(null);
        return v6 == null ? null : new InetAddress[] {v6.src(), v6.dst()};
    }
}
