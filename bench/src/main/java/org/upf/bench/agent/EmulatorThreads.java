package org.upf.bench.agent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.upf.bpf.ThreadPriority;
import org.upf.control.agent.BackgroundPriority;
import org.upf.control.config.ConfigKey;
import org.upf.lab.smf.SmfEmulator;

/**
 * The SMF emulator stands for another machine but shares this host's two cores with the agent process, so a request
 * can wait in the emulator's run queue as well as in the agent's (docs/performance.md, "Signalling (issue 5): the
 * event loop's own stalls": the emulator's event loop and its pacing thread waited 1-4 ms behind JIT compiler threads
 * and kernel threads in the measured window). While open, the emulator runs with the agent's own scheduling defaults
 * (docs/configuration.md, "Threads"): its event loop and the calling thread, which paces the requests, ask for the
 * agent's PFCP slice ({@code threads.pfcpSlice}), and this JVM's concurrent GC threads get the agent's background nice
 * value ({@code threads.backgroundNice}). Close gives every thread back what it had.
 */
final class EmulatorThreads implements AutoCloseable {
    private final SmfEmulator smf;
    private final BackgroundPriority background;

    private EmulatorThreads(SmfEmulator smf, Duration slice, int nice) {
        this.smf = smf;
        ThreadPriority.setSlice(0, slice);
        onEventLoop(smf, slice);
        background = BackgroundPriority.start(nice);
    }

    /** The agent's defaults for the emulator's threads. */
    static EmulatorThreads likeTheAgent(SmfEmulator smf) {
        return new EmulatorThreads(smf, microseconds(ConfigKey.THREADS_PFCP_SLICE.defaultText()),
                Integer.parseInt(ConfigKey.THREADS_BACKGROUND_NICE.defaultText()));
    }

    /** "100us", the form of the key's default. */
    private static Duration microseconds(String text) {
        if (!text.endsWith("us")) {
            throw new IllegalStateException("threads.pfcpSlice's default is not in microseconds: " + text);
        }
        return Duration.ofNanos(Long.parseLong(text.substring(0, text.length() - 2)) * 1_000);
    }

    private static void onEventLoop(SmfEmulator smf, Duration slice) {
        CompletableFuture.runAsync(() -> ThreadPriority.setSlice(0, slice), smf.node()::execute).join();
    }

    @Override
    public void close() {
        ThreadPriority.setSlice(0, Duration.ZERO);
        onEventLoop(smf, Duration.ZERO);
        if (background != null) {
            background.close();
        }
    }
}
