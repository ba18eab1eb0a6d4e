package org.upf.pfcp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upf.pfcp.ie.IeType.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Groups;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeTree;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.OctetsIe;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.SdfFilter;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UintIe;

/** Messages built with the factories answer the same typed accessors as decoded ones and encode per spec. */
class MessageBuildingTest {
    private static final byte[] SMF = {(byte) 198, 18, 0, 1};
    private static final byte[] UPF = {(byte) 198, 18, 0, 2};
    private static final byte[] UE = {(byte) 198, 19, 0, 10};

    private static SessionEstablishmentRequest establishment(boolean typedGroups) {
        List<Ie> pdi = List.of(UintIe.of(SOURCE_INTERFACE, 0), FTeid.choose(true, false, 1),
                OctetsIe.dnsName(NETWORK_INSTANCE, "internet"), UeIpAddress.of(false, UE, null),
                SdfFilter.of("permit out ip from any to assigned"), UintIe.of(QFI, 9));
        List<Ie> pdr = List.of(UintIe.of(PDR_ID, 65535), UintIe.of(PRECEDENCE, 255),
                typedGroups ? Groups.of(PDI, pdi) : new GroupedIe(PDI, pdi), UintIe.of(FAR_ID, 1));
        List<Ie> far = List.of(UintIe.of(FAR_ID, 1), FlagsIe.of(APPLY_ACTION, 2, "FORW"),
                Groups.of(FORWARDING_PARAMETERS, UintIe.of(DESTINATION_INTERFACE, 0),
                        OuterHeaderCreation.gtpu(0x1234, UPF, null)));
        return (SessionEstablishmentRequest) PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST)
                .seid(0).sequence(7).nodeId(NodeId.ipv4(SMF)).add(FSeid.of(0xABCDEF, SMF, null))
                .add(typedGroups ? Groups.of(CREATE_PDR, pdr) : new GroupedIe(CREATE_PDR, pdr))
                .add(Groups.of(CREATE_FAR, far)).build();
    }

    @Test
    void builtMessagesAnswerTypedAccessorsWhetherGroupsWereBuiltTypedOrPlain() {
        for (boolean typed : new boolean[] {true, false}) {
            SessionEstablishmentRequest m = establishment(typed);
            CreatePdr pdr = m.createPdrs().get(0);
            assertThat(pdr.pdrId()).isEqualTo(65535);
            assertThat(pdr.pdi().sourceInterface()).isZero();
            assertThat(pdr.pdi().localFTeid().choose()).isTrue();
            assertThat(pdr.pdi().networkInstance()).isEqualTo("internet");
            assertThat(pdr.pdi().sdfFilters().get(0).flowDescription()).isEqualTo("permit out ip from any to assigned");
            assertThat(pdr.pdi().qfis()).containsExactly(9L);
            assertThat(m.createFars().get(0).applyAction().has("FORW")).isTrue();
            assertThat(m.createFars().get(0).applyAction().octets()).hasSize(2);
            assertThat(m.createFars().get(0).forwardingParameters().outerHeaderCreation().teid()).isEqualTo(0x1234);
            assertThat(m.fSeid().seid()).isEqualTo(0xABCDEF);
            SessionEstablishmentRequest back = (SessionEstablishmentRequest) PfcpCodec.decode(PfcpCodec.encode(m));
            assertThat(PfcpCodec.encode(back)).isEqualTo(PfcpCodec.encode(m));
            assertThat(back.createPdrs().get(0).pdi().ueIpAddresses().get(0).ipv4()).isEqualTo(UE);
        }
    }

    @Test
    void typedIeFactoriesEncodeTheSpecLayouts() {
        // §8.2.3: flags V4, TEID, IPv4
        assertThat(hex(FTeid.of(0x01020304L, UPF, null))).isEqualTo("0015000901" + "01020304" + "c6120002");
        // §8.2.3: CH=1 CHID=1 V4=1, CHOOSE ID only
        assertThat(hex(FTeid.choose(true, false, 5))).isEqualTo("001500020d05");
        // §8.2.62: V4 + S/D (destination)
        assertThat(hex(UeIpAddress.of(true, UE, null))).isEqualTo("005d000506c613000a");
        // §8.2.56: GTP-U/UDP/IPv4, TEID, IPv4
        assertThat(hex(OuterHeaderCreation.gtpu(1, UPF, null))).isEqualTo("0054000a0100" + "00000001" + "c6120002");
        // §8.2.37: V4, SEID, IPv4
        assertThat(hex(FSeid.of(1, SMF, null))).isEqualTo("0039000d02" + "0000000000000001" + "c6120001");
        // §8.2.38: IPv4 and FQDN (DNS labels, no root)
        assertThat(hex(NodeId.ipv4(SMF))).isEqualTo("003c000500c6120001");
        assertThat(hex(NodeId.fqdn("upf.example"))).isEqualTo("003c000d02" + "0375706607" + "6578616d706c65");
        // §8.2.26: 1- and 2-octet Apply Action
        assertThat(hex(FlagsIe.of(APPLY_ACTION, "FORW", "DUPL"))).isEqualTo("002c000112");
        assertThat(hex(FlagsIe.of(APPLY_ACTION, 2, "FORW"))).isEqualTo("002c00020200");
        assertThat(hex(FlagsIe.of(APPLY_ACTION, "BDPN"))).isEqualTo("002c00020002");
        // §8.2.5: FD, spare, length, text
        assertThat(hex(SdfFilter.of("permit"))).isEqualTo("0017000a0100" + "0006" + Hex.of("permit".getBytes()));
    }

    @Test
    void integerFactoriesUseTheSpecWidthsAndRefuseOverflow() {
        assertThat(hex(UintIe.of(PDR_ID, 1))).isEqualTo("003800020001");
        assertThat(hex(UintIe.of(URR_ID, 0xFFFFFFFFL))).isEqualTo("00510004ffffffff");
        assertThat(hex(UintIe.of(BAR_ID, 255))).isEqualTo("005800 01ff".replace(" ", ""));
        assertThatThrownBy(() -> UintIe.of(QFI, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UintIe.of(PDR_ID, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UintIe.of(F_TEID, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void treeNamesEveryIeForPrinters() {
        IeTree t = IeTree.of(establishment(true).find(CREATE_PDR));
        assertThat(t.name()).isEqualTo("Create PDR");
        assertThat(t.children()).extracting(IeTree::name).containsExactly("PDR ID", "Precedence", "PDI", "FAR ID");
        IeTree pdi = t.children().get(2);
        assertThat(pdi.children().get(1).fields()).containsEntry("ch", true).containsEntry("chooseId", 1);
        assertThat(pdi.children().get(3).fields()).containsEntry("ipv4", "198.19.0.10");
    }

    @Test
    void ntpTimesPrintAsUtc() {
        // 0xE5A1B2C3 = 3852579523 s since 1900 = 2022-01-30T...Z; below 2^31 means NTP era 1 (after 2036).
        java.time.Instant t = java.time.Instant.parse("2022-01-30T12:00:00Z");
        UintIe ts = UintIe.of(RECOVERY_TIME_STAMP, org.upf.pfcp.ie.Ntp.fromInstant(t));
        assertThat(ts.ntpTime()).isEqualTo(t);
        assertThat(IeTree.of(ts).fields()).containsEntry("utc", "2022-01-30T12:00:00Z");
        java.time.Instant after2036 = java.time.Instant.parse("2040-01-01T00:00:00Z");
        assertThat(org.upf.pfcp.ie.Ntp.toInstant(org.upf.pfcp.ie.Ntp.fromInstant(after2036))).isEqualTo(after2036);
    }

    @Test
    void reportFactoriesBuildTypedMessages() {
        NodeReportRequest nrr = NodeReportRequest.of(3, NodeId.ipv4(UPF), FlagsIe.of(NODE_REPORT_TYPE, "UPFR"));
        NodeReportRequest back = (NodeReportRequest) org.upf.pfcp.PfcpCodec.decode(org.upf.pfcp.PfcpCodec.encode(nrr));
        assertThat(back.reportType().has("UPFR")).isTrue();
        SessionReportRequest srr = SessionReportRequest.of(0x55, 4, FlagsIe.of(REPORT_TYPE, "DLDR"),
                Groups.of(DOWNLINK_DATA_REPORT, UintIe.of(PDR_ID, 2)));
        SessionReportRequest srrBack = (SessionReportRequest) org.upf.pfcp.PfcpCodec.decode(org.upf.pfcp.PfcpCodec.encode(srr));
        assertThat(srrBack.seid()).isEqualTo(0x55);
        assertThat(srrBack.reportType().has("DLDR")).isTrue();
        assertThat(srrBack.downlinkDataReport().uint(PDR_ID)).isEqualTo(2);
    }

    private static String hex(Ie ie) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        org.upf.pfcp.ie.IeCodec.encode(ie, b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return Hex.of(out);
    }
}
