package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.CpReason;
import org.upf.bpf.testing.Tshark;
import org.upf.control.session.MapCensus;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.DownlinkDataServiceInformation;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateFar;
import org.upf.pfcp.message.SessionReportRequest;

/**
 * Downlink Data Report (TS 29.244 §5.2.3.1, §7.5.8.2) through the real XDP path: a session whose downlink FAR is
 * BUFF|NOCP (the UE is idle), a packet from the data-network namespace to the UE, the data path's NOTIFY event, and a
 * Session Report Request DLDR with the PDR ID and the QFI at an SMF socket on the UPF namespace's loopback;
 * retransmitted until answered; one report per idle period however many packets follow; an Update FAR to FORW makes
 * the downlink flow; going idle again reports again, and "Session context not found" deletes the session.
 */
class AgentDownlinkDataReportTest {
    private static final String UE = "198.19.200.9";
    private static final long CP_SEID = 0xD1;
    private static final long GNB_TEID = 0x2001;
    private static final int DL_PDR = 2;
    private static final int QFI = 9; // Requests.qer

    @Test
    void firstBufferedDownlinkPacketIsReportedOncePerIdlePeriod() throws Exception {
        try (AgentTestbed bed = new AgentTestbed(Map.of("reports.downlinkNotifyInterval", "200ms",
                "pfcp.t1", "300ms", "pfcp.n1", "3"))) {
            SmfPeer smf = new SmfPeer(bed, "127.0.0.1");
            assertThat(smf.call(Requests.associationSetup()).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            PfcpMessage est = smf.call(Requests.establishment(CP_SEID, Requests.uplinkPdr(1, 1, 1),
                    Requests.downlinkPdr(DL_PDR, UE, 2), Requests.farToN6(1), idleFar(), Requests.qer(1),
                    Requests.urr(1)));
            assertThat(est.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            long seid = est.fSeid().seid();
            long notifiesBefore = notifies(bed);

            downlink(bed, 0);
            PfcpMessage first = smf.receive(3000);
            PfcpMessage again = smf.receive(3000);
            assertThat(again.sequence()).as("retransmission (T1 300 ms) of the unanswered request")
                    .isEqualTo(first.sequence());
            smf.answer(again, PfcpCause.REQUEST_ACCEPTED);
            assertDownlinkDataReport(first);

            Thread.sleep(400); // past reports.downlinkNotifyInterval: the data path notifies again
            downlink(bed, 1);
            assertThat(smf.receiveOrNull(1000)).as("no second report in the same idle period").isNull();
            assertThat(notifies(bed) - notifiesBefore).as("NOTIFY events of the data path").isEqualTo(2);
            assertThat(bed.agent.downlinkReports().sent()).isEqualTo(1);

            // The UE is reachable again: FORW to the gNB, and the downlink flows.
            assertThat(smf.call(Requests.modification(seid, farAction("FORW"))).cause())
                    .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            drain(bed.gnbSocket);
            downlink(bed, 2);
            assertThat(gpduTeidAtGnb(bed)).as("the downlink G-PDU at the gNB").isEqualTo(GNB_TEID);

            // Idle again: a new idle period gets its report; the SMF no longer knows the session.
            assertThat(smf.call(Requests.modification(seid, farAction("BUFF", "NOCP"))).cause())
                    .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            Thread.sleep(400);
            downlink(bed, 3);
            PfcpMessage second = smf.receive(3000);
            assertDownlinkDataReport(second);
            smf.answer(second, PfcpCause.SESSION_CONTEXT_NOT_FOUND);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (bed.agent.sessions().count() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(bed.agent.sessions().count()).as("TS 29.244 §7.5.9.1: deleted here too").isZero();
            assertThat(MapCensus.total(bed.agent.dataplane())).as("entries left in the maps").isZero();

            List<byte[]> frames = smf.frames();
            List<List<String>> reports = Tshark.fields(frames, "pfcp.msg_type", "pfcp.report_type.dldr",
                    "pfcp.pdr_id", "pfcp.dl_data_service_inf.qfii", "pfcp.qfi_value").stream()
                    .filter(f -> f.get(0).equals("56")).toList();
            assertThat(reports).as("two reports, one retransmission at least").hasSizeGreaterThanOrEqualTo(3).allSatisfy(f -> assertThat(f.subList(1, 5))
                    .containsExactly("1", String.valueOf(DL_PDR), "1", String.format("0x%02x", QFI)));
            assertThat(Tshark.expertProblems(frames)).isEmpty();
        }
    }

    private static void assertDownlinkDataReport(PfcpMessage m) {
        assertThat(m.type()).isEqualTo(PfcpMessageType.SESSION_REPORT_REQUEST);
        assertThat(m.seid()).isEqualTo(CP_SEID);
        SessionReportRequest r = (SessionReportRequest) m;
        assertThat(r.reportType().setFlags()).containsExactly("DLDR");
        GroupedIe ddr = r.downlinkDataReport();
        assertThat(ddr.uint(IeType.PDR_ID)).isEqualTo(DL_PDR);
        DownlinkDataServiceInformation ddsi = ddr.find(IeType.DOWNLINK_DATA_SERVICE_INFORMATION,
                DownlinkDataServiceInformation.class);
        assertThat(ddsi.qfi()).isEqualTo(QFI);
        assertThat(ddsi.ppi()).isEqualTo(DownlinkDataServiceInformation.ABSENT);
    }

    /** FAR 2 of an idle UE: buffer and notify, forwarding parameters kept for when it is reachable (§5.2.3.1). */
    private static CreateFar idleFar() {
        return new CreateFar(List.of(UintIe.of(IeType.FAR_ID, 4, 2), FlagsIe.of(IeType.APPLY_ACTION, "BUFF", "NOCP"),
                new ForwardingParameters(IeType.FORWARDING_PARAMETERS, List.of(
                        Requests.u8(IeType.DESTINATION_INTERFACE, 0),
                        OuterHeaderCreation.gtpu(GNB_TEID, Requests.GNB, null)))));
    }

    private static UpdateFar farAction(String... actions) {
        return new UpdateFar(List.of(UintIe.of(IeType.FAR_ID, 4, 2), FlagsIe.of(IeType.APPLY_ACTION, actions)));
    }

    private static long notifies(AgentTestbed bed) {
        return bed.agent.dataplane().controlPath().get(CpReason.NOTIFY).packets();
    }

    /** One UDP packet from the data network to the UE (it enters the UPF's N6 XDP program). */
    private static void downlink(AgentTestbed bed, int k) throws Exception {
        byte[] payload = ("dl" + k).getBytes();
        bed.echo.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(UE, 40000 + k)));
    }

    /** The TEID of the next G-PDU at the gNB, or -1 within 1 s. */
    private static long gpduTeidAtGnb(AgentTestbed bed) throws Exception {
        bed.gnbSocket.setSoTimeout(1000);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            bed.gnbSocket.receive(p);
        } catch (SocketTimeoutException none) {
            return -1;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(p.getData(), 0, p.getLength()).getInt(4));
    }

    private static void drain(DatagramSocket s) throws Exception {
        s.setSoTimeout(50);
        try {
            while (true) {
                s.receive(new DatagramPacket(new byte[2048], 2048));
            }
        } catch (SocketTimeoutException empty) {
            // nothing left
        }
    }
}
