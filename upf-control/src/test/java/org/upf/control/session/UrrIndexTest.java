package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.control.session.Requests.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bpf.BpfMap;
import org.upf.bpf.UpdateFlags;
import org.upf.bpf.dataplane.ActiveUrrs;
import org.upf.bpf.dataplane.Dataplane;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.control.alloc.Cidr;
import org.upf.control.assoc.AssociationService;
import org.upf.control.assoc.Associations;
import org.upf.control.config.SmfAllowList;
import org.upf.control.config.UePoolConfig;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateUrr;
import org.upf.pfcp.ie.VolumeIe;
import org.upf.pfcp.message.SessionEstablishmentRequest;
import org.upf.pfcp.message.SessionModificationRequest;

/**
 * The usage poller's index over real sessions (a loaded data path, whose moved-URR marks upf_urract_v1 the tests set
 * as packets would): a poll interval's volume-watched URRs that moved are given out over its rounds, each once per
 * pass in shares of about the same size, and once more in the pass after; a URR restored at start or modified is
 * given out once without marks, a new or idle one not; a URR whose time trigger is
 * due as well is given out once in its round; entries of deleted sessions are dropped; the poller's reports are
 * synced and sent on the event loop.
 */
class UrrIndexTest {
    private static final InetSocketAddress SMF_ADDR = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8805);
    private static final NodeId UPF = NodeId.ipv4(new byte[] {127, 0, 0, 2});
    /** 127 TEIDs and sessions. */
    private static final DataplaneConfig MAPS = new DataplaneConfig(7, 128, 256, 256, 256, 256, 256, 256, 256, 65536,
            Duration.ofMillis(100));
    private static final int SESSIONS = 40;

    private Dataplane dp;
    private SessionService sessions;
    private final UrrIndex index = new UrrIndex();
    private final List<Long> seids = new ArrayList<>();
    /** SEID -> its URR's data-path slot, also after the session is deleted. */
    private final Map<Long, Integer> slots = new HashMap<>();

    /** Slots given out by the last {@link #round}, in the order given. */
    private final List<Integer> roundSlots = new ArrayList<>();

    @BeforeEach
    void establish() throws Exception {
        dp = Dataplane.load(MAPS, null);
        UpResources res = new UpResources(MAPS, List.of(new UePoolConfig("", Cidr.parse("198.19.0.0/24"), null, 64)),
                InetAddress.getByName("198.18.3.1"), null);
        Associations associations = new Associations();
        sessions = new SessionService(dp, res, associations, UPF, seid -> FSeid.of(seid, new byte[] {127, 0, 0, 2},
                null));
        AssociationService assoc = new AssociationService(associations, new SmfAllowList(
                List.of(Cidr.parse("127.0.0.0/8")), List.of()), UPF, 3_900_000_001L, sessions::deleteAll, false);
        assertThat(assoc.setup(associationSetup(), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        sessions.onCommitted(index::track);
        for (int i = 0; i < SESSIONS; i++) {
            seids.add(establish(i));
        }
    }

    /** Establishes session i (its UE address is 198.19.0.(i + 2)); returns its SEID. */
    private long establish(int i) {
        // every URR watches volume; the last one also has a periodic report every second
        return establish(i, i == SESSIONS - 1 ? 1 : 0);
    }

    /** Establishes session i with a volume threshold and, if period > 0, PERIO with that Measurement Period. */
    private long establish(int i, long period) {
        CreateUrr urr = new CreateUrr(List.of(UintIe.of(IeType.URR_ID, 4, 1),
                period > 0 ? FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, "VOLTH", "PERIO")
                        : FlagsIe.of(IeType.REPORTING_TRIGGERS, 2, "VOLTH"),
                FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                VolumeIe.volumes(IeType.VOLUME_THRESHOLD, 1_000_000, -1, -1),
                UintIe.of(IeType.MEASUREMENT_PERIOD, 4, Math.max(period, 1))));
        PfcpMessage r = sessions.establish((SessionEstablishmentRequest) establishment(0x100 + i,
                uplinkPdr(1, 1, 1), downlinkPdr(2, "198.19.0." + (i + 2), 2), farToN6(1), farToGnb(2, 0x2001),
                qer(1), urr), SMF_ADDR);
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        long seid = r.fSeid().seid();
        slots.put(seid, sessions.current(seid).urrSlot(0));
        return seid;
    }

    /** Marks the URRs of the given sessions as moved in upf_urract_v1, as packets counted in them would. */
    private void moved(Collection<Long> which) {
        Map<Integer, Long> words = new HashMap<>();
        for (long seid : which) {
            int slot = slots.get(seid);
            words.merge(slot / 64, 1L << slot, (a, b) -> a | b);
        }
        BpfMap map = dp.map(ActiveUrrs.MAP);
        ByteBuffer key = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        ByteBuffer value = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        words.forEach((w, bits) -> {
            key.putInt(0, w);
            value.putLong(0, bits);
            map.update(key, value, UpdateFlags.ANY);
        });
    }

    /** A whole pass of rounds rounds. */
    private List<Long> pass(Instant now, int rounds) {
        List<Long> all = new ArrayList<>();
        for (int left = rounds; left >= 1; left--) {
            all.addAll(round(now, left));
        }
        return all;
    }

    @AfterEach
    void unload() {
        dp.close();
    }

    /**
     * One round as the poller runs it (without reading counters or reporting): the SEIDs given out (a SEID twice if
     * its URR was given out twice), each URR re-indexed afterwards.
     */
    private List<Long> round(Instant now, int roundsLeft) {
        List<Long> out = new ArrayList<>();
        List<UrrMeter> meters = new ArrayList<>();
        roundSlots.clear();
        index.collect(now, sessions, roundsLeft, (s, slot, m) -> {
            out.add(s.seid);
            roundSlots.add(slot);
            meters.add(m);
        });
        for (int i = 0; i < out.size(); i++) {
            index.reindex(out.get(i), roundSlots.get(i), meters.get(i));
        }
        return out;
    }

    @Test
    void aPassGivesOutEveryMovedVolumeWatchedUrrOnceInSharesOfAboutTheSameSize() {
        Instant now = Instant.parse("2026-11-21T13:00:00.100Z");
        for (int pass = 0; pass < 2; pass++) {
            moved(seids);
            List<Long> all = new ArrayList<>();
            for (int left = 4; left >= 1; left--) {
                List<Long> share = round(now, left);
                assertThat(share).hasSize(SESSIONS / 4);
                all.addAll(share);
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(seids);
        }
        assertThat(round(now, 1)).as("one round per pass: all at once (moved in the last pass)")
                .containsExactlyInAnyOrderElementsOf(seids);
    }

    @Test
    void aRestoredUrrIsGivenOutInTheFirstPassOnlyANewOneNotAndAMovedOneInItsPassAndTheNext() {
        Instant now = Instant.parse("2026-11-21T13:00:00.100Z");
        sessions.all().forEach(index::trackRestored); // as UsageReporter does at start
        assertThat(pass(now, 4)).as("first pass: every URR restored").containsExactlyInAnyOrderElementsOf(seids);
        long reads = index.volumeGivenOut();
        assertThat(pass(now, 4)).as("idle").isEmpty();
        assertThat(pass(now, 1)).as("idle").isEmpty();
        long fresh = establish(SESSIONS);
        assertThat(pass(now, 4)).as("a new URR: zero counters until its first packet marks it").isEmpty();
        assertThat(index.volumeGivenOut()).isEqualTo(reads);
        moved(List.of(fresh));
        assertThat(pass(now, 2)).containsExactly(fresh);
        assertThat(pass(now, 2)).as("once more").containsExactly(fresh);
        assertThat(index.volumeGivenOut()).isEqualTo(reads + 2);

        List<Long> busy = List.of(seids.get(3), seids.get(17), seids.get(SESSIONS - 2));
        moved(busy);
        assertThat(pass(now, 4)).containsExactlyInAnyOrderElementsOf(busy);
        assertThat(pass(now, 4)).as("once more: a mark may be drained before the counters it stands for are seen")
                .containsExactlyInAnyOrderElementsOf(busy);
        assertThat(pass(now, 4)).isEmpty();
        moved(busy.subList(0, 1));
        assertThat(pass(now, 2)).containsExactly(busy.get(0));
        moved(busy.subList(0, 1)); // moved again in the pass after: read once in it
        assertThat(pass(now, 2)).containsExactly(busy.get(0));
        assertThat(pass(now, 2)).containsExactly(busy.get(0));
        assertThat(pass(now, 2)).isEmpty();
    }

    @Test
    void aModifiedSessionsUrrIsGivenOutOnceWithoutTraffic() {
        Instant now = Instant.parse("2026-11-21T13:00:00.100Z");
        pass(now, 4);
        long seid = seids.get(11);
        // an Update URR (here granting a volume quota it does not trigger on): the URR's rules changed
        PfcpMessage r = sessions.modify((SessionModificationRequest) modification(seid, new UpdateUrr(List.of(
                UintIe.of(IeType.URR_ID, 4, 1), VolumeIe.volumes(IeType.VOLUME_QUOTA, 1_000_000, -1, -1)))),
                SMF_ADDR);
        assertThat(r.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(pass(now, 4)).containsExactly(seid);
        assertThat(pass(now, 4)).isEmpty();
    }

    @Test
    void theEntriesOfDeletedSessionsAreSweptAndAFreedSlotTakenByANewUrrIsItsOwn() {
        Instant now = Instant.parse("2026-11-21T13:00:00.100Z");
        pass(now, 1);
        assertThat(index.volumeEntries()).isEqualTo(SESSIONS);
        List<Long> deleted = seids.subList(0, SESSIONS / 2);
        for (long seid : deleted) {
            assertThat(sessions.delete(deletion(seid), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        }
        assertThat(pass(now, 1)).as("without marks, idle").isEmpty();
        assertThat(index.volumeEntries()).as("swept (%d slots a round)", UrrIndex.SWEEP).isEqualTo(SESSIONS / 2);
        List<Integer> freed = deleted.stream().map(slots::get).toList();
        deleted.clear();
        long fresh = establish(SESSIONS);
        assertThat(freed).as("a freed slot taken again").contains(slots.get(fresh));
        moved(List.of(fresh));
        assertThat(pass(now, 1)).containsExactly(fresh);
        assertThat(index.volumeEntries()).isEqualTo(SESSIONS / 2 + 1);
    }

    /**
     * Sessions with an hour's Measurement Period established and deleted again, a round between: their time entries
     * (due in an hour) are swept, the buckets do not grow with the churn.
     */
    @Test
    void theTimeEntriesOfDeletedSessionsAreSweptBeforeTheirSecond() {
        for (int k = 0; k < 150; k++) {
            long seid = establish(SESSIONS + k % 100, 3600);
            assertThat(sessions.delete(deletion(seid), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
            round(Instant.now(), 1);
        }
        assertThat(index.timedEntries()).as("the periodic live session's entry only").isLessThanOrEqualTo(2);
    }

    @Test
    void aDeletedSessionIsDroppedAndTheOthersStillComeOncePerPass() {
        Instant now = Instant.parse("2026-11-21T13:00:00.100Z");
        moved(seids);
        List<Long> first = round(now, 2);
        assertThat(sessions.delete(deletion(first.get(0)), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(sessions.delete(deletion(seids.get(SESSIONS - 1)), SMF_ADDR).cause())
                .isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        List<Long> second = round(now, 1);
        assertThat(second).hasSize(SESSIONS / 2 - 1).doesNotContain(seids.get(SESSIONS - 1));
        moved(slots.keySet()); // the deleted sessions' slots too: no session, no read
        List<Long> next = new ArrayList<>(round(now, 2));
        next.addAll(round(now, 1));
        assertThat(next).hasSize(SESSIONS - 2).doesNotHaveDuplicates()
                .doesNotContain(first.get(0), seids.get(SESSIONS - 1));
    }

    @Test
    void aVolumeWatchedUrrWhoseTimeTriggerIsDueComesInTheRoundOfThatSecondOnce() {
        long periodic = seids.get(SESSIONS - 1); // its volume share is the last round's
        Instant due = Instant.now().plusSeconds(3); // its Measurement Period (1 s) started at the establishment
        moved(seids);
        List<Long> first = round(due, 4);
        assertThat(first).hasSize(SESSIONS / 4 + 1).doesNotHaveDuplicates().contains(periodic);
        assertThat(round(due, 3)).hasSize(SESSIONS / 4).doesNotContain(periodic);
        assertThat(round(due, 2)).hasSize(SESSIONS / 4).doesNotContain(periodic);
        assertThat(round(due, 1)).hasSize(SESSIONS / 4).contains(periodic);
        // Not reported, so still due: in the next second's round, which is a whole pass here
        moved(seids);
        assertThat(round(due.plusSeconds(1), 1)).as("given out once for both reasons").hasSize(SESSIONS)
                .doesNotHaveDuplicates().contains(periodic);
        // and in a round of a pass of two that does not hold its volume share (the others moved in the last pass)
        assertThat(round(due.plusSeconds(2), 2)).hasSize(SESSIONS / 2 + 1).contains(periodic);
    }

    /**
     * After session churn (establish, delete a random half, establish again: the new URRs take the lowest free slots,
     * between the survivors') a round still reads about its share of the slot range, not runs across all of it:
     * {@link Dataplane#usages} reads every slot between a round's lowest and highest (in batches of 1,024).
     */
    @Test
    void afterChurnARoundsShareIsANarrowRangeOfSlots() {
        Instant now = Instant.parse("2026-11-21T13:00:00.100Z");
        round(now, 1); // the first URRs taken in
        List<Long> deleted = new ArrayList<>(seids);
        Collections.shuffle(deleted, new Random(7));
        deleted = deleted.subList(0, SESSIONS / 2);
        for (long seid : deleted) {
            assertThat(sessions.delete(deletion(seid), SMF_ADDR).cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        }
        seids.removeAll(deleted);
        for (int i = SESSIONS; i < SESSIONS + SESSIONS / 2; i++) {
            seids.add(establish(i));
        }
        int rounds = 4;
        for (int pass = 0; pass < 2; pass++) {
            moved(seids);
            List<Long> all = new ArrayList<>();
            List<Integer> slots = new ArrayList<>();
            for (int left = rounds; left >= 1; left--) {
                all.addAll(round(now, left));
                int span = Collections.max(roundSlots) - Collections.min(roundSlots) + 1;
                assertThat(span).as("slots read by round %d of pass %d: %s", rounds - left, pass, roundSlots)
                        .isLessThanOrEqualTo(SESSIONS / rounds);
                slots.addAll(roundSlots);
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(seids);
            assertThat(Collections.max(slots) - Collections.min(slots) + 1).isEqualTo(SESSIONS);
        }
    }

    /**
     * The poller (UsageReporter, here one round at a time) journals the round's reports but does not fdatasync: the
     * PFCP event loop does, before the reports leave, so the poller never holds the journal's lock through a sync.
     */
    @Test
    void aRoundsReportsAreSyncedAndSentOnTheEventLoop(@TempDir Path dir) throws Exception {
        try (SessionJournal journal = SessionJournal.create(dir.resolve("sessions.journal"), 1, List.of(),
                JournalSync.BATCH)) {
            sessions.journalTo(journal);
            List<Runnable> loop = new ArrayList<>();
            List<PfcpMessage> sent = new ArrayList<>();
            try (UsageReporter reporter = UsageReporter.start(sessions, (m, peer) -> {
                sent.add(m);
                return new CompletableFuture<>();
            }, loop::add, Duration.ofHours(1))) {
                // until the periodic URR's Measurement Period (1 s; due in the round of the whole second after) ends
                int reports = 0;
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (reports == 0 && System.nanoTime() < end) {
                    Thread.sleep(50);
                    reports = reporter.poll();
                }
                assertThat(reports).isEqualTo(1);
                assertThat(journal.syncs()).as("no fdatasync on the poller").isZero();
                assertThat(sent).isEmpty();
                loop.forEach(Runnable::run);
                assertThat(journal.syncs()).isEqualTo(1);
                assertThat(sent).singleElement().extracting(PfcpMessage::type)
                        .isEqualTo(org.upf.pfcp.PfcpMessageType.SESSION_REPORT_REQUEST);
            }
        }
    }
}
