package org.upf.pfcp.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.SdfFilter;
import org.upf.pfcp.ie.UpdateFar;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionModificationRequest;
import org.upf.pfcp.testing.PfcpExamples;
import org.upf.pfcp.testing.Scapy;

/**
 * Messages as Scapy's PFCP layers build them (an SMF simulator style seen in labs and in open5gs issue
 * reports): Release 15 layouts with a 1-octet Apply Action (§8.2.26 grew to 2 octets in Release 16),
 * 2-octet Reporting Triggers (3 in Release 16), 2-octet UP Function Features, no CHV4/CHV6 bits, UPF-chosen
 * F-TEIDs (CH/CHID), IPv6 UE addresses and tunnels, SDF filters with every optional field. They must
 * decode strictly, expose the right values and re-encode byte for byte.
 */
class ScapyInteropTest {
    private static final String NODE = "IE_NodeId(id_type=0, ipv4='198.18.0.1')";
    private static final String UL_PDR = "IE_CreatePDR(IE_list=[IE_PDR_Id(id=1), IE_Precedence(precedence=200),"
            + " IE_PDI(IE_list=[IE_SourceInterface(interface=0), IE_FTEID(V4=1, TEID=0x1001, ipv4='198.18.0.2'),"
            + " IE_NetworkInstance(instance='internet'), IE_UE_IP_Address(V4=1, ipv4='198.19.0.10'),"
            + " IE_SDF_Filter(FD=1, flow_description='permit out ip from any to assigned'), IE_QFI(QFI=9)]),"
            + " IE_OuterHeaderRemoval(header=0), IE_FAR_Id(id=1), IE_URR_Id(id=1), IE_QER_Id(id=1)])";
    private static final String DL_PDR = "IE_CreatePDR(IE_list=[IE_PDR_Id(id=2), IE_Precedence(precedence=200),"
            + " IE_PDI(IE_list=[IE_SourceInterface(interface=1), IE_NetworkInstance(instance='internet'),"
            + " IE_UE_IP_Address(V4=1, SD=1, ipv4='198.19.0.10')]), IE_FAR_Id(id=2), IE_QER_Id(id=1)])";
    private static final String UL_FAR = "IE_CreateFAR(IE_list=[IE_FAR_Id(id=1), IE_ApplyAction(FORW=1),"
            + " IE_ForwardingParameters(IE_list=[IE_DestinationInterface(interface=1),"
            + " IE_NetworkInstance(instance='internet')])])";
    private static final String DL_FAR = "IE_CreateFAR(IE_list=[IE_FAR_Id(id=2), IE_ApplyAction(FORW=1),"
            + " IE_ForwardingParameters(IE_list=[IE_DestinationInterface(interface=0),"
            + " IE_OuterHeaderCreation(GTPUUDPIPV4=1, TEID=0x2002, ipv4='198.18.0.3')])])";
    private static final String URR = "IE_CreateURR(IE_list=[IE_URR_Id(id=1), IE_MeasurementMethod(VOLUM=1, DURAT=1),"
            + " IE_ReportingTriggers(volume_threshold=1, time_threshold=1),"
            + " IE_VolumeThreshold(TOVOL=1, ULVOL=1, DLVOL=1, total=1000000000, uplink=250000000, downlink=750000000),"
            + " IE_TimeThreshold(threshold=3600)])";
    private static final String QER = "IE_CreateQER(IE_list=[IE_QER_Id(id=1), IE_GateStatus(ul=0, dl=0),"
            + " IE_MBR(ul=100000, dl=200000), IE_QFI(QFI=9)])";

