package org.upf.lab.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreateQer;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.UpdateFar;
import org.upf.pfcp.message.AssociationSetupRequest;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionModificationRequest;

/** The SMF emulator against a PFCP peer over loopback UDP: what it sends, and how it reads the answers. */
class SmfEmulatorTest {
    static final InetAddress UE = addr("198.19.0.10");
    static final InetAddress GNB = addr("198.18.3.2");
    static final InetAddress GNB2 = addr("198.18.3.3");
    static final SessionPlan.DedicatedFlow GAME = new SessionPlan.DedicatedFlow(5, "198.18.6.2", 7001, 2_000, 10_000);

    @Test
    void associatesEstablishesHandsOverAnswersReportsAndDeletes() throws Exception {
        try (AcceptingUpf upf = new AcceptingUpf();
             SmfEmulator smf = SmfEmulator.start(new InetSocketAddress("127.0.0.1", 0), upf.address())) {
            FlagsIe features = smf.associate();
            assertThat(features.has("FTUP")).isTrue();
            AssociationSetupRequest a = upf.received(AssociationSetupRequest.class).get(0);
            assertThat(a.nodeId().text()).isEqualTo("127.0.0.1");
            assertThat(a.recoveryTimeStamp()).isPositive();
            assertThat(a.cpFunctionFeatures().has("ARDR")).isTrue();

            SmfSession s = smf.establish(SessionPlan.of(UE, GNB, 0x100).withDedicated(GAME).withVolumeThreshold(5000));
            assertThat(s.uplinkTeid()).as("TEID the peer chose for CHOOSE ID 1").isEqualTo(0x101);
            assertThat(s.upfN3().getAddress()).isEqualTo(AcceptingUpf.N3);
            assertThat(upf.sessions).containsEntry(s.upSeid(), s.cpSeid());

            SessionEstablishmentRequest e = upf.received(SessionEstablishmentRequest.class).get(0);
            assertThat(e.fSeid().seid()).isEqualTo(s.cpSeid());
            assertThat(e.pdnType()).isEqualTo(1);
            assertThat(e.createPdrs()).extracting(CreatePdr::pdrId).containsExactly(1, 2, 3, 4);
            CreatePdr ul = e.createPdrs().get(0);
            FTeid choose = ul.pdi().localFTeid();
            assertThat(choose.choose()).isTrue();
            assertThat(choose.chooseId()).isEqualTo(1);
            assertThat(ul.pdi().sourceInterface()).isZero();
            assertThat(ul.pdi().ueIpAddresses().get(0).isDestination()).isFalse();
            assertThat(ul.pdi().qfis()).containsExactly(9L);
            assertThat(ul.outerHeaderRemoval().description()).isZero();
            assertThat(e.createPdrs().get(2).pdi().qfis()).containsExactly(5L);
            assertThat(e.createPdrs().get(2).pdi().localFTeid().chooseId()).as("shares the uplink F-TEID").isEqualTo(1);
            CreatePdr dl = e.createPdrs().get(1);
            assertThat(dl.pdi().ueIpAddresses().get(0).ipv4()).isEqualTo(UE.getAddress());
            assertThat(dl.pdi().ueIpAddresses().get(0).isDestination()).isTrue();
            assertThat(dl.pdi().networkInstance()).isEqualTo("internet");
            CreatePdr dedicatedDl = e.createPdrs().get(3);
            assertThat(dedicatedDl.precedence()).isLessThan(dl.precedence());
            assertThat(dedicatedDl.pdi().sdfFilters().get(0).flowDescription())
                    .isEqualTo("permit out 17 from 198.18.6.2 7001 to assigned");

            CreateFar toGnb = e.createFars().stream().filter(f -> f.farId() == 2).findFirst().orElseThrow();
            assertThat(toGnb.applyAction().has("FORW")).isTrue();
            OuterHeaderCreation ohc = toGnb.forwardingParameters().outerHeaderCreation();
            assertThat(ohc.description()).isEqualTo(OuterHeaderCreation.GTPU_UDP_IPV4);
            assertThat(ohc.teid()).isEqualTo(0x100);
            assertThat(ohc.ipv4()).isEqualTo(GNB.getAddress());
            assertThat(e.createFars().get(0).forwardingParameters().destinationInterface()).isEqualTo(1);
            assertThat(e.createQers()).extracting(CreateQer::qfi).containsExactly(9, 5);
            assertThat(e.createQers().get(0).mbr().dlKbps()).isEqualTo(200_000);
            assertThat(e.createQers().get(1).gbr().ulKbps()).isEqualTo(2_000);
            CreateUrr urr = e.createUrrs().get(0);
            assertThat(urr.measurementMethod().has("VOLUM")).isTrue();
            assertThat(urr.reportingTriggers().has("VOLTH")).isTrue();
            assertThat(urr.volumeThreshold().total()).isEqualTo(5000);

            SmfSession moved = smf.handover(s, GNB2, 0x200);
            assertThat(moved.plan().gnb()).isEqualTo(GNB2);
            assertThat(smf.sessions()).containsExactly(moved);
            SessionModificationRequest m = upf.received(SessionModificationRequest.class).get(0);
            assertThat(m.seid()).isEqualTo(s.upSeid());
            UpdateFar u = m.updateFars().get(0);
            assertThat(u.farId()).isEqualTo(2);
            ForwardingParameters ufp = u.updateForwardingParameters();
            assertThat(ufp.outerHeaderCreation().teid()).isEqualTo(0x200);
            assertThat(ufp.outerHeaderCreation().ipv4()).isEqualTo(GNB2.getAddress());
            assertThat(ufp.find(IeType.PFCPSMREQ_FLAGS, FlagsIe.class).has("SNDEM")).isTrue();

            PfcpMessage reportResponse = upf.report(s.upSeid(), smf.localAddress());
            assertThat(reportResponse.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(reportResponse.seid()).as("§7.2.2.4.2: the UPF's SEID").isEqualTo(s.upSeid());
            assertThat(smf.reports()).hasSize(1);
            assertThat(smf.reports().get(0).usageReports().get(0).volumeMeasurement().total()).isEqualTo(2000);

            assertThat(smf.delete(moved)).isEmpty();
            assertThat(smf.sessions()).isEmpty();
            assertThat(upf.sessions).isEmpty();
            assertThat(upf.report(s.upSeid(), smf.localAddress()).cause())
                    .as("report for a deleted session").isEqualTo(PfcpCause.SESSION_CONTEXT_NOT_FOUND);
            assertThatThrownBy(() -> smf.modify(moved, SessionRules.sessionMbr(1, 1)))
                    .isInstanceOfSatisfying(SmfException.class,
                            x -> assertThat(x.pfcpCause()).isEqualTo(PfcpCause.SESSION_CONTEXT_NOT_FOUND));
            smf.release();
        }
    }

    @Test
    void givenUplinkTeidIsSentWithoutChoose() {
        try (AcceptingUpf upf = new AcceptingUpf();
             SmfEmulator smf = SmfEmulator.start(new InetSocketAddress("127.0.0.1", 0), upf.address())) {
            smf.associate();
            SmfSession s = smf.establish(SessionPlan.of(UE, GNB, 0x100).withUplinkTeid(0x4242, addr("198.18.3.1")));
            assertThat(s.uplinkTeid()).isEqualTo(0x4242);
            FTeid f = upf.received(SessionEstablishmentRequest.class).get(0).createPdrs().get(0).pdi().localFTeid();
            assertThat(f.choose()).isFalse();
            assertThat(f.teid()).isEqualTo(0x4242);
            assertThat(f.ipv4()).isEqualTo(addr("198.18.3.1").getAddress());
            assertThat(upf.received(SessionEstablishmentRequest.class).get(0).createPdrs()).hasSize(2);
        }
    }

    @Test
    void ipv6UeSession() {
        try (AcceptingUpf upf = new AcceptingUpf();
             SmfEmulator smf = SmfEmulator.start(new InetSocketAddress("127.0.0.1", 0), upf.address())) {
            smf.associate();
            InetAddress ue = addr("2001:db8:200:1::1");
            smf.establish(SessionPlan.of(ue, GNB, 0x100).withDedicated(
                    new SessionPlan.DedicatedFlow(5, "2001:db8:6::2", 7001, 1_000, 10_000)));
            SessionEstablishmentRequest e = upf.received(SessionEstablishmentRequest.class).get(0);
            assertThat(e.pdnType()).as("IPv6").isEqualTo(2);
            assertThat(e.createPdrs()).allSatisfy(p -> {
                assertThat(p.pdi().ueIpAddresses().get(0).ipv6()).isEqualTo(ue.getAddress());
                assertThat(p.pdi().ueIpAddresses().get(0).ipv4()).isNull();
            });
            assertThat(e.createPdrs().get(3).pdi().sdfFilters().get(0).flowDescription())
                    .isEqualTo("permit out 17 from 2001:db8:6::2 7001 to assigned");
        }
    }

    @Test
    void unansweredRequestFailsAfterRetransmissions() {
        try (AcceptingUpf upf = new AcceptingUpf()) {
            InetSocketAddress silent = upf.address();
            upf.close();
            try (SmfEmulator smf = SmfEmulator.start(new InetSocketAddress("127.0.0.1", 0), silent,
                    java.time.Duration.ofMillis(100), 2)) {
                assertThatThrownBy(smf::associate).isInstanceOf(SmfException.class).hasMessageContaining("no valid response");
            }
        }
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

}
