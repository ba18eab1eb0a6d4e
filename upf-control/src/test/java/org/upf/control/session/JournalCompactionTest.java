package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upf.bpf.dataplane.Usage;

/**
 * Compaction of the journal while records go on being appended (issue 5): what it keeps, and that a crash at any
 * step leaves a complete journal under the journal's name. The agent-level test (replay of a compacted journal into
 * the same sessions) is AgentJournalTest.
 */
class JournalCompactionTest {
    private static final InetSocketAddress SMF = new InetSocketAddress("127.0.0.1", 8805);
    private static final long RTS = 3_900_000_123L;

    @TempDir
    Path dir;

    @Test
    void keepsOnlyWhatALiveSessionOrAssociationNeeds() throws Exception {
        Path file = dir.resolve("sessions.journal");
        try (SessionJournal j = SessionJournal.create(file, RTS, List.of(), JournalSync.BATCH)) {
            j.append(new SessionJournal.Associated("smf-a", SMF, 1));
            j.append(new SessionJournal.Associated("smf-b", SMF, 2));
            j.append(new SessionJournal.Associated("smf-a", SMF, 3)); // replaces the first
            j.append(new SessionJournal.Released("smf-b"));
            j.append(establishment(0x11, 7)); // dies
            j.append(modification(0x11));
            j.append(establishment(0x22, 8)); // lives
            j.append(metered(0x22, 1, 0));
            j.append(metered(0x22, 1, 1)); // replaces UR-SEQN 0: no request in between
            j.append(modification(0x22));
            j.append(metered(0x22, 1, 2)); // kept: a modification separates it from the next
            j.append(modification(0x22));
            j.append(metered(0x22, 1, 3));
            j.append(report(1, 0x22));
            j.append(report(2, 0x22)); // never answered: kept
            j.append(new SessionJournal.ReportAnswered(1));
            j.append(report(3, 0x11)); // its session ends
            j.append(metered(0x11, 1, 0));
            j.append(new SessionJournal.Gone(0x11));
            j.append(new SessionJournal.SequencesReserved(65_536));
            j.append(new SessionJournal.SequencesReserved(131_072));
            j.append(establishment(0x33, 9)); // dies, and its SEID comes back as a new session
            j.append(metered(0x33, 1, 5));
            j.append(new SessionJournal.Gone(0x33));
            j.append(establishment(0x33, 10));
            long before = j.size();

            j.compactNow();

            assertThat(j.compactions()).isEqualTo(1);
            assertThat(j.size()).isLessThan(before).isEqualTo(Files.size(file));
        }
        SessionJournal.Contents c = SessionJournal.read(file);
        assertThat(c.recoveryTimeStamp()).isEqualTo(RTS);
        assertThat(describe(c.entries())).containsExactly("A smf-a 3", "S est 0x22", "U 0x22 1", "S mod 0x22",
                "U 0x22 2", "S mod 0x22", "U 0x22 3", "P 2 0x22", "S est 0x33", "Q 131072");
        assertThat(Files.exists(dir.resolve("sessions.journal.compact"))).isFalse();
    }

    /** Records appended while the live ones are copied, and while the copy catches up, all reach the new file. */
    @Test
    void recordsAppendedDuringACompactionAreKept() throws Exception {
        Path file = dir.resolve("sessions.journal");
        try (SessionJournal j = SessionJournal.create(file, RTS, List.of(), JournalSync.ALWAYS)) {
            j.append(new SessionJournal.Associated("smf", SMF, 1));
            j.append(establishment(0x11, 1));
            j.append(new SessionJournal.Gone(0x11));
            try (SessionJournal.Step s = j.begin(dir.resolve("sessions.journal.compact"))) {
                j.append(establishment(0x22, 2)); // after the compaction's end: copied as it is
                s.copyLive();
                j.append(metered(0x22, 1, 0));
                s.catchUp();
                j.append(modification(0x22));
                s.switchOver();
            }
            j.append(new SessionJournal.Gone(0x22)); // into the new file
            j.append(establishment(0x44, 3));
        }
        assertThat(describe(SessionJournal.read(file).entries())).containsExactly("A smf 1", "S est 0x22", "U 0x22 0",
                "S mod 0x22", "D 0x22", "S est 0x44");
    }

