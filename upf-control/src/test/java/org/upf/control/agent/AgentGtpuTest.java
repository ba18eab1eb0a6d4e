package org.upf.control.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.upf.bpf.Netns;
import org.upf.bpf.dataplane.DropReason;
import org.upf.bpf.packet.GtpuExtension;
import org.upf.bpf.packet.GtpuLayer;
import org.upf.bpf.packet.Packet;
import org.upf.bpf.testing.Tshark;
import org.upf.control.gtpu.GtpuDecoder;
import org.upf.control.gtpu.GtpuEncoder;
import org.upf.control.gtpu.GtpuHeader;
import org.upf.control.gtpu.GtpuIe;
import org.upf.control.gtpu.GtpuMessage;
import org.upf.control.session.MapCensus;
import org.upf.control.session.Requests;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateFar;
import org.upf.pfcp.message.SessionReportRequest;

/**
 * The GTP-U control path of the running agent with real packets through the namespaces (TS 29.281 §7): Echo
 * Request from the gNB answered, a G-PDU for an unknown TEID answered by one Error Indication per peer and
 * interval, and a handover (Update FAR to a second gNB address with SNDEM) ends the old tunnel with an End Marker
 * after its last G-PDU while downlink traffic continues in the new one. tshark decodes what the agent sent.
 */
class AgentGtpuTest {
    private static final String GNB = AgentTestbed.GNB;
    /** A second gNB address (the target gNB of the handover, a second Error Indication peer). */
    private static final String GNB_2 = "198.18.3.3";
    private static final String UPF_N3 = AgentTestbed.UPF_N3;
    private static final String UE = "198.19.200.8";
    private static final long OLD_TEID = 0x2001;
    private static final long NEW_TEID = 0x3001;
    private static final HexFormat HEX = HexFormat.of();

    private static AgentTestbed bed;
    private static DatagramSocket gnb2;
    private static DatagramSocket smf;

