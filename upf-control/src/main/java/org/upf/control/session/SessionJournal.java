package org.upf.control.session;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.upf.bpf.dataplane.Usage;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;

/**
 * The agent's state on disk, so a restarted agent gets back every association and session while the pinned data
 * path kept forwarding (issue 5, restart without loss). An append-only file of records, each written completely
 * with one write(2) before the PFCP response that makes it visible leaves the agent: the header (our Recovery Time
 * Stamp, TS 29.244 §8.2.65, kept across restarts so SMFs do not take the restart for a loss of state), association
 * set-up and release, every accepted session request with what the allocators handed out for it
 * ({@link org.upf.control.alloc.AllocationLog}), each URR's reporting state after it reported ({@link UrrState}: a
 * restarted agent continues the UR-SEQN sequence and does not report usage twice), each usage report before it is
 * sent and the end of its transaction ({@link ReportPending}, {@link ReportAnswered}: an unanswered one is sent again
 * after a restart), how far our PFCP node's request sequence numbers may go ({@link SequencesReserved}), and the end
 * of a session. The file is compacted at start-up and, above journal.compactAbove, while running
 * ({@code JournalCompaction}). Replaying the records in order rebuilds
 * the same sessions with the same slots, TEIDs, UE addresses and SEIDs as the maps hold. A record cut short by a
 * crash is ignored: its response was never sent, so the SMF retransmits the request. How records reach the disk
 * (fdatasync per record, per burst of requests, or never) is {@link JournalSync}; with ALWAYS and BATCH a response
 * leaves only after the records it depends on are durable, so they survive a power loss too.
 */
