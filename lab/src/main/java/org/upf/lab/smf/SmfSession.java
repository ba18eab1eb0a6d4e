package org.upf.lab.smf;

import java.net.InetAddress;

/**
 * An established PDU session as the SMF knows it.
 *
 * @param cpSeid      our SEID (CP F-SEID): the UPF puts it in the header of its requests and responses
 * @param upSeid      the UPF's SEID (UP F-SEID): we put it in the header of our later requests
 * @param uplinkTeid  the UPF's uplink TEID (chosen by the UPF with CH=1, from the Created PDR)
 * @param upfN3       the UPF's N3 address for that TEID
 * @param plan        the rules the session was set up with; after a handover, the new gNB and TEID
 */
public record SmfSession(long cpSeid, long upSeid, long uplinkTeid, InetAddress upfN3, SessionPlan plan) {

    /** The same session with its downlink tunnel moved to another gNB. */
    SmfSession movedTo(InetAddress gnb, long gnbTeid) {
        SessionPlan p = plan;
        return new SmfSession(cpSeid, upSeid, uplinkTeid, upfN3, new SessionPlan(p.ue(), gnb, gnbTeid, p.uplinkTeid(),
                p.upfN3(), p.dnn(), p.defaultQfi(), p.mbrUlKbps(), p.mbrDlKbps(), p.volumeThreshold(), p.dedicated()));
    }
}