    private static final List<String> EXPRESSIONS = List.of(
            "PFCP(S=0, seq=1)/PFCPAssociationSetupRequest(IE_list=[" + NODE + ", IE_RecoveryTimeStamp(timestamp=3900000000),"
                    + " IE_CPFunctionFeatures(LOAD=1)])",
            "PFCP(S=0, seq=2)/PFCPAssociationSetupResponse(IE_list=[IE_NodeId(id_type=0, ipv4='198.18.0.2'), IE_Cause(cause=1),"
                    + " IE_RecoveryTimeStamp(timestamp=3900000000), IE_UPFunctionFeatures(FTUP=1, EMPU=1)])",
            "PFCP(S=1, seid=0, seq=3)/PFCPSessionEstablishmentRequest(IE_list=[" + NODE
                    + ", IE_FSEID(v4=1, seid=0xA1, ipv4='198.18.0.1'), " + UL_PDR + ", " + DL_PDR + ", " + UL_FAR
                    + ", " + DL_FAR + ", " + URR + ", " + QER + ", IE_PDNType(pdn_type=1)])",
            "PFCP(S=1, seid=0xB2, seq=4)/PFCPSessionModificationRequest(IE_list=["
                    + "IE_RemovePDR(IE_list=[IE_PDR_Id(id=3)]),"
                    + " IE_UpdateFAR(IE_list=[IE_FAR_Id(id=2), IE_ApplyAction(BUFF=1, NOCP=1)]),"
                    + " IE_UpdatePDR(IE_list=[IE_PDR_Id(id=2), IE_FAR_Id(id=2)])])",
            "PFCP(S=1, seid=0xA1, seq=5)/PFCPSessionReportRequest(IE_list=[IE_ReportType(USAR=1),"
                    + " IE_UsageReport_SRR(IE_list=[IE_URR_Id(id=1), IE_UR_SEQN(number=1), IE_UsageReportTrigger(VOLTH=1),"
                    + " IE_VolumeMeasurement(TOVOL=1, total=1000000000), IE_DurationMeasurement(duration=60)])])",
            "PFCP(S=0, seq=6)/PFCPHeartbeatRequest(IE_list=[IE_RecoveryTimeStamp(timestamp=3900000000)])",
            // UPF-allocated F-TEID (CH, CHID) as open5gs/free5GC SMFs ask for it, IPv6 UE and tunnel, full SDF filter
            "PFCP(S=1, seid=0, seq=7)/PFCPSessionEstablishmentRequest(IE_list=[" + NODE
                    + ", IE_FSEID(v4=1, seid=0xA2, ipv4='198.18.0.1'), IE_CreatePDR(IE_list=[IE_PDR_Id(id=1),"
                    + " IE_Precedence(precedence=100), IE_PDI(IE_list=[IE_SourceInterface(interface=0),"
                    + " IE_FTEID(CH=1, CHID=1, V4=1, choose_id=5), IE_UE_IP_Address(V6=1, ipv6='2001:db8::10'),"
                    + " IE_SDF_Filter(FD=1, TTC=1, SPI=1, FL=1, BID=1, flow_description='permit out ip from any to assigned',"
                    + " tos_traffic_class=0x20, tos_traffic_mask=0xfc, security_parameter_index=7, flow_label=0x12345,"
                    + " sdf_filter_id=9)]), IE_FAR_Id(id=1)]), IE_CreateFAR(IE_list=[IE_FAR_Id(id=1),"
                    + " IE_ApplyAction(FORW=1), IE_ForwardingParameters(IE_list=[IE_DestinationInterface(interface=0),"
                    + " IE_OuterHeaderCreation(GTPUUDPIPV6=1, TEID=0x2002, ipv6='2001:db8::3')])])])");

    private static List<byte[]> wire;

    @BeforeAll
    static void buildWithScapy() {
        wire = Scapy.build(EXPRESSIONS);
        assertThat(wire).hasSameSizeAs(EXPRESSIONS);
    }

    @Test
    void everyScapyMessageDecodesStrictlyAndReencodesByteForByte() {
        for (byte[] w : wire) {
            PfcpMessage m = PfcpCodec.decode(w);
            assertThat(PfcpCodec.encode(m)).as(m.type().displayName()).isEqualTo(w);
        }
    }

