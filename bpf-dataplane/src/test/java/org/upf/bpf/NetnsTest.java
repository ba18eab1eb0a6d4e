package org.upf.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.upf.bpf.netns.NetworkNamespace;
import org.upf.bpf.netns.VethPair;

/** setns() by one thread: tasks run inside the namespace, callers never move. */
class NetnsTest {
    private static final Path SELF = Path.of("/proc/thread-self/ns/net");

    private NetworkNamespace ns;

    @BeforeEach
    void setUp() {
        ns = NetworkNamespace.create("bind-netns");
        VethPair.create(ns, "nt0", ns, "nt1");
    }

    @AfterEach
    void tearDown() {
        ns.close();
    }

    @Test
    void callRunsInsideAndLeavesTheCallerWhereItWas() throws IOException {
        Path before = Files.readSymbolicLink(SELF);
        Path inside = Netns.call(ns.name(), () -> Files.readSymbolicLink(SELF));
        assertThat(inside).isNotEqualTo(before);
        assertThat(Files.readSymbolicLink(SELF)).isEqualTo(before);
        assertThat(Netns.ifindex(ns.name(), "nt1")).isEqualTo(ns.ifindex("nt1"));
    }

    @Test
    void enterMovesTheCurrentThreadUntilClosed() throws Exception {
        Path before = Files.readSymbolicLink(SELF);
        // On a throwaway thread: a test must not risk leaving the JUnit thread in another namespace.
        Path[] seen = new Path[2];
        int[] index = new int[1];
        Thread worker = new Thread(() -> {
            try (Netns.Entered entered = Netns.enter(ns.name())) {
                seen[0] = Files.readSymbolicLink(SELF);
                index[0] = Netns.ifindex("nt0");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            try {
                seen[1] = Files.readSymbolicLink(SELF);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        worker.start();
        worker.join();
        assertThat(seen[0]).isNotEqualTo(before);
        assertThat(seen[1]).isEqualTo(before);
        assertThat(index[0]).isEqualTo(ns.ifindex("nt0"));
    }

    @Test
    void errorsNameWhatFailed() {
        assertThatThrownBy(() -> Netns.ifindex(ns.name(), "nope0"))
                .isInstanceOf(BpfException.class).hasMessageContaining("no interface nope0");
        assertThatThrownBy(() -> Netns.call("upf-no-such-ns", () -> 1))
                .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("upf-no-such-ns");
        assertThatThrownBy(() -> Netns.call("../etc", () -> 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Netns.call(ns.name(), () -> {
            throw new IOException("checked");
        })).isInstanceOf(CompletionException.class).hasRootCauseMessage("checked");
    }
}
