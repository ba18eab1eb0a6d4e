package org.upf.lab.smf;

import java.net.InetAddress;

/**
 * What the SMF asks the UPF for one PDU session (TS 23.501 §5.7: a default QoS flow and optionally a dedicated
 * one), from which {@link SessionRules} derives the PFCP rules.
 *
 * @param ue               the UE's IPv4 address, or an IPv6 address in the UE's /64 (the SMF allocates it, as open5gs
 *                         and free5GC do)
 * @param gnb              the gNB's N3 address (downlink Outer Header Creation)
 * @param gnbTeid          the gNB's downlink TEID
 * @param uplinkTeid       the UPF's uplink TEID to use, or {@link #CHOOSE}: F-TEID with CH=1, the UPF allocates
 * @param upfN3            the UPF's N3 address for a given uplink TEID (ignored with CHOOSE)
 * @param dnn              the Network Instance / DNN, e.g. "internet"
 * @param defaultQfi       QFI of the default QoS flow
 * @param mbrUlKbps        session MBR uplink (QER of the default flow), kbit/s
 * @param mbrDlKbps        session MBR downlink, kbit/s
 * @param volumeThreshold  total-volume threshold of the session's URR in octets (0: no threshold)
 * @param dedicated        the dedicated QoS flow, or null
 */
public record SessionPlan(InetAddress ue, InetAddress gnb, long gnbTeid, long uplinkTeid, InetAddress upfN3, String dnn,
                          int defaultQfi, long mbrUlKbps, long mbrDlKbps, long volumeThreshold, DedicatedFlow dedicated) {
    public static final long CHOOSE = -1;

    /**
     * A dedicated QoS flow (e.g. a GBR flow for a voice or game server): its own QFI, a GBR QER and an SDF filter
     * that selects its downlink packets from a remote UDP port (uplink packets carry the QFI the UE chose).
     */
    public record DedicatedFlow(int qfi, String remote, int remotePort, long gbrKbps, long mbrKbps) {
        /** TS 29.212 §5.4.2 IPFilterRule, downlink direction ("out" = toward the UE). */
        public String flowDescription() {
            return "permit out 17 from " + remote + " " + remotePort + " to assigned";
        }
    }

    /** A session with CH=1, QFI 9, MBR 100/200 Mbit/s, 1 GB threshold, no dedicated flow. */
    public static SessionPlan of(InetAddress ue, InetAddress gnb, long gnbTeid) {
        return new SessionPlan(ue, gnb, gnbTeid, CHOOSE, null, "internet", 9, 100_000, 200_000, 1_000_000_000L, null);
    }

    public SessionPlan withDedicated(DedicatedFlow flow) {
        return new SessionPlan(ue, gnb, gnbTeid, uplinkTeid, upfN3, dnn, defaultQfi, mbrUlKbps, mbrDlKbps,
                volumeThreshold, flow);
    }

    public SessionPlan withUplinkTeid(long teid, InetAddress n3) {
        return new SessionPlan(ue, gnb, gnbTeid, teid, n3, dnn, defaultQfi, mbrUlKbps, mbrDlKbps, volumeThreshold,
                dedicated);
    }

    public SessionPlan withVolumeThreshold(long octets) {
        return new SessionPlan(ue, gnb, gnbTeid, uplinkTeid, upfN3, dnn, defaultQfi, mbrUlKbps, mbrDlKbps, octets,
                dedicated);
    }

    public boolean upfChoosesTeid() {
        return uplinkTeid == CHOOSE;
    }
}