    @Test
    void associationSetupWithRelease15FeatureOctets() {
        PfcpMessage req = PfcpCodec.decode(wire.get(0));
        assertThat(req.type()).isEqualTo(PfcpMessageType.ASSOCIATION_SETUP_REQUEST);
        assertThat(req.nodeId().text()).isEqualTo("198.18.0.1");
        assertThat(req.recoveryTimeStamp()).isEqualTo(3_900_000_000L);
        PfcpMessage resp = PfcpCodec.decode(wire.get(1));
        assertThat(resp.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        FlagsIe features = resp.find(IeType.UP_FUNCTION_FEATURES, FlagsIe.class);
        assertThat(features.octets()).hasSize(2);
        assertThat(features.setFlags()).containsExactlyInAnyOrder("FTUP", "EMPU");
    }

    @Test
    void sessionEstablishmentWithOneOctetApplyActionAndTwoOctetReportingTriggers() {
        SessionEstablishmentRequest ser = (SessionEstablishmentRequest) PfcpCodec.decode(wire.get(2));
        assertThat(ser.fSeid().seid()).isEqualTo(0xA1);
        List<CreatePdr> pdrs = ser.createPdrs();
        assertThat(pdrs).extracting(CreatePdr::pdrId).containsExactly(1, 2);
        assertThat(pdrs.get(0).pdi().localFTeid().teid()).isEqualTo(0x1001);
        assertThat(pdrs.get(0).pdi().ueIpAddresses().get(0).isDestination()).isFalse();
        assertThat(pdrs.get(1).pdi().ueIpAddresses().get(0).isDestination()).isTrue();
        assertThat(pdrs.get(0).pdi().qfis()).containsExactly(9L);
        for (CreateFar far : ser.createFars()) {
            assertThat(far.applyAction().octets()).as("1-octet Apply Action").hasSize(1);
            assertThat(far.applyAction().has("FORW")).isTrue();
        }
        assertThat(ser.createFars().get(1).forwardingParameters().outerHeaderCreation()).isNotNull();
        CreateUrr urr = ser.createUrrs().get(0);
        assertThat(urr.reportingTriggers().octets()).as("2-octet Reporting Triggers").hasSize(2);
        assertThat(urr.reportingTriggers().setFlags()).containsExactlyInAnyOrder("VOLTH", "TIMTH");
        assertThat(urr.measurementMethod().setFlags()).containsExactlyInAnyOrder("DURAT", "VOLUM");
        assertThat(urr.timeThreshold()).isEqualTo(3600);
        assertThat(ser.createQers().get(0).qfi()).isEqualTo(9);
        assertThat(ser.pdnType()).isEqualTo(1);
    }

    @Test
    void modificationBuffersWithOneOctetApplyAction() {
        SessionModificationRequest smr = (SessionModificationRequest) PfcpCodec.decode(wire.get(3));
        assertThat(smr.seid()).isEqualTo(0xB2);
        assertThat(smr.removePdrs()).hasSize(1);
        UpdateFar far = smr.findAll(IeType.UPDATE_FAR, UpdateFar.class).get(0);
        FlagsIe aa = far.find(IeType.APPLY_ACTION, FlagsIe.class);
        assertThat(aa.octets()).hasSize(1);
        assertThat(aa.setFlags()).containsExactlyInAnyOrder("BUFF", "NOCP");
    }

    @Test
    void chooseFTeidIpv6AndFullSdfFilter() {
        SessionEstablishmentRequest ser = (SessionEstablishmentRequest) PfcpCodec.decode(wire.get(6));
        CreatePdr pdr = ser.createPdrs().get(0);
        FTeid fteid = pdr.pdi().localFTeid();
        assertThat(fteid.choose()).isTrue();
        assertThat(fteid.hasV4()).isTrue();
        assertThat(fteid.chooseId()).isEqualTo(5);
        assertThat(pdr.pdi().ueIpAddresses().get(0).ipv6()).isEqualTo(PfcpExamples.ip("2001:db8::10"));
        SdfFilter sdf = pdr.pdi().sdfFilters().get(0);
        assertThat(sdf.flowDescription()).isEqualTo("permit out ip from any to assigned");
        assertThat(sdf.tosTrafficClass()).isEqualTo(0x20fc);
        assertThat(sdf.spi()).isEqualTo(7);
        assertThat(sdf.flowLabel() & 0xFFFFF).isEqualTo(0x12345);
        assertThat(sdf.filterId()).isEqualTo(9);
        OuterHeaderCreation ohc = (OuterHeaderCreation) ser.createFars().get(0).forwardingParameters()
                .outerHeaderCreation();
        assertThat(ohc.description()).isEqualTo(OuterHeaderCreation.GTPU_UDP_IPV6);
        assertThat(ohc.teid()).isEqualTo(0x2002);
        assertThat(ohc.ipv6()).isEqualTo(PfcpExamples.ip("2001:db8::3"));
    }

    @Test
    void reportAndHeartbeat() {
        PfcpMessage report = PfcpCodec.decode(wire.get(4));
        assertThat(report.find(IeType.REPORT_TYPE, FlagsIe.class).has("USAR")).isTrue();
        assertThat(report.has(IeType.USAGE_REPORT_SESSION_REPORT_REQUEST)).isTrue();
        assertThat(PfcpCodec.decode(wire.get(5)).recoveryTimeStamp()).isEqualTo(3_900_000_000L);
    }
}