public final class SessionJournal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionJournal.class.getName());
    private static final int MAGIC = 0x55504a31; // "UPJ1"
    private static final byte HEADER = 'H';
    /** Magic, header kind, Recovery Time Stamp. */
    private static final int HEADER_BYTES = 13;
    static final byte ASSOCIATION = 'A';
    static final byte RELEASE = 'R';
    static final byte REQUEST = 'S';
    static final byte GONE = 'D';
    static final byte METERED = 'U';
    static final byte SEQUENCES = 'Q';
    static final byte REPORT_PENDING = 'P';
    static final byte REPORT_ANSWERED = 'K';

    /** One record as read back. */
    public sealed interface Entry {
    }

    /** An association set up (or replaced) with a CP function. */
    public record Associated(String nodeId, InetSocketAddress peer, long recoveryTimeStamp) implements Entry {
    }

    public record Released(String nodeId) implements Entry {
    }

    /** An accepted establishment or modification, from peer, with its allocations. */
    public record Request(InetSocketAddress peer, PfcpMessage message, List<Long> allocations) implements Entry {
    }

    public record Gone(long seid) implements Entry {
    }

    /** A URR of a session reported: its reporting state from then on (UR-SEQN, counters at the report, ...). */
    public record Metered(long seid, long urrId, UrrState state) implements Entry {
    }

    /**
     * Our PFCP node may number its requests up to limit (TS 29.244 §6.4, §7.2.2.1): a restarted node continues after
     * the last such record, so a peer's response cache cannot take its new requests for retransmissions of old ones
     * ({@link org.upf.pfcp.node.RequestSequences}).
     */
    public record SequencesReserved(int limit) implements Entry {
    }

    /**
     * A Session Report Request with Usage Reports about to be sent (id: unique in the journal): journaled, with the
     * reporting state its reports moved on ({@link Metered}), before it leaves, so a report whose transaction a crash
     * or stop cut short is sent again after the restart with the same UR-SEQN (TS 29.244 §8.2.71) instead of its usage
     * being lost.
     */
    public record ReportPending(long id, long seid, PfcpMessage request) implements Entry {
    }

    /** The transaction of ReportPending id ended: the CP function answered (any cause) or did not within T1 x N1. */
    public record ReportAnswered(long id) implements Entry {
    }

    /** What a journal held: our Recovery Time Stamp (NTP seconds) and the records after it. */
    public record Contents(long recoveryTimeStamp, List<Entry> entries) {
    }

    private final Path file;
    /** The file records are appended to; replaced (under this object's lock) when a compaction switches files. */
    private FileChannel out;
    private final JournalSync mode;
    /** fdatasyncs done, for metrics and tests. */
    private long syncs;
    /** Records written since the last fdatasync (BATCH). */
    private boolean unsynced;
    /**
     * A compaction renamed its file over the journal but the directory's fsync failed: until one succeeds, a power
     * loss may bring the old file back without the records appended since, so {@link #sync()} retries it first.
     */
    private boolean renameUnsynced;
    /** Compact while running once the file reaches this size and twice its size after the last compaction; 0: never. */
    private long compactAbove;
    /** The file's size right after the last compaction (start-up or running). */
    private long compactedSize;
    /** The compaction running now, or null. */
    private Thread compactor;
    private long compactions;

    private SessionJournal(Path file, FileChannel out, JournalSync mode) throws IOException {
        this.file = file;
        this.out = out;
        this.mode = mode;
        this.compactedSize = out.position();
    }

    /**
     * Reads file (null if it does not exist, or is empty). An empty file is what a power loss can leave of a journal
     * whose header never reached the disk (a version before the header was synced, or {@link JournalSync#NONE}): none
     * of its records was durable either, so none was acknowledged to a CP function in a mode that promises it, and
     * starting afresh loses nothing promised.
     */
    public static Contents read(Path file) {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            if (Files.size(file) == 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} is empty (a power loss before its header was on disk);"
                        + " starting with no associations and sessions", file);
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
        List<Entry> entries = new ArrayList<>();
        long rts;
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != MAGIC || in.readByte() != HEADER) {
                throw new IllegalStateException(file + " is not an agent journal");
            }
            rts = in.readLong();
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                byte[] record = new byte[length];
                try {
                    in.readFully(record);
                } catch (EOFException cut) {
                    break; // written when the agent died: its response never left
                }
                entries.add(decode(new DataInputStream(new java.io.ByteArrayInputStream(record))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file, e);
        }
        return new Contents(rts, entries);
    }

    /**
     * Starts a fresh journal at file holding the header and entries (the state just rebuilt from the old one, or
     * nothing), replacing the old file atomically.
     */
    public static SessionJournal create(Path file, long recoveryTimeStamp, List<Entry> entries, JournalSync mode) {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        try {
            FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            SessionJournal j = new SessionJournal(file, ch, mode == JournalSync.ALWAYS ? JournalSync.BATCH : mode);
            ch.write(header(recoveryTimeStamp));
            for (Entry e : entries) {
                j.append(e);
            }
            if (mode != JournalSync.NONE) {
                // The compacted state is on disk before it replaces the old file; with no entries the header alone,
                // which sync() would skip (nothing appended), leaving a power loss an empty journal.
                ch.force(false);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            if (mode != JournalSync.NONE) {
                syncDirectory(file.toAbsolutePath().getParent()); // and so is the rename
            }
            Files.deleteIfExists(compactionFile(file)); // what a compaction cut short by a crash left
            return new SessionJournal(file, ch, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file, e);
        }
    }

    /** Appends one record in one write; with {@link JournalSync#ALWAYS} also waits until it is on disk. */
    public synchronized void append(Entry e) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(body);
            encode(e, d);
            ByteBuffer buf = ByteBuffer.allocate(4 + body.size()).putInt(body.size()).put(body.toByteArray()).flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            unsynced = true;
            if (mode == JournalSync.ALWAYS) {
                sync();
            }
            long size = out.position();
            if (compactor == null && compactAbove > 0 && size >= Math.max(compactAbove, 2 * compactedSize)) {
                compactor = new Thread(this::compact, "journal-compaction");
                compactor.setDaemon(true);
                compactor.start();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to the journal", ex);
        }
    }

    /**
     * Compacts while running (journal.compactAbove): once the file reaches size octets and twice its size after the
     * last compaction, a background thread writes what is live into a new file and switches to it. 0: only at
     * start-up.
     */
    public synchronized void compactAbove(long size) {
        this.compactAbove = size;
    }

    /** The journal file's size in octets. */
    public synchronized long size() {
        try {
            return out.position();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many compactions ran while the agent ran (start-up's not counted). */
    public synchronized long compactions() {
        return compactions;
    }

    /** Runs a compaction now on the calling thread (tests; appends go on meanwhile). */
    public void compactNow() {
        synchronized (this) {
            if (compactor != null) {
                throw new IllegalStateException("a compaction is running");
            }
            compactor = Thread.currentThread();
        }
        compact();
    }

    /**
     * Writes the live records of the file up to now into a new file beside it ({@link JournalCompaction}), without
     * this object's lock, so records go on being appended; copies the records appended meanwhile; then, holding the
     * lock for the last few records, makes the new file durable, renames it over the journal (atomic) and appends to
     * it from then on. A crash at any step leaves a complete journal under the journal's name: the old file until
     * the rename, the new one (durable before the rename) after it; a cut-short new file is never read and the next
     * start deletes it.
     */
    private void compact() {
        Path next = compactionFile(file);
        try {
            Step s = begin(next);
            try {
                s.copyLive();
                s.catchUp();
                s.switchOver();
            } finally {
                s.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "journal compaction failed", e);
            try {
                Files.deleteIfExists(next);
            } catch (IOException ignored) {
                // left for the next start to delete
            }
        } finally {
            synchronized (this) {
                compactor = null;
                compactedSize = Math.max(compactedSize, sizeQuietly()); // failed: wait until it doubles again
            }
        }
    }

    private long sizeQuietly() {
        try {
            return out.position();
        } catch (IOException e) {
            return compactedSize;
        }
    }

    /** The steps of one compaction, separately callable so a test can stop (crash) between them. */
    Step begin(Path next) throws IOException {
        long end;
        FileChannel in;
        synchronized (this) {
            end = out.position();
            in = FileChannel.open(file, StandardOpenOption.READ); // the file appended to now, whatever its name later
        }
        try {
            return new Step(in, end, FileChannel.open(next, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), next);
        } catch (IOException | RuntimeException e) {
            in.close(); // else each failed compaction leaks a descriptor of the journal
            throw e;
        }
    }

    /** One compaction in progress: reads the current file, writes the next one. */
    final class Step implements AutoCloseable {
        private final FileChannel in;
        private final FileChannel next;
        private final Path nextPath;
        /** Octets of the current file copied into next, or examined for it. */
        private long copied;
        private boolean switched;

        private Step(FileChannel in, long end, FileChannel next, Path nextPath) {
            this.in = in;
            this.copied = end;
            this.next = next;
            this.nextPath = nextPath;
        }

        /** The header and the live records of the file up to where it ended when the compaction began. */
        void copyLive() throws IOException {
            ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
            in.read(head, 0);
            next.write(head.flip());
            JournalCompaction.copyLive(in, HEADER_BYTES, copied, next);
        }

        /** The records appended since, without the lock (the lock then only covers the last few). */
        void catchUp() throws IOException {
            long to;
            synchronized (SessionJournal.this) {
                to = out.position();
            }
            copyTail(to);
            if (mode != JournalSync.NONE) {
                next.force(false);
            }
        }

        /** Under the lock: the last records, durable, renamed over the journal, appended to from now on. */
        void switchOver() throws IOException {
            synchronized (SessionJournal.this) {
                copyTail(out.position());
                if (mode != JournalSync.NONE) {
                    next.force(false); // durable before it replaces the file whose records were synced
                }
                Files.move(nextPath, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                // From the rename on, the old file is no longer in the directory: appends go to the new one even if
                // what follows fails, else they would land in a file no restart reads.
                FileChannel old = out;
                out = next;
                switched = true;
                unsynced = false; // next was forced above
                renameUnsynced = mode != JournalSync.NONE;
                compactedSize = out.position();
                compactions++;
                old.close();
                syncRename();
            }
        }

        private void copyTail(long to) throws IOException {
            while (copied < to) {
                copied += in.transferTo(copied, to - copied, next);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
            if (!switched) {
                next.close();
            }
        }
    }

    private static Path compactionFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".compact");
    }

    private static ByteBuffer header(long recoveryTimeStamp) {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).put(HEADER).putLong(recoveryTimeStamp).flip();
    }

    /**
     * Makes the records written so far durable with one fdatasync (FileChannel.force without metadata), unless the
     * mode is {@link JournalSync#NONE} or nothing was written since the last call: the group commit of a burst.
     */
    public synchronized void sync() {
        if (!unsynced && !renameUnsynced || mode == JournalSync.NONE) {
            return;
        }
        try {
            syncRename();
            out.force(false);
            unsynced = false;
            syncs++;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot sync the journal", ex);
        }
    }

    /** How many fdatasyncs this journal did (group commit: at most one per burst of requests with BATCH). */
    public synchronized long syncs() {
        return syncs;
    }

    /** Makes a compaction's rename durable, if one is not yet (records appended from then on stay reachable). */
    private void syncRename() throws IOException {
        if (renameUnsynced) {
            try {
                syncDirectory(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new IOException("cannot sync the directory of the journal " + file
                        + " after a compaction renamed its new file over it (retried at the next sync)", e);
            }
            renameUnsynced = false;
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void encode(Entry e, DataOutputStream d) throws IOException {
        if (e instanceof Associated a) {
            d.writeByte(ASSOCIATION);
            d.writeUTF(a.nodeId());
            peer(d, a.peer());
            d.writeLong(a.recoveryTimeStamp());
        } else if (e instanceof Released r) {
            d.writeByte(RELEASE);
            d.writeUTF(r.nodeId());
        } else if (e instanceof Request r) {
            d.writeByte(REQUEST);
            peer(d, r.peer());
            byte[] m = PfcpCodec.encode(r.message());
            d.writeInt(m.length);
            d.write(m);
            d.writeInt(r.allocations().size());
            for (long v : r.allocations()) {
                d.writeLong(v);
            }
        } else if (e instanceof Gone g) {
            d.writeByte(GONE);
            d.writeLong(g.seid());
        } else if (e instanceof ReportPending p) {
            d.writeByte(REPORT_PENDING);
            d.writeLong(p.id());
            d.writeLong(p.seid());
            byte[] m = PfcpCodec.encode(p.request());
            d.writeInt(m.length);
            d.write(m);
        } else if (e instanceof ReportAnswered a) {
            d.writeByte(REPORT_ANSWERED);
            d.writeLong(a.id());
        } else if (e instanceof SequencesReserved q) {
            d.writeByte(SEQUENCES);
            d.writeInt(q.limit());
        } else if (e instanceof Metered m) {
            d.writeByte(METERED);
            d.writeLong(m.seid());
            d.writeLong(m.urrId());
            UrrState u = m.state();
            usage(d, u.base());
            instant(d, u.start());
            d.writeLong(u.seqn());
            d.writeBoolean(u.nextPeriod() != null);
            if (u.nextPeriod() != null) {
                instant(d, u.nextPeriod());
            }
            d.writeBoolean(u.volumeQuotaReported());
            d.writeBoolean(u.timeQuotaReported());
            usage(d, u.quotaBase());
            instant(d, u.quotaStart());
        }
    }

    private static void usage(DataOutputStream d, Usage u) throws IOException {
        d.writeLong(u.uplinkBytes());
        d.writeLong(u.uplinkPackets());
        d.writeLong(u.downlinkBytes());
        d.writeLong(u.downlinkPackets());
    }

    private static Usage usage(DataInputStream d) throws IOException {
        return new Usage(d.readLong(), d.readLong(), d.readLong(), d.readLong());
    }

    private static void instant(DataOutputStream d, Instant t) throws IOException {
        d.writeLong(t.getEpochSecond());
        d.writeInt(t.getNano());
    }

    private static Instant instant(DataInputStream d) throws IOException {
        return Instant.ofEpochSecond(d.readLong(), d.readInt());
    }

    private static Metered metered(DataInputStream d) throws IOException {
        long seid = d.readLong();
        long urrId = d.readLong();
        Usage base = usage(d);
        Instant start = instant(d);
        long seqn = d.readLong();
        Instant nextPeriod = d.readBoolean() ? instant(d) : null;
        boolean volumeQuotaReported = d.readBoolean();
        boolean timeQuotaReported = d.readBoolean();
        return new Metered(seid, urrId, new UrrState(base, start, seqn, nextPeriod, volumeQuotaReported,
                timeQuotaReported, usage(d), instant(d)));
    }

    private static Entry decode(DataInputStream d) throws IOException {
        byte kind = d.readByte();
        switch (kind) {
            case ASSOCIATION:
                return new Associated(d.readUTF(), peer(d), d.readLong());
            case RELEASE:
                return new Released(d.readUTF());
            case REQUEST: {
                InetSocketAddress peer = peer(d);
                byte[] m = message(d);
                List<Long> allocations = new ArrayList<>();
                for (int n = d.readInt(); n > 0; n--) {
                    allocations.add(d.readLong());
                }
                return new Request(peer, PfcpCodec.decode(m), allocations);
            }
            case GONE:
                return new Gone(d.readLong());
            case METERED:
                return metered(d);
            case SEQUENCES:
                return new SequencesReserved(d.readInt());
            case REPORT_PENDING: {
                long id = d.readLong();
                long seid = d.readLong();
                return new ReportPending(id, seid, PfcpCodec.decode(message(d)));
            }
            case REPORT_ANSWERED:
                return new ReportAnswered(d.readLong());
            default:
                throw new IOException("unknown journal record kind " + kind);
        }
    }

    private static byte[] message(DataInputStream d) throws IOException {
        byte[] m = new byte[d.readInt()];
        d.readFully(m);
        return m;
    }

    private static void peer(DataOutputStream d, InetSocketAddress p) throws IOException {
        byte[] a = p.getAddress().getAddress();
        d.writeByte(a.length);
        d.write(a);
        d.writeShort(p.getPort());
    }

    private static InetSocketAddress peer(DataInputStream d) throws IOException {
        byte[] a = new byte[d.readUnsignedByte()];
        d.readFully(a);
        return new InetSocketAddress(InetAddress.getByAddress(a), d.readUnsignedShort());
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            running = compactor;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(); // a compaction ends by itself; closing under it would lose its switch
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