    /**
     * An empty journal (what a power loss left of a fresh one whose header never reached the disk) reads as no journal,
     * so the agent starts afresh instead of refusing to start; a fresh journal started over it reads back whole.
     */
    @Test
    void anEmptyJournalReadsAsNone() throws Exception {
        Path file = Files.createFile(dir.resolve("sessions.journal"));
        assertThat(SessionJournal.read(file)).isNull();
        SessionJournal.create(file, RTS, List.of(), JournalSync.BATCH).close();
        assertThat(Files.size(file)).isEqualTo(13);
        SessionJournal.Contents c = SessionJournal.read(file);
        assertThat(c.recoveryTimeStamp()).isEqualTo(RTS);
        assertThat(c.entries()).isEmpty();
    }

    /** A compaction that cannot create its new file (here: a directory in the way) leaves no descriptor open. */
    @Test
    void aCompactionThatCannotStartLeaksNoDescriptor() throws Exception {
        Path file = dir.resolve("sessions.journal");
        try (SessionJournal j = SessionJournal.create(file, RTS, List.of(), JournalSync.BATCH)) {
            j.append(new SessionJournal.Associated("smf", SMF, 1));
            Path blocked = Files.createDirectories(dir.resolve("sessions.journal.compact"));
            long before = openDescriptors();
            for (int i = 0; i < 50; i++) {
                assertThatThrownBy(() -> j.begin(blocked)).isInstanceOf(java.io.IOException.class);
            }
            assertThat(openDescriptors() - before).as("descriptors left open by 50 failed starts").isLessThan(10);
        }
    }

    private static long openDescriptors() throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * A crash before the switch (after each step) leaves the old journal whole under its name; the cut-short new
     * file is deleted at the next start; a crash after it leaves the new one. Every prefix of a journal file (a
     * write cut short) reads as a prefix of its records.
     */
    @Test
    void aCrashAtAnyStepLeavesAReadableCompleteJournal() throws Exception {
        Path file = dir.resolve("sessions.journal");
        Path next = dir.resolve("sessions.journal.compact");
        List<String> expected = List.of("A smf 1", "S est 0x22", "U 0x22 0", "S mod 0x22");
        for (int crashAfter = 0; crashAfter < 3; crashAfter++) {
            SessionJournal j = SessionJournal.create(file, RTS, List.of(), JournalSync.BATCH);
            j.append(new SessionJournal.Associated("smf", SMF, 1));
            j.append(establishment(0x11, 1));
            j.append(new SessionJournal.Gone(0x11));
            j.append(establishment(0x22, 2));
            j.append(metered(0x22, 1, 0));
            j.sync();
            SessionJournal.Step s = j.begin(next);
            s.copyLive();
            if (crashAfter > 0) {
                s.catchUp();
            }
            j.append(modification(0x22));
            j.sync();
            if (crashAfter > 1) {
                s.switchOver();
            }
            // the process dies here: nothing more is written, nothing is closed in order
            List<String> after = describe(SessionJournal.read(file).entries());
            if (crashAfter > 1) {
                assertThat(after).containsExactlyElementsOf(expected);
            } else {
                assertThat(after).containsExactly("A smf 1", "S est 0x11", "D 0x11", "S est 0x22", "U 0x22 0",
                        "S mod 0x22");
                assertThat(Files.size(next)).isPositive();
            }
            s.close();
            j.close();
            SessionJournal.Contents restarted = SessionJournal.read(file);
            SessionJournal.create(file, restarted.recoveryTimeStamp(), restarted.entries(), JournalSync.BATCH).close();
            assertThat(Files.exists(next)).as("a start deletes what a cut-short compaction left").isFalse();
        }
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.journal");
        int previous = -1;
        for (int n = 13; n <= whole.length; n++) {
            Files.write(cut, java.util.Arrays.copyOf(whole, n));
            List<String> read = describe(SessionJournal.read(cut).entries());
            assertThat(expected.subList(0, read.size())).isEqualTo(read);
            assertThat(read.size()).isGreaterThanOrEqualTo(previous);
            previous = read.size();
        }
        assertThat(previous).isEqualTo(expected.size());
    }

