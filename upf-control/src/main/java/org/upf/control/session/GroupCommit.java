package org.upf.control.session;

/**
 * Group commit of the PFCP requests read in one burst (issue 5), run at the end of the burst
 * ({@link org.upf.pfcp.node.PfcpRequestHandler#readComplete}): the establishments of the burst are written to the
 * maps together ({@link SessionService#installPending}), then the journal is made durable once
 * ({@link SessionJournal#sync}). The node sends the burst's responses only after that, so a response never
 * announces state that a crash could lose. One thread: the PFCP event loop.
 */
public final class GroupCommit {
    private final SessionService sessions;
    private final SessionJournal journal;

    /** journal null: nothing to make durable, only the map writes are batched. */
    public GroupCommit(SessionService sessions, SessionJournal journal) {
        this.sessions = sessions;
        this.journal = journal;
    }

    /** The end of a burst: batched map writes (completing the establishments' responses), one journal sync. */
    public void flush() {
        sessions.installPending();
        if (journal != null) {
            journal.sync();
        }
    }
}
