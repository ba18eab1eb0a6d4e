package org.upf.lab.ran;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Uplink traffic for M UEs: round-robin over the UEs and their flows (ICMP echo, UDP, and UDP on the dedicated
 * flow where the session has one), at most {@code packetsPerSecond} in total, for at most {@code duration} and at
 * most {@code maxPackets} packets. Each UE sends through its serving gNB at the time of sending, so a handover
 * during a run moves its uplink too.
 */
public final class TrafficGenerator {
    private final List<UeTunnel> ues;
    private final List<InetAddress> dn;
    private final TrafficStats stats;
    private final int payloadSize;
    private int sequence;

    /** dn: the data network's host, an IPv4 and/or an IPv6 address; each UE talks to the one of its family. */
    public TrafficGenerator(List<UeTunnel> ues, List<InetAddress> dn, TrafficStats stats, int payloadSize) {
        this.ues = List.copyOf(ues);
        this.dn = List.copyOf(dn);
        this.stats = stats;
        this.payloadSize = Math.max(Probe.MIN_SIZE, payloadSize);
    }

    /** Sends until the duration or packet budget is spent; returns the number of packets sent. */
    public long run(double packetsPerSecond, Duration duration, long maxPackets) throws InterruptedException {
        List<Send> plan = new ArrayList<>();
        for (UeTunnel ue : ues) {
            InetAddress peer = dn.stream().filter(a -> a.getClass() == ue.address().getClass()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no DN address of the family of UE " + ue.address()));
            plan.add(new Send(ue, Flow.ICMP, peer));
            plan.add(new Send(ue, Flow.UDP, peer));
            if (ue.hasDedicatedFlow()) {
                plan.add(new Send(ue, Flow.UDP_DEDICATED, peer));
            }
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long n = 0;
        while (n < maxPackets && !plan.isEmpty()) {
            long due = start + (long) (n * 1e9 / packetsPerSecond);
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Send s = plan.get((int) (n % plan.size()));
            int seq = sequence++;
            try {
                stats.sent(s.flow, s.dn instanceof Inet6Address, s.ue.serving().send(s.ue, s.flow, seq, s.dn, payloadSize));
            } catch (IOException e) {
                throw new IllegalStateException("gNB " + s.ue.serving().name() + " cannot send: " + e.getMessage(), e);
            }
            n++;
        }
        return n;
    }

    /** Waits until every request has its reply or quiet has passed since the last reply (bounded by limit). */
    public void drain(Duration quiet, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long last = stats.received();
        long lastChange = System.nanoTime();
        while (stats.lost() > 0 && System.nanoTime() < deadline && System.nanoTime() - lastChange < quiet.toNanos()) {
            Thread.sleep(20);
            long now = stats.received();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
    }

    private record Send(UeTunnel ue, Flow flow, InetAddress dn) {
    }
}
