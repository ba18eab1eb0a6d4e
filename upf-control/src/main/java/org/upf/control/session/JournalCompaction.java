package org.upf.control.session;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.upf.control.alloc.LongMap;

/**
 * Which records of a journal's first {@code end} octets still matter, found without decoding a PFCP message or
 * touching a session (so it runs beside the PFCP event loop while records go on being appended after {@code end}):
 * the last set-up of each association not released since; every request of each session from its last
 * establishment on, unless a later record ended the session; each URR's reporting state unless a later one of the
 * same URR replaced it with no request of its session in between (so a URR removed and created again by a
 * modification gets its states in the order a replay needs them); each live session's usage reports not answered
 * yet; and the last sequence number reservation. They
 * are written in the order start-up compaction uses (associations, then sessions' records in journal order, then the
 * reservation), which a replay turns into the same associations, sessions and reporting states as the whole prefix.
 */
final class JournalCompaction {
    /** SessionJournal's record kinds, and the PFCP message types of journaled requests (TS 29.244 §7.3 Table 7.3-1). */
    private static final int ESTABLISHMENT = 50;
    private static final int MODIFICATION = 52;
    /** SessionService.establishLater allocates the session slot, then the SEID: the SEID is allocation 1. */
    private static final int SEID_ALLOCATION = 1;

    /**
     * Per live session (dropped with it, so the scan's memory follows the live state): where its last establishment
     * and its last request are, each URR's last reporting state and the reporting states to keep (file offsets).
     */
    private static final class Life {
        long born;
        long lastRequest;
        Map<Long, Long> lastMeter;
        Set<Long> keptMeters;
    }

    /** Usage reports journaled and not answered yet: id -> offset of the ReportPending record. */
    private final Map<Long, Long> openReports = new HashMap<>();
    private final Map<String, byte[]> associations = new LinkedHashMap<>();
    private final LongMap<Life> sessions = new LongMap<>();
    private byte[] sequences;

    private JournalCompaction() {
    }

    /** Writes the records of in's [start, end) that still matter to out; returns the octets written. */
    static long copyLive(FileChannel in, long start, long end, FileChannel out) throws IOException {
        JournalCompaction c = new JournalCompaction();
        c.scan(in, start, end, true, null);
        OutputStream o = new java.io.BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
        long before = out.position();
        for (byte[] a : c.associations.values()) {
            write(o, a);
        }
        c.scan(in, start, end, false, o);
        if (c.sequences != null) {
            write(o, c.sequences);
        }
        o.flush();
        return out.position() - before;
    }

    /** First pass (learn): what is live. Second pass: copy what is live to out. */
    private void scan(FileChannel in, long start, long end, boolean learn, OutputStream out) throws IOException {
        DataInputStream d = new DataInputStream(new BufferedInputStream(
                Channels.newInputStream(in.position(start)), 1 << 16));
        long offset = start;
        while (offset < end) {
            int length;
            byte[] body;
            try {
                length = d.readInt();
                body = new byte[length];
                d.readFully(body);
            } catch (EOFException cut) {
                return; // cannot happen below end: records are appended whole
            }
            if (learn) {
                learn(offset, body);
            } else if (keep(offset, body)) {
                write(out, body);
            }
            offset += 4 + length;
        }
    }

    private void learn(long offset, byte[] body) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(body);
        switch (b.get()) {
            case SessionJournal.ASSOCIATION -> associations.put(utf(body), body);
            case SessionJournal.RELEASE -> associations.remove(utf(body));
            case SessionJournal.REQUEST -> {
                int message = messageAt(body);
                long seid = requestSeid(body, message);
                Life life = sessions.get(seid);
                if (life == null || (body[message + 1] & 0xff) == ESTABLISHMENT) {
                    life = new Life();
                    life.born = offset;
                    sessions.put(seid, life);
                }
                life.lastRequest = offset;
            }
            case SessionJournal.GONE -> sessions.remove(b.getLong());
            case SessionJournal.METERED -> {
                Life life = sessions.get(b.getLong());
                if (life == null) {
                    return; // the poller reported a session that was just deleted
                }
                if (life.lastMeter == null) {
                    life.lastMeter = new HashMap<>(4);
                    life.keptMeters = new HashSet<>(4);
                }
                Long previous = life.lastMeter.put(b.getLong(), offset);
                if (previous != null && life.lastRequest < previous) {
                    life.keptMeters.remove(previous); // replaced, nothing in between needs it
                }
                life.keptMeters.add(offset);
            }
            case SessionJournal.SEQUENCES -> sequences = body;
            case SessionJournal.REPORT_PENDING -> openReports.put(b.getLong(), offset);
            case SessionJournal.REPORT_ANSWERED -> openReports.remove(b.getLong());
            default -> throw new IOException("unknown journal record kind " + body[0]);
        }
    }

    private boolean keep(long offset, byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        byte kind = b.get();
        long seid;
        switch (kind) {
            case SessionJournal.REQUEST -> seid = requestSeid(body, messageAt(body));
            case SessionJournal.METERED -> seid = b.getLong();
            case SessionJournal.REPORT_PENDING -> {
                if (!Long.valueOf(offset).equals(openReports.get(b.getLong()))) {
                    return false;
                }
                seid = b.getLong();
            }
            default -> {
                return false;
            }
        }
        Life life = sessions.get(seid);
        return life != null && offset >= life.born && (kind != SessionJournal.METERED
                || life.keptMeters != null && life.keptMeters.contains(offset));
    }

    /** Where the PFCP message of a request record starts: after kind, peer (address length, address, port), length. */
    private static int messageAt(byte[] body) {
        return 1 + 1 + (body[1] & 0xff) + 2 + 4;
    }

    /** The UP SEID an establishment allocated, or a modification's header SEID. */
    private static long requestSeid(byte[] body, int message) {
        ByteBuffer b = ByteBuffer.wrap(body);
        int type = body[message + 1] & 0xff;
        if (type == ESTABLISHMENT) {
            int allocations = message + b.getInt(message - 4) + 4; // after the allocation count
            return b.getLong(allocations + 8 * SEID_ALLOCATION);
        }
        if (type != MODIFICATION || (body[message] & 0x01) == 0) {
            throw new IllegalStateException("journal request is neither an establishment nor a modification");
        }
        return b.getLong(message + 4); // TS 29.244 §7.2.2.1: the SEID (S flag) follows flags, type and length
    }

    private static String utf(byte[] body) throws IOException {
        return new DataInputStream(new java.io.ByteArrayInputStream(body, 1, body.length - 1)).readUTF();
    }

    private static void write(OutputStream o, byte[] body) throws IOException {
        o.write(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16), (byte) (body.length >>> 8),
                (byte) body.length});
        o.write(body);
    }
}
