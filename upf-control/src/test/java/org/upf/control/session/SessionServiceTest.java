package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.control.session.Requests.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.control.alloc.Cidr;
import org.upf.control.assoc.AssociationService;
import org.upf.control.assoc.Associations;
import org.upf.control.config.SmfAllowList;
import org.upf.control.config.UePoolConfig;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreatedPdr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UsageReport;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionModificationRequest;

/**
 * Session procedures against a data path loaded in the kernel: the maps are read back after every request, so a
 * rejected request must leave them exactly as they were, and an accepted one must be there.
 */
class SessionServiceTest {
    private static final InetSocketAddress SMF_ADDR = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8805);
    private static final NodeId UPF = NodeId.ipv4(new byte[] {127, 0, 0, 2});

    /** 15 TEIDs, 7 sessions, 63 of each rule. */
    private static final DataplaneConfig MAPS = new DataplaneConfig(4, 8, 64, 64, 64, 64, 64, 64, 64, 65536,
            java.time.Duration.ofMillis(100));

    private Dataplane dp;
    private UpResources res;
    private Associations associations;
    private AssociationService assoc;
    private SessionService sessions;

    @BeforeEach
    void load() throws Exception {
        load(MAPS);
    }

    private void load(DataplaneConfig maps) throws Exception {
        dp = Dataplane.load(maps, null);
        res = new UpResources(maps,
                List.of(new UePoolConfig("", Cidr.parse("198.19.0.0/29"), Cidr.parse("2001:db8:200::/62"), 64)),
                InetAddress.getByName("198.18.3.1"), null);
        associations = new Associations();
        sessions = new SessionService(dp, res, associations, UPF, seid -> FSeid.of(seid, new byte[] {127, 0, 0, 2}, null));
        assoc = new AssociationService(associations, new SmfAllowList(List.of(Cidr.parse("127.0.0.0/8")), List.of()),
                UPF, 3_900_000_001L, sessions::deleteAll, false);
    }

    @AfterEach
    void unload() {
        dp.close();
    }

    private PfcpMessage establish(PfcpMessage req) {
        return sessions.establish((SessionEstablishmentRequest) req, SMF_ADDR);
    }

    private PfcpMessage modify(PfcpMessage req) {
        return sessions.modify((SessionModificationRequest) req, SMF_ADDR);
    }

    private long associateAndEstablish() {
        assertThat(assoc.setup(associationSetup(), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        PfcpMessage r = establish(establishment(0xA1, basicSession("198.19.0.5")));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        return r.fSeid().seid();
    }

    @Test
    void establishmentWritesTheMapsAndDeletionClearsThem() {
        assertThat(assoc.setup(associationSetup(), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        PfcpMessage r = establish(establishment(0xA1, basicSession("198.19.0.5")));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(r.seid()).as("response header carries the CP SEID").isEqualTo(0xA1);
        List<CreatedPdr> created = r.findAll(IeType.CREATED_PDR, CreatedPdr.class);
        assertThat(created).extracting(CreatedPdr::pdrId).containsExactly(1);
        long teid = created.get(0).localFTeid().teid();
        assertThat(teid).isNotZero();
        assertThat(created.get(0).localFTeid().ipv4()).containsExactly(198, 18, 3, 1);
        assertThat(MapCensus.of(dp)).containsEntry("upf_sess_v1", 1).containsEntry("upf_pdr_v1", 2)
                .containsEntry("upf_far_v1", 2).containsEntry("upf_qer_v1", 1).containsEntry("upf_teid_v1", 1)
                .containsEntry("upf_dl4_v4", 1);
        long seid = r.fSeid().seid();
        assertThat(sessions.rules(seid).uplinkTeids()).containsOnlyKeys((int) teid);

        PfcpMessage d = sessions.delete(deletion(seid), SMF_ADDR);
        assertThat(d.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(d.seid()).isEqualTo(0xA1);
        UsageReport final1 = d.find(IeType.USAGE_REPORT_SESSION_DELETION_RESPONSE, UsageReport.class);
        assertThat(final1.urrId()).isEqualTo(1);
        assertThat(final1.trigger().has("TERMR")).isTrue();
        assertThat(final1.volumeMeasurement().values()).containsExactly(0, 0, 0);
        assertThat(MapCensus.total(dp)).isZero();
        assertThat(res.teidsInUse()).isZero();
        assertThat(res.sessionsInUse()).isZero();
    }

    /**
     * Establishments that arrive together are written with one batched write per map; when the kernel refuses an
     * entry (here the IPv4 UE-address hash map, room for two, is full) exactly the session it belongs to is
     * rejected, with nothing of it left in the maps or allocators, and the sessions around it are installed.
     */
    @Test
    void aBatchRejectsOnlyTheSessionWhoseMapEntryTheKernelRefused() throws Exception {
        dp.close();
        load(new DataplaneConfig(4, 8, 64, 64, 64, 64, 2, 64, 64, 65536, java.time.Duration.ofMillis(100)));
        assertThat(assoc.setup(associationSetup(), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        var first = sessions.establishLater((SessionEstablishmentRequest) establishment(0xB1,
                basicSession("198.19.0.1")), SMF_ADDR);
        var second = sessions.establishLater((SessionEstablishmentRequest) establishment(0xB2,
                basicSession("198.19.0.2")), SMF_ADDR);
        var third = sessions.establishLater((SessionEstablishmentRequest) establishment(0xB3,
                basicSession("198.19.0.3")), SMF_ADDR);
        assertThat(first).as("answered only once the batch is written").isNotDone();
        assertThat(MapCensus.total(dp)).isZero();

        sessions.installPending();

        assertThat(first.join().cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(second.join().cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        PfcpMessage refused = third.join();
        assertThat(refused.cause()).isEqualTo(PfcpCause.NO_RESOURCES_AVAILABLE);
        assertThat(refused.seid()).isEqualTo(0xB3);
        assertThat(refused.fSeid()).isNull();
        assertThat(MapCensus.of(dp)).containsEntry("upf_sess_v1", 2).containsEntry("upf_pdr_v1", 4)
                .containsEntry("upf_far_v1", 4).containsEntry("upf_qer_v1", 2).containsEntry("upf_teid_v1", 2)
                .containsEntry("upf_dl4_v4", 2);
        assertThat(sessions.count()).isEqualTo(2);
        assertThat(res.sessionsInUse()).isEqualTo(2);
        assertThat(res.teidsInUse()).isEqualTo(2);
        long teid = first.join().find(IeType.CREATED_PDR, CreatedPdr.class).localFTeid().teid();
        assertThat(sessions.rules(first.join().fSeid().seid()).uplinkTeids()).containsOnlyKeys((int) teid);

        // the refused session's UE address and slots are free again: the next one gets them and is installed
        sessions.delete(deletion(second.join().fSeid().seid()), SMF_ADDR);
        assertThat(establish(establishment(0xB4, basicSession("198.19.0.3"))).cause())
                .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(MapCensus.of(dp)).containsEntry("upf_sess_v1", 2).containsEntry("upf_dl4_v4", 2);
    }

    /** A modification or deletion first writes the establishments still waiting, so requests apply in order. */
    @Test
    void otherRequestsInstallTheWaitingBatchFirst() {
        long seid = associateAndEstablish();
        var waiting = sessions.establishLater((SessionEstablishmentRequest) establishment(0xB5,
                basicSession("198.19.0.6")), SMF_ADDR);
        assertThat(sessions.delete(deletion(seid), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(waiting.join().cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(MapCensus.of(dp)).containsEntry("upf_sess_v1", 1).containsEntry("upf_dl4_v4", 1);
    }

    /**
     * journal.sync batch: at the end of a burst {@link GroupCommit} writes the burst's establishments to the maps,
     * which completes their responses, and syncs the journal once (the PFCP node sends the responses after that);
     * always: one fdatasync per record; none: none. In every mode each record is written (readable by another
     * reader) by then.
     */
    @Test
    void groupCommitSyncsTheJournalOncePerBurst(@TempDir Path dir) throws Exception {
        assertThat(assoc.setup(associationSetup(), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        for (JournalSync mode : JournalSync.values()) {
            Path file = dir.resolve(mode + ".journal");
            try (SessionJournal journal = SessionJournal.create(file, 1, List.of(), mode)) {
                sessions.journalTo(journal);
                GroupCommit commit = new GroupCommit(sessions, journal);
                List<java.util.concurrent.CompletableFuture<PfcpMessage>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    answers.add(sessions.establishLater((SessionEstablishmentRequest) establishment(0xC0 + i,
                            basicSession("198.19.0." + (i + 1))), SMF_ADDR));
                }
                assertThat(answers).noneMatch(java.util.concurrent.CompletableFuture::isDone);
                assertThat(journal.syncs()).isZero();

                commit.flush();

                assertThat(answers).allMatch(a -> a.join().cause() == PfcpCause.REQUEST_ACCEPTED);
                assertThat(journal.syncs()).as(mode.toString()).isEqualTo(switch (mode) {
                    case ALWAYS -> 3;
                    case BATCH -> 1;
                    case NONE -> 0;
                });
                assertThat(SessionJournal.read(file).entries()).hasSize(3)
                        .allMatch(e -> e instanceof SessionJournal.Request);
                answers.forEach(a -> sessions.delete(deletion(a.join().fSeid().seid()), SMF_ADDR));
                commit.flush(); // the deletions' records: one more sync for all three in batch mode
                assertThat(journal.syncs()).isEqualTo(switch (mode) {
                    case ALWAYS -> 6;
                    case BATCH -> 2;
                    case NONE -> 0;
                });
            }
        }
    }

    @Test
    void createBarAsOpen5gsSendsItIsAccepted() {
        assoc.setup(associationSetup(), SMF_ADDR);
        var bar = new org.upf.pfcp.ie.GroupedIe(IeType.CREATE_BAR, List.of(u8(IeType.BAR_ID, 1)));
        PfcpMessage r = establish(establishment(0xA7, uplinkPdr(1, 1, 1), downlinkPdr(2, "198.19.0.5", 2),
                farToN6(1), farToGnb(2, 0x2001), qer(1), urr(1), bar));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
    }

    @Test
    void sessionRequestsWithoutAssociationAreRejectedWithCause72() {
        PfcpMessage r = establish(establishment(0xA1, basicSession("198.19.0.5")));
        assertThat(r.cause()).isEqualTo(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION);
        assertThat(modify(modification(42)).cause()).isEqualTo(PfcpCause.NO_ESTABLISHED_PFCP_ASSOCIATION);
        assertThat(MapCensus.total(dp)).isZero();
    }

    @Test
    void unknownSeidIsSessionContextNotFound() {
        associateAndEstablish();
        PfcpMessage r = modify(modification(0x1234_5678L));
        assertThat(r.cause()).isEqualTo(PfcpCause.SESSION_CONTEXT_NOT_FOUND);
        assertThat(r.seid()).isZero();
        assertThat(sessions.delete(deletion(0x1234_5678L), SMF_ADDR).cause())
                .isEqualTo(PfcpCause.SESSION_CONTEXT_NOT_FOUND);
    }

    @Test
    void missingMandatoryIeInsideCreateFarNamesIt() {
        assoc.setup(associationSetup(), SMF_ADDR);
        var farWithoutAction = new org.upf.pfcp.ie.CreateFar(List.of(
                org.upf.pfcp.ie.UintIe.of(IeType.FAR_ID, 4, 1)));
        // The node's decoder rejects this before the service sees it; the service checks again on its own.
        PfcpMessage r = establish(unchecked(0xA1, uplinkPdr(1, 1, 1), downlinkPdr(2, "198.19.0.5", 2),
                farWithoutAction, farToGnb(2, 0x2001), qer(1), urr(1)));
        assertThat(r.cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
        assertThat(r.offendingIe()).isEqualTo(IeType.APPLY_ACTION.code());
        assertNothingLeft();
    }

    @Test
    void pdrNamingAnUnknownFarFailsWithThePdrAsFailedRule() {
        assoc.setup(associationSetup(), SMF_ADDR);
        PfcpMessage r = establish(establishment(0xA1, uplinkPdr(1, 1, 7), downlinkPdr(2, "198.19.0.5", 2),
                farToN6(1), farToGnb(2, 0x2001), qer(1), urr(1)));
        assertFailedRule(r, FailedRuleId.PDR, 1);
        assertNothingLeft();
    }

    @Test
    void duplicateRuleIdFailsWithThatRule() {
        assoc.setup(associationSetup(), SMF_ADDR);
        PfcpMessage r = establish(establishment(0xA1, uplinkPdr(1, 1, 1), downlinkPdr(2, "198.19.0.5", 2),
                farToN6(1), farToGnb(2, 0x2001), farToN6(2), qer(1), urr(1)));
        assertFailedRule(r, FailedRuleId.FAR, 2);
        assertNothingLeft();
    }

    @Test
    void failedModificationLeavesTheSessionAsItWas() {
        long seid = associateAndEstablish();
        var before = MapCensus.of(dp);
        var rulesBefore = sessions.rules(seid);
        // Removing FAR 2 that PDR 2 still uses, and creating PDR 3 with a fresh TEID: all or nothing.
        PfcpMessage r = modify(modification(seid, uplinkPdr(3, 3, 1), removeFar(2)));
        assertFailedRule(r, FailedRuleId.PDR, 2);
        assertThat(MapCensus.of(dp)).isEqualTo(before);
        assertThat(sessions.rules(seid)).isEqualTo(rulesBefore);
        assertThat(res.teidsInUse()).isEqualTo(1);
        // Removing an unknown PDR names it.
        assertFailedRule(modify(modification(seid, removePdr(9))), FailedRuleId.PDR, 9);
        assertThat(MapCensus.of(dp)).isEqualTo(before);
    }

    @Test
    void modificationAddsAndRemovesRulesInTheMaps() {
        long seid = associateAndEstablish();
        PfcpMessage r = modify(modification(seid, uplinkPdr(3, 3, 1)));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(r.findAll(IeType.CREATED_PDR, CreatedPdr.class)).extracting(CreatedPdr::pdrId).containsExactly(3);
        assertThat(MapCensus.of(dp)).containsEntry("upf_pdr_v1", 3).containsEntry("upf_teid_v1", 2);
        assertThat(modify(modification(seid, removePdr(3))).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(MapCensus.of(dp)).containsEntry("upf_pdr_v1", 2).containsEntry("upf_teid_v1", 1);
        assertThat(res.teidsInUse()).isEqualTo(1);
    }

    @Test
    void removedAndQueriedUrrsReportTheirUsage() {
        long seid = associateAndEstablish();
        var query = new org.upf.pfcp.ie.GroupedIe(IeType.QUERY_URR, List.of(org.upf.pfcp.ie.UintIe.of(IeType.URR_ID, 4, 1)));
        PfcpMessage q = modify(modification(seid, query));
        assertThat(q.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        UsageReport now = q.find(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, UsageReport.class);
        assertThat(now.urrId()).isEqualTo(1);
        assertThat(now.trigger().has("IMMER")).isTrue();
        assertThat(now.volumeMeasurement().values()).containsExactly(0, 0, 0);

        var unknown = new org.upf.pfcp.ie.GroupedIe(IeType.QUERY_URR, List.of(org.upf.pfcp.ie.UintIe.of(IeType.URR_ID, 4, 5)));
        assertFailedRule(modify(modification(seid, unknown)), FailedRuleId.URR, 5);

        // Create URR 2 and move both PDRs to it, then remove URR 1: its final report comes back.
        var moveUl = new org.upf.pfcp.ie.UpdatePdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, 1),
                org.upf.pfcp.ie.UintIe.of(IeType.URR_ID, 4, 2)));
        var moveDl = new org.upf.pfcp.ie.UpdatePdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, 2),
                org.upf.pfcp.ie.UintIe.of(IeType.URR_ID, 4, 2)));
        var removeUrr = new org.upf.pfcp.ie.RemoveRule(IeType.REMOVE_URR, IeType.URR_ID,
                List.of(org.upf.pfcp.ie.UintIe.of(IeType.URR_ID, 4, 1)));
        PfcpMessage r = modify(modification(seid, removeUrr, urr(2), moveUl, moveDl));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        UsageReport last = r.find(IeType.USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, UsageReport.class);
        assertThat(last.urrId()).isEqualTo(1);
        assertThat(last.trigger().has("TERMR")).isTrue();
        assertThat(sessions.rules(seid).urrs()).hasSize(1);
    }

    /**
     * TS 29.244 §7.5.4: an Update URR that would give URR 1 a quota (and a DROP FAR slot) in a request whose other
     * Update URR names an unknown URR changes nothing: the URR in force, its meter, the maps and the FAR slots.
     */
    @Test
    void aRejectedUpdateUrrLeavesTheUrrTheMapsAndTheSlotsAsTheyWere() {
        long seid = associateAndEstablish();
        UrrMeter meter = sessions.current(seid).meter(0);
        UrrSpec before = meter.urr();
        long entries = MapCensus.total(dp);
        int fars = res.fars.inUse();
        var quota = new org.upf.pfcp.ie.UpdateUrr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.URR_ID, 4, 1),
                org.upf.pfcp.ie.FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, "VOLQU"),
                org.upf.pfcp.ie.VolumeIe.volumes(IeType.VOLUME_QUOTA, 10, -1, -1)));
        var unknown = new org.upf.pfcp.ie.UpdateUrr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.URR_ID, 4, 9)));
        assertFailedRule(modify(modification(seid, quota, unknown)), FailedRuleId.URR, 9);
        assertThat(sessions.current(seid).meter(0)).isSameAs(meter);
        assertThat(meter.urr()).isSameAs(before);
        assertThat(meter.enforcesQuota()).isFalse();
        assertThat(MapCensus.total(dp)).isEqualTo(entries);
        assertThat(res.fars.inUse()).as("the DROP FAR slot drawn for the quota is given back").isEqualTo(fars);

        assertThat(modify(modification(seid, quota)).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(meter.urr().volumeQuota().total()).isEqualTo(10);
        assertThat(meter.enforcesQuota()).isTrue();
        assertThat(res.fars.inUse()).as("its DROP FAR slot").isEqualTo(fars + 1);
    }

    @Test
    void smfChosenTeidIsUsedAsGivenAndMayNotCollide() {
        assoc.setup(associationSetup(), SMF_ADDR);
        var given = new org.upf.pfcp.ie.CreatePdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, 1),
                org.upf.pfcp.ie.UintIe.of(IeType.PRECEDENCE, 4, 100),
                new org.upf.pfcp.ie.Pdi(List.of(u8(IeType.SOURCE_INTERFACE, 0),
                        org.upf.pfcp.ie.FTeid.of(0x35, new byte[] {(byte) 198, 18, 3, 1}, null))),
                org.upf.pfcp.ie.OuterHeaderRemoval.of(0), org.upf.pfcp.ie.UintIe.of(IeType.FAR_ID, 4, 1)));
        PfcpMessage r = establish(establishment(0xA8, given, downlinkPdr(2, "198.19.0.5", 2), farToN6(1),
                farToGnb(2, 0x2001), qer(1), urr(1)));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(r.findAll(IeType.CREATED_PDR, CreatedPdr.class)).as("nothing chosen, nothing to report").isEmpty();
        assertThat(sessions.rules(r.fSeid().seid()).uplinkTeids()).containsOnlyKeys(0x35);
        // 0x45 falls in the same slot (5) of the 16-slot TEID array: refused, nothing written.
        var before = MapCensus.of(dp);
        var clash = new org.upf.pfcp.ie.CreatePdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, 1),
                org.upf.pfcp.ie.UintIe.of(IeType.PRECEDENCE, 4, 100),
                new org.upf.pfcp.ie.Pdi(List.of(u8(IeType.SOURCE_INTERFACE, 0),
                        org.upf.pfcp.ie.FTeid.of(0x45, new byte[] {(byte) 198, 18, 3, 1}, null))),
                org.upf.pfcp.ie.OuterHeaderRemoval.of(0), org.upf.pfcp.ie.UintIe.of(IeType.FAR_ID, 4, 1)));
        assertThat(establish(establishment(0xA9, clash, downlinkPdr(2, "198.19.0.6", 2), farToN6(1),
                farToGnb(2, 0x2001), qer(1), urr(1))).cause()).isEqualTo(PfcpCause.NO_RESOURCES_AVAILABLE);
        assertThat(MapCensus.of(dp)).isEqualTo(before);
    }

    @Test
    void chooseIdSharesOneTeidWithinASession() {
        assoc.setup(associationSetup(), SMF_ADDR);
        PfcpMessage r = establish(establishment(0xA1, uplinkPdr(1, 5, 1), uplinkPdr(3, 5, 1),
                downlinkPdr(2, "198.19.0.5", 2), farToN6(1), farToGnb(2, 0x2001), qer(1), urr(1)));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        List<CreatedPdr> created = r.findAll(IeType.CREATED_PDR, CreatedPdr.class);
        assertThat(created).hasSize(2);
        assertThat(created.get(0).localFTeid().teid()).isEqualTo(created.get(1).localFTeid().teid());
        assertThat(res.teidsInUse()).isEqualTo(1);
    }

    @Test
    void ueAddressPoolExhaustionIsAllDynamicAddressesOccupied() {
        assoc.setup(associationSetup(), SMF_ADDR);
        // A /29 has 6 usable addresses (network and broadcast are never handed out).
        for (int i = 0; i < 6; i++) {
            PfcpMessage r = establish(establishment(0xB0 + i, uplinkPdr(1, 1, 1), downlinkPdr(2, null, 2),
                    farToN6(1), farToGnb(2, 0x2001), qer(1), urr(1)));
            assertThat(r.cause()).as("session %d", i).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            assertThat(r.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(1).ueIpAddresses().get(0).ipv4())
                    .containsExactly(198, 19, 0, 1 + i);
        }
        var before = MapCensus.of(dp);
        PfcpMessage r = establish(establishment(0xC0, uplinkPdr(1, 1, 1), downlinkPdr(2, null, 2),
                farToN6(1), farToGnb(2, 0x2001), qer(1), urr(1)));
        assertThat(r.cause()).isEqualTo(PfcpCause.ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED);
        assertThat(MapCensus.of(dp)).isEqualTo(before);
        assertThat(res.teidsInUse()).isEqualTo(6);
    }

    @Test
    void ipv6UePrefixChosenFromThePool() throws Exception {
        assoc.setup(associationSetup(), SMF_ADDR);
        var chv6 = new org.upf.pfcp.ie.UeIpAddress(org.upf.pfcp.ie.UeIpAddress.SD | org.upf.pfcp.ie.UeIpAddress.V6
                | org.upf.pfcp.ie.UeIpAddress.CHV6, null, null, -1, -1);
        var dl = new org.upf.pfcp.ie.CreatePdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, 2),
                org.upf.pfcp.ie.UintIe.of(IeType.PRECEDENCE, 4, 100),
                new org.upf.pfcp.ie.Pdi(List.of(u8(IeType.SOURCE_INTERFACE, 1), chv6)),
                org.upf.pfcp.ie.UintIe.of(IeType.FAR_ID, 4, 2)));
        PfcpMessage r = establish(establishment(0xF1, uplinkPdr(1, 1, 1), dl, farToN6(1), farToGnb(2, 0x2001),
                qer(1), urr(1)));
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        var ue = r.findAll(IeType.CREATED_PDR, CreatedPdr.class).get(1).ueIpAddresses().get(0);
        assertThat(InetAddress.getByAddress(ue.ipv6())).isEqualTo(InetAddress.getByName("2001:db8:200:1::"));
        assertThat(MapCensus.of(dp)).containsEntry("upf_dl6p_v4", 1).containsEntry("upf_dl4_v4", 0);
        // A /62 holds 4 /64s, the first is never handed out: 3 sessions, then cause 79.
        for (int i = 0; i < 2; i++) {
            assertThat(establish(establishment(0xF2 + i, uplinkPdr(1, 1, 1), dl, farToN6(1), farToGnb(2, 0x2001),
                    qer(1), urr(1))).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        }
        assertThat(establish(establishment(0xF9, uplinkPdr(1, 1, 1), dl, farToN6(1), farToGnb(2, 0x2001), qer(1),
                urr(1))).cause()).isEqualTo(PfcpCause.ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED);
    }

    @Test
    void ipv4MappedUeIpv6AddressIsARuleFailureAndLeavesNothing() {
        assoc.setup(associationSetup(), SMF_ADDR);
        for (int len : new int[] {64, 96, 128}) {
            var mapped = new org.upf.pfcp.ie.UeIpAddress(org.upf.pfcp.ie.UeIpAddress.SD | org.upf.pfcp.ie.UeIpAddress.V6
                    | org.upf.pfcp.ie.UeIpAddress.IP6PL, null, mappedOctets(198, 19, 0, 7), -1, len);
            var dl = new org.upf.pfcp.ie.CreatePdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, 2),
                    org.upf.pfcp.ie.UintIe.of(IeType.PRECEDENCE, 4, 100),
                    new org.upf.pfcp.ie.Pdi(List.of(u8(IeType.SOURCE_INTERFACE, 1), mapped)),
                    org.upf.pfcp.ie.UintIe.of(IeType.FAR_ID, 4, 2)));
            var before = MapCensus.of(dp);
            assertFailedRule(establish(establishment(0xF0 + len, uplinkPdr(1, 1, 1), dl, farToN6(1),
                    farToGnb(2, 0x2001), qer(1), urr(1))), FailedRuleId.PDR, 2);
            assertThat(MapCensus.of(dp)).as("prefix length %d", len).isEqualTo(before);
        }
    }

    private static byte[] mappedOctets(int a, int b, int c, int d) {
        return new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void updatesOfQerAndPdrReachTheMaps() {
        long seid = associateAndEstablish();
        int qerSlotBefore = sessions.rules(seid).qers().keySet().iterator().next();
        var closeGates = new org.upf.pfcp.ie.UpdateQer(List.of(org.upf.pfcp.ie.UintIe.of(IeType.QER_ID, 4, 1),
                u8(IeType.GATE_STATUS, 0b0101)));
        assertThat(modify(modification(seid, closeGates)).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(sessions.rules(seid).qers().keySet()).as("changed QER in a new slot")
                .doesNotContain(qerSlotBefore).hasSize(1);
        assertThat(MapCensus.of(dp)).as("the old slot is cleared").containsEntry("upf_qer_v1", 1);
        var qer = sessions.rules(seid).qers().values().iterator().next();
        assertThat(qer.uplinkOpen()).isFalse();
        assertThat(qer.downlinkOpen()).isFalse();
        var toOtherFar = new org.upf.pfcp.ie.UpdatePdr(List.of(org.upf.pfcp.ie.UintIe.of(IeType.PDR_ID, 2, 1),
                org.upf.pfcp.ie.UintIe.of(IeType.FAR_ID, 4, 2)));
        assertThat(modify(modification(seid, toOtherFar)).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        var rules = sessions.rules(seid);
        int ulSlot = rules.uplinkTeids().values().iterator().next().get(0);
        int dlSlot = rules.downlinkIpv4().values().iterator().next().get(0);
        assertThat(rules.pdrs().get(ulSlot).far()).isEqualTo(rules.pdrs().get(dlSlot).far());
        var unknown = new org.upf.pfcp.ie.UpdateQer(List.of(org.upf.pfcp.ie.UintIe.of(IeType.QER_ID, 4, 9),
                u8(IeType.GATE_STATUS, 0)));
        assertFailedRule(modify(modification(seid, unknown)), FailedRuleId.QER, 9);
    }

    @Test
    void sessionSlotExhaustionIsNoResourcesAvailable() {
        assoc.setup(associationSetup(), SMF_ADDR);
        // 8 session slots, slot 0 reserved.
        for (int i = 0; i < 7; i++) {
            assertThat(establish(establishment(0xD0 + i, basicSession("198.19.1." + (i + 1)))).cause())
                    .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        }
        var before = MapCensus.of(dp);
        assertThat(establish(establishment(0xE0, basicSession("198.19.2.1"))).cause())
                .isEqualTo(PfcpCause.NO_RESOURCES_AVAILABLE);
        assertThat(MapCensus.of(dp)).isEqualTo(before);
    }

    @Test
    void onlyTheCreatingAssociationMayModify() throws Exception {
        long seid = associateAndEstablish();
        InetSocketAddress other = new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 8805);
        var otherSetup = org.upf.pfcp.PfcpMessage.builder(org.upf.pfcp.PfcpMessageType.ASSOCIATION_SETUP_REQUEST)
                .sequence(9).nodeId(NodeId.ipv4(new byte[] {127, 0, 0, 9})).recoveryTimeStamp(1).build();
        assertThat(assoc.setup(wire(otherSetup), other).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(sessions.modify((SessionModificationRequest) modification(seid, removePdr(1)), other).cause())
                .isEqualTo(PfcpCause.SESSION_CONTEXT_NOT_FOUND);
        assertThat(sessions.rules(seid).pdrs()).hasSize(2);
    }

    @Test
    void associationReleaseDeletesItsSessions() {
        associateAndEstablish();
        var release = wire(org.upf.pfcp.PfcpMessage.builder(org.upf.pfcp.PfcpMessageType.ASSOCIATION_RELEASE_REQUEST)
                .sequence(5).nodeId(SMF).build());
        assertThat(assoc.release(release, SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(sessions.count()).isZero();
        assertThat(MapCensus.total(dp)).isZero();
    }

    private void assertFailedRule(PfcpMessage r, int type, long id) {
        assertThat(r.cause()).isEqualTo(PfcpCause.RULE_CREATION_MODIFICATION_FAILURE);
        FailedRuleId f = r.find(IeType.FAILED_RULE_ID, FailedRuleId.class);
        assertThat(f).isNotNull();
        assertThat(f.ruleType()).isEqualTo(type);
        assertThat(f.ruleId()).isEqualTo(id);
    }

    private void assertNothingLeft() {
        assertThat(MapCensus.total(dp)).isZero();
        assertThat(res.teidsInUse()).isZero();
        assertThat(res.sessionsInUse()).isZero();
        assertThat(sessions.count()).isZero();
    }
}