    @BeforeAll
    static void start() {
        // The data path reports every unknown-TEID packet (interval 0), so the agent's own per-peer limit is what
        // the Error Indication test sees.
        bed = new AgentTestbed(Map.of("reports.downlinkNotifyInterval", "0s", "gtpu.errorIndicationInterval", "700ms"));
        bed.gnb.ip("addr", "add", GNB_2 + "/24", "dev", "n3g");
        String lladdr = bed.upf.ip("neigh", "show", GNB, "dev", "n3").replaceAll("(?s).*lladdr (\\S+).*", "$1");
        bed.upf.ip("neigh", "replace", GNB_2, "lladdr", lladdr, "dev", "n3", "nud", "permanent");
        // A local sender on a veth leaves the UDP checksum to "hardware" (CHECKSUM_PARTIAL); XDP forwards the frame
        // as it is, so the tunnelled packets would carry a partial checksum. A real N6 peer sends full ones.
        bed.dn.exec("ethtool", "-K", "n6d", "tx", "off");
        gnb2 = bed.topology.track(Netns.call(bed.gnb.name(), () -> new DatagramSocket(new InetSocketAddress(GNB_2, 2152))));
        smf = bed.n4Peer("127.0.0.1");
        try {
            assertThat(n4(smf, Requests.associationSetup()).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void echoRequestIsAnsweredFromPort2152ToTheRequestSourcePort() throws Exception {
        DatagramSocket gnb = bed.topology.track(Netns.call(bed.gnb.name(),
                () -> new DatagramSocket(new InetSocketAddress(GNB, 0))));
        byte[] req = Packet.builder().gtpu(0, g -> g.messageType(GtpuLayer.ECHO_REQUEST).sequence(0x4321)).build();
        gnb.send(new DatagramPacket(req, req.length, new InetSocketAddress(UPF_N3, 2152)));
        List<DatagramPacket> got = receiveAll(gnb, 1000);
        assertThat(got).hasSize(1);
        DatagramPacket p = got.get(0);
        assertThat(p.getAddress().getHostAddress()).isEqualTo(UPF_N3);
        assertThat(p.getPort()).as("TS 29.281 §4.4.2.2: from the request's destination port").isEqualTo(2152);
        // Echo Response (2), S set, TEID 0, the request's sequence number, Recovery IE 14 with value 0.
        assertThat(HEX.formatHex(bytes(p))).isEqualTo("32020006" + "00000000" + "43210000" + "0e00");
        List<byte[]> frames = List.of(frame(p, GNB, gnb.getLocalPort()));
        assertThat(Tshark.fields(frames, "gtp.message", "gtp.seq_number", "gtp.recovery"))
                .containsExactly(List.of("0x02", "0x4321", "0"));
        assertThat(Tshark.expertProblems(frames)).isEmpty();
        assertThat(bed.agent.gtpu().counters().receivedOf(GtpuMessage.ECHO_REQUEST)).isPositive();
    }

    @Test
    void unknownTeidGetsOneErrorIndicationPerPeerAndInterval() throws Exception {
        long unknown = 0x00AB_CDEFL;
        drain(bed.gnbSocket);
        drain(gnb2);
        long dropsBefore = bed.agent.dataplane().drops().get(DropReason.UNKNOWN_TEID).packets();
        long limitedBefore = bed.agent.gtpu().counters().errorIndicationsLimited();
        int burst = 20;
        for (int k = 0; k < burst; k++) {
            send(bed.gnbSocket, gpdu(unknown, k));
        }
        send(gnb2, gpdu(unknown + 1, 0));
        List<DatagramPacket> atGnb = receiveAll(bed.gnbSocket, 1000);
        List<DatagramPacket> atGnb2 = receiveAll(gnb2, 1000);

        assertThat(bed.agent.dataplane().drops().get(DropReason.UNKNOWN_TEID).packets() - dropsBefore)
                .isEqualTo(burst + 1);
        assertThat(atGnb).as("one Error Indication for the burst").hasSize(1);
        assertThat(atGnb2).as("the other peer has its own budget").hasSize(1);
        long deadline = System.nanoTime() + 3_000_000_000L; // the event pump may still be working through the burst
        while (bed.agent.gtpu().counters().errorIndicationsLimited() - limitedBefore < burst - 1
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bed.agent.gtpu().counters().errorIndicationsLimited() - limitedBefore)
                .as("the rest of the burst was reported by the data path and held back").isEqualTo(burst - 1);
        assertErrorIndication(atGnb.get(0), unknown);
        assertErrorIndication(atGnb2.get(0), unknown + 1);

        // §7.3.1: a G-PDU with TEID 0 is dropped without an Error Indication.
        Thread.sleep(800); // past gtpu.errorIndicationInterval, so only the TEID rule keeps it quiet
        send(bed.gnbSocket, gpdu(0, 1));
        assertThat(receiveAll(bed.gnbSocket, 300)).isEmpty();

        Thread.sleep(800); // past gtpu.errorIndicationInterval: the peer may get the next one
        send(bed.gnbSocket, gpdu(unknown, 99));
        List<DatagramPacket> later = receiveAll(bed.gnbSocket, 1000);
        assertThat(later).hasSize(1);

        List<byte[]> frames = List.of(frame(atGnb.get(0), GNB, 2152), frame(atGnb2.get(0), GNB_2, 2152),
                frame(later.get(0), GNB, 2152));
        assertThat(Tshark.fields(frames, "gtp.message", "gtp.teid", "gtp.teid_data", "gtp.gsn_ipv4"))
                .containsExactly(List.of("0x1a", "0x00000000", "0x00abcdef", UPF_N3),
                        List.of("0x1a", "0x00000000", "0x00abcdf0", UPF_N3),
                        List.of("0x1a", "0x00000000", "0x00abcdef", UPF_N3));
        assertThat(Tshark.expertProblems(frames)).isEmpty();
    }

    @Test
    void unknownComprehensionRequiredExtensionGetsSupportedExtensionHeadersNotification() throws Exception {
        drain(gnb2);
        // 0x9f: bit 8 set (comprehension required by the endpoint), a type nobody defined.
        byte[] g = Packet.builder().gtpu(0x1234, x -> x.extension(new GtpuExtension(0x9f, new byte[] {1, 2})))
                .ipv4(UE, AgentTestbed.DN).udp(30000, 9).payload(new byte[] {1}).build();
        send(gnb2, g);
        send(gnb2, g);
        List<DatagramPacket> got = receiveAll(gnb2, 1000);
        assertThat(got).as("one notification: the second is within gtpu.errorIndicationInterval").hasSize(1);
        GtpuMessage m = GtpuDecoder.decode(got.get(0).getData(), got.get(0).getLength());
        assertThat(m.type()).isEqualTo(GtpuMessage.SUPPORTED_EXTENSION_HEADERS_NOTIFICATION);
        assertThat(m.teid()).isZero();
        assertThat(m.find(GtpuIe.ExtensionHeaderTypeList.class).types()).contains(0x85).doesNotContain(0x9f);
        List<byte[]> frames = List.of(frame(got.get(0), GNB_2, 2152));
        assertThat(Tshark.fields(frames, "gtp.message")).containsExactly(List.of("0x1f"));
        assertThat(Tshark.expertProblems(frames)).isEmpty();
    }

    @Test
    void handoverWithSndemEndsTheOldTunnelAfterItsLastGpdu() throws Exception {
        PfcpMessage est = n4(smf, Requests.establishment(0x51, Requests.basicSession(UE)));
        assertThat(est.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        long seid = est.fSeid().seid();
        drain(bed.gnbSocket);
        drain(gnb2);

        // Downlink stream from the data network, one numbered packet every 250 us: 130 before the modification,
        // on while it is handled (at most 1500), 100 after its response.
        DatagramSocket dn = bed.topology.track(Netns.call(bed.dn.name(),
                () -> new DatagramSocket(new InetSocketAddress(AgentTestbed.DN, 0))));
        CountDownLatch halfway = new CountDownLatch(1);
        AtomicBoolean switched = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        Thread sender = new Thread(() -> {
            try {
                int after = 0;
                for (int k = 0; k < 1730 && after < 100; k++) {
                    byte[] b = ByteBuffer.allocate(4).putInt(k).array();
                    dn.send(new DatagramPacket(b, 4, new InetSocketAddress(UE, 9000)));
                    sent.incrementAndGet();
                    if (k == 130) {
                        halfway.countDown();
                    }
                    if (switched.get()) {
                        after++;
                    }
                    long t0 = System.nanoTime();
                    while (System.nanoTime() - t0 < 250_000) {
                        Thread.onSpinWait();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Both gNBs read while the stream runs, so no socket buffer overflows and drops what the UPF sent.
        CompletableFuture<List<DatagramPacket>> atOld = CompletableFuture.supplyAsync(() -> receiveQuietly(bed.gnbSocket));
        CompletableFuture<List<DatagramPacket>> atNew = CompletableFuture.supplyAsync(() -> receiveQuietly(gnb2));
        sender.start();
        assertThat(halfway.await(5, TimeUnit.SECONDS)).isTrue();
        long endMarkersBefore = bed.agent.gtpu().counters().sentOf(GtpuMessage.END_MARKER);
        PfcpMessage mod = n4(smf, Requests.modification(seid, moveDownlink(GNB_2, NEW_TEID, true)));
        switched.set(true);
        assertThat(mod.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        sender.join(10_000);

        List<DatagramPacket> old = atOld.get(20, TimeUnit.SECONDS);
        List<DatagramPacket> moved = atNew.get(20, TimeUnit.SECONDS);
        List<Integer> types = old.stream().map(p -> GtpuDecoder.decode(p.getData(), p.getLength()).type()).toList();
        assertThat(types).as("G-PDUs, then one End Marker, then nothing on the old tunnel")
                .endsWith(GtpuMessage.END_MARKER).containsOnlyOnce(GtpuMessage.END_MARKER);
        assertThat(types.subList(0, types.size() - 1)).isNotEmpty().containsOnly(GtpuMessage.G_PDU);
        DatagramPacket em = old.get(old.size() - 1);
        assertThat(em.getPort()).isEqualTo(2152);
        assertThat(HEX.formatHex(bytes(em))).as("End Marker on the old TEID, no IEs, no T-PDU")
                .isEqualTo("30fe0000" + "00002001");
        for (DatagramPacket p : old.subList(0, old.size() - 1)) {
            assertThat(GtpuHeader.parse(p.getData(), p.getLength()).teid()).isEqualTo(OLD_TEID);
        }
        List<Integer> before = sequenceNumbers(old.subList(0, old.size() - 1));
        List<Integer> after = sequenceNumbers(moved);
        assertThat(moved).as("downlink continues at the new gNB").isNotEmpty()
                .allMatch(p -> GtpuHeader.parse(p.getData(), p.getLength()).teid() == NEW_TEID);
        assertThat(before.get(before.size() - 1)).as("the new path carries everything after the old path's last")
                .isLessThan(after.get(0));
        List<Integer> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(all).as("no packet lost or duplicated by the switch").hasSize(sent.get())
                .isSortedAccordingTo(Integer::compare);
        assertThat(bed.agent.gtpu().counters().sentOf(GtpuMessage.END_MARKER) - endMarkersBefore).isEqualTo(1);

        // Moving back without SNDEM sends no End Marker.
        assertThat(n4(smf, Requests.modification(seid, moveDownlink(GNB, OLD_TEID, false))).cause())
                .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(receiveAll(gnb2, 300)).isEmpty();
        assertThat(bed.agent.gtpu().counters().sentOf(GtpuMessage.END_MARKER) - endMarkersBefore).isEqualTo(1);

        List<byte[]> frames = new ArrayList<>();
        frames.add(frame(old.get(0), GNB, 2152));
        frames.add(frame(em, GNB, 2152));
        frames.add(frame(moved.get(0), GNB_2, 2152));
        assertThat(Tshark.fields(frames, "gtp.message", "gtp.teid")).extracting(r -> r.get(0))
                .containsExactly("0xff", "0xfe", "0xff");
        assertThat(Tshark.expertProblems(frames)).isEmpty();

        assertThat(n4(smf, Requests.deletion(seid)).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(MapCensus.total(bed.agent.dataplane())).isZero();
    }

    @Test
    void errorIndicationFromTheGnbIsReportedToTheSessionsSmf() throws Exception {
        PfcpMessage est = n4(smf, Requests.establishment(0x52, Requests.basicSession("198.19.200.9")));
        assertThat(est.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        // The gNB lost the downlink tunnel (GNB, 0x2001) of the session: TEID Data I and its own address.
        byte[] ei = GtpuEncoder.encode(GtpuMessage.errorIndication(1, 0x2001, InetAddress.getByName(GNB)));
        send(bed.gnbSocket, ei);
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        smf.setSoTimeout(3000);
        smf.receive(p);
        PfcpMessage req = PfcpCodec.decode(bytes(p));
        assertThat(req).isInstanceOf(SessionReportRequest.class);
        SessionReportRequest srr = (SessionReportRequest) req;
        assertThat(srr.seid()).as("the SMF's SEID").isEqualTo(0x52);
        assertThat(srr.reportType().setFlags()).containsExactly("ERIR");
        FTeid remote = srr.errorIndicationReport().find(IeType.F_TEID, FTeid.class);
        assertThat(remote.teid()).isEqualTo(0x2001);
        assertThat(InetAddress.getByAddress(remote.ipv4()).getHostAddress()).isEqualTo(GNB);
        byte[] resp = PfcpCodec.encode(req.responseBuilder().cause(PfcpCause.REQUEST_ACCEPTED).build());
        smf.send(new DatagramPacket(resp, resp.length, p.getSocketAddress()));

        List<byte[]> frames = List.of(Packet.builder().eth("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("198.18.0.1", "198.18.0.2").udp(8805, 8805).payload(bytes(p)).build());
        assertThat(Tshark.fields(frames, "pfcp.msg_type", "pfcp.report_type.erir", "pfcp.f_teid.teid"))
                .containsExactly(List.of("56", "1", "0x00002001"));
        assertThat(Tshark.expertProblems(frames)).isEmpty();
        assertThat(n4(smf, Requests.deletion(est.fSeid().seid())).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
    }

    /** Update FAR 2: Update Forwarding Parameters to gNB address/TEID, PFCPSMReq-Flags SNDEM if asked. */
    private static UpdateFar moveDownlink(String gnb, long teid, boolean sndem) {
        List<Ie> params = new ArrayList<>(List.of(Requests.u8(IeType.DESTINATION_INTERFACE, 0),
                OuterHeaderCreation.gtpu(teid, Requests.addr(gnb), null)));
        if (sndem) {
            params.add(FlagsIe.of(IeType.PFCPSMREQ_FLAGS, "SNDEM"));
        }
        return new UpdateFar(List.of(UintIe.of(IeType.FAR_ID, 4, 2),
                new ForwardingParameters(IeType.UPDATE_FORWARDING_PARAMETERS, params)));
    }

    private static void assertErrorIndication(DatagramPacket p, long unknownTeid) throws Exception {
        assertThat(p.getAddress().getHostAddress()).isEqualTo(UPF_N3);
        assertThat(p.getPort()).as("from our GTP-U port").isEqualTo(2152);
        GtpuMessage m = GtpuDecoder.decode(p.getData(), p.getLength());
        assertThat(m.type()).isEqualTo(GtpuMessage.ERROR_INDICATION);
        assertThat(m.teid()).as("TS 29.281 §7.3.1: TEID 0 in the header").isZero();
        assertThat(m.sequence()).as("S flag set").isNotNegative();
        assertThat(m.find(GtpuIe.TeidDataI.class).teid()).isEqualTo(unknownTeid);
        assertThat(m.find(GtpuIe.PeerAddress.class).address()).isEqualTo(InetAddress.getByName(UPF_N3));
    }

    /** The 4-octet counters carried by G-PDUs (inner IPv4 + UDP), in arrival order. */
    private static List<Integer> sequenceNumbers(List<DatagramPacket> gpdus) {
        List<Integer> out = new ArrayList<>();
        for (DatagramPacket p : gpdus) {
            int inner = GtpuHeader.parse(p.getData(), p.getLength()).bodyOffset();
            int udpPayload = inner + (p.getData()[inner] & 0x0f) * 4 + 8;
            out.add(ByteBuffer.wrap(p.getData(), udpPayload, 4).getInt());
        }
        return out;
    }

    private static byte[] gpdu(long teid, int k) {
        return Packet.builder().gtpu(teid).ipv4(UE, AgentTestbed.DN).udp(30000 + k, 9).payload(new byte[] {1}).build();
    }

    private static void send(DatagramSocket s, byte[] b) throws Exception {
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress(UPF_N3, 2152)));
    }

    private static PfcpMessage n4(DatagramSocket s, PfcpMessage request) throws Exception {
        byte[] b = PfcpCodec.encode(request);
        s.setSoTimeout(3000);
        s.send(new DatagramPacket(b, b.length, bed.agent.n4Address()));
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        s.receive(p);
        return PfcpCodec.decode(bytes(p));
    }

    /** Everything s receives until quietMs pass without a datagram (bounded: at most 10 000). */
    private static List<DatagramPacket> receiveAll(DatagramSocket s, int quietMs) throws Exception {
        s.setSoTimeout(quietMs);
        List<DatagramPacket> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            try {
                s.receive(p);
            } catch (SocketTimeoutException quiet) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    private static List<DatagramPacket> receiveQuietly(DatagramSocket s) {
        try {
            return receiveAll(s, 1000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(DatagramSocket s) throws Exception {
        receiveAll(s, 50);
    }

    private static byte[] bytes(DatagramPacket p) {
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    /** p as an Ethernet frame from the UPF's N3 port 2152 to dst:dstPort, for tshark. */
    private static byte[] frame(DatagramPacket p, String dst, int dstPort) {
        return Packet.builder().eth("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4(UPF_N3, dst)
                .udp(2152, dstPort).payload(bytes(p)).build();
    }
}
