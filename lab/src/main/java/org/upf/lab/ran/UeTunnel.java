package org.upf.lab.ran;

import java.net.InetAddress;

/**
 * One emulated UE's PDU session as the RAN sees it: its address, the UPF's uplink tunnel (TEID + N3 address), the
 * QFIs of its default and dedicated flows, and the gNB that serves it with the downlink TEID that gNB assigned.
 * The serving gNB changes on {@link #handover}.
 */
public final class UeTunnel {
    private final int index;
    private final InetAddress address;
    private final long uplinkTeid;
    private final InetAddress upfN3;
    private final int defaultQfi;
    private final int dedicatedQfi;
    private volatile GnbEmulator serving;
    private volatile long downlinkTeid;

    /** dedicatedQfi: 0 if the session has no dedicated flow. */
    public UeTunnel(int index, InetAddress address, long uplinkTeid, InetAddress upfN3, int defaultQfi, int dedicatedQfi) {
        this.index = index;
        this.address = address;
        this.uplinkTeid = uplinkTeid;
        this.upfN3 = upfN3;
        this.defaultQfi = defaultQfi;
        this.dedicatedQfi = dedicatedQfi;
    }

    public int index() {
        return index;
    }

    public InetAddress address() {
        return address;
    }

    public long uplinkTeid() {
        return uplinkTeid;
    }

    public InetAddress upfN3() {
        return upfN3;
    }

    public GnbEmulator serving() {
        return serving;
    }

    public long downlinkTeid() {
        return downlinkTeid;
    }

    public boolean hasDedicatedFlow() {
        return dedicatedQfi != 0;
    }

    /** The QFI uplink packets of the flow carry and downlink packets of it must carry. */
    public int qfi(Flow flow) {
        return flow == Flow.UDP_DEDICATED ? dedicatedQfi : defaultQfi;
    }

    /**
     * Attaches the UE to gnb, which receives its downlink on teid: at set-up, and at a handover, where the source
     * gNB keeps the old tunnel so that packets still arriving on it are seen and counted as old-path packets.
     */
    public void attach(GnbEmulator gnb, long teid) {
        gnb.register(teid, this);
        downlinkTeid = teid;
        serving = gnb;
    }
}