    @Test
    void compactsByItselfOnceTheFileReachesTheLimitAndTwiceItsCompactedSize() throws Exception {
        Path file = dir.resolve("sessions.journal");
        long seid = 1;
        try (SessionJournal j = SessionJournal.create(file, RTS, List.of(), JournalSync.NONE)) {
            j.compactAbove(64 << 10);
            j.append(new SessionJournal.Associated("smf", SMF, 1));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (j.compactions() < 2 && System.nanoTime() < deadline) {
                j.append(establishment(++seid, 1));
                j.append(new SessionJournal.Gone(seid));
                if (seid % 256 == 0) {
                    Thread.sleep(1); // let the compaction thread run on a busy host
                }
            }
            assertThat(j.compactions()).isEqualTo(2);
            seid++;
            j.append(establishment(seid, 1));
        }
        List<String> left = describe(SessionJournal.read(file).entries());
        assertThat(left.get(0)).isEqualTo("A smf 1");
        // 2 * seid - 2 records were appended; the first 64 KiB of dead sessions (hundreds of records) are gone
        assertThat(left).as("only what the last compaction kept and what came after it")
                .hasSizeLessThan(2 * (int) seid - 100).doesNotContain("S est 0x2")
                .endsWith("S est 0x" + Long.toHexString(seid));
    }

    private static SessionJournal.Request establishment(long seid, long slot) {
        return new SessionJournal.Request(SMF, Requests.establishment(0x70, Requests.basicSession("198.19.200.7")),
                List.of(slot, seid, 17L, 18L));
    }

    private static SessionJournal.Request modification(long seid) {
        return new SessionJournal.Request(SMF, Requests.modification(seid), List.of());
    }

    private static SessionJournal.ReportPending report(long id, long seid) {
        return new SessionJournal.ReportPending(id, seid, org.upf.pfcp.message.SessionReportRequest.of(0x70, 0,
                org.upf.pfcp.ie.FlagsIe.of(org.upf.pfcp.ie.IeType.REPORT_TYPE, "USAR")));
    }

    private static SessionJournal.Metered metered(long seid, long urr, long seqn) {
        Usage u = new Usage(seqn, 0, 0, 0);
        return new SessionJournal.Metered(seid, urr, new UrrState(u, Instant.ofEpochSecond(1), seqn, null, false,
                false, u, Instant.ofEpochSecond(1)));
    }

    /** Each record as "kind details" for comparison. */
    private static List<String> describe(List<SessionJournal.Entry> entries) {
        List<String> out = new ArrayList<>();
        for (SessionJournal.Entry e : entries) {
            if (e instanceof SessionJournal.Associated a) {
                out.add("A " + a.nodeId() + " " + a.recoveryTimeStamp());
            } else if (e instanceof SessionJournal.Released r) {
                out.add("R " + r.nodeId());
            } else if (e instanceof SessionJournal.Request r) {
                out.add(r.message().seid() == 0 ? "S est 0x" + Long.toHexString(r.allocations().get(1))
                        : "S mod 0x" + Long.toHexString(r.message().seid()));
            } else if (e instanceof SessionJournal.Gone g) {
                out.add("D 0x" + Long.toHexString(g.seid()));
            } else if (e instanceof SessionJournal.Metered m) {
                out.add("U 0x" + Long.toHexString(m.seid()) + " " + m.state().seqn());
            } else if (e instanceof SessionJournal.ReportPending p) {
                out.add("P " + p.id() + " 0x" + Long.toHexString(p.seid()));
            } else if (e instanceof SessionJournal.ReportAnswered a) {
                out.add("K " + a.id());
            } else if (e instanceof SessionJournal.SequencesReserved q) {
                out.add("Q " + q.limit());
            }
        }
        return out;
    }
}
