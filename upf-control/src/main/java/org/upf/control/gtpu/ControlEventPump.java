package org.upf.control.gtpu;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.upf.bpf.dataplane.ControlEvent;
import org.upf.bpf.dataplane.CpReason;
import org.upf.bpf.dataplane.Dataplane;

/**
 * The one thread that reads the data path's control-path ring buffer ({@link Dataplane#pollEvents} is
 * single-reader) and hands each event to the handler of its reason; events without a handler are dropped here
 * (they are counted by reason in the data path already). Register handlers before {@link #start()}.
 */
public final class ControlEventPump implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlEventPump.class.getName());
    private static final int POLL_MS = 100;

    private final Dataplane dataplane;
    private final Map<CpReason, Consumer<ControlEvent>> handlers = new EnumMap<>(CpReason.class);
    private final Thread thread;
    private volatile boolean running = true;

    public ControlEventPump(Dataplane dataplane) {
        this.dataplane = dataplane;
        thread = new Thread(this::loop, "upf-events");
        thread.setDaemon(true);
    }

    public ControlEventPump on(CpReason reason, Consumer<ControlEvent> handler) {
        if (thread.isAlive()) {
            throw new IllegalStateException("handlers are registered before start()");
        }
        handlers.put(reason, handler);
        return this;
    }

    public ControlEventPump start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                dataplane.pollEvents(POLL_MS, this::dispatch);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.ERROR, "reading control-path events failed", e);
                    sleepAfterFailure();
                }
            }
        }
    }

    private void dispatch(ControlEvent e) {
        Consumer<ControlEvent> h = handlers.get(e.reason());
        if (h == null) {
            return;
        }
        try {
            h.accept(e);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "handling " + e + " failed", failure);
        }
    }

    private static void sleepAfterFailure() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading; returns once the thread has left its last poll (so the data path can be closed). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5L * POLL_MS + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
