package org.upf.control.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.upf.pfcp.PfcpMessage;

/**
 * Group commit of the PFCP requests read in one burst (issue 5): their responses are held while the burst is
 * handled; at its end ({@link #flush}) the establishments of the burst are written to the maps together
 * ({@link SessionService#installPending}), the journal is made durable once ({@link SessionJournal#sync}), and only
 * then do the responses leave, in the order the requests arrived. A response never announces state that a crash
 * could lose. One thread: the PFCP event loop.
 */
public final class GroupCommit {
    private final SessionService sessions;
    private final SessionJournal journal;
    private final List<Runnable> held = new ArrayList<>();

    /** journal null: nothing to make durable, only the map writes are batched. */
    public GroupCommit(SessionService sessions, SessionJournal journal) {
        this.sessions = sessions;
        this.journal = journal;
    }

    /** The response, released at the next {@link #flush}. */
    public CompletionStage<PfcpMessage> hold(CompletionStage<PfcpMessage> response) {
        CompletableFuture<PfcpMessage> out = new CompletableFuture<>();
        held.add(() -> response.whenComplete((r, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(r);
            }
        }));
        return out;
    }

    /** The end of a burst: batched map writes, one journal sync, then the held responses. */
    public void flush() {
        sessions.installPending();
        if (journal != null) {
            journal.sync();
        }
        List<Runnable> release = List.copyOf(held);
        held.clear();
        release.forEach(Runnable::run);
    }
}
