package org.upf.bpf.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.upf.bpf.netns.NetworkNamespace;

/**
 * Real frames on a real interface: {@link #send} puts raw Ethernet frames on a link of a namespace
 * (AF_PACKET through Scapy's sendp), {@link #capture} records what arrives on one (tcpdump), so a test
 * can play a gNB or a data network around the data path and compare bytes with {@code PacketView}.
 */
public final class Wire {
    private static final long READY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private Wire() {}

    /** Sends the frames, in order, out of {@code link} in {@code ns}. */
    public static void send(NetworkNamespace ns, String link, List<byte[]> frames) {
        withTempFile("upf-send-", file -> {
            PcapWriter.write(file, PcapWriter.LINKTYPE_ETHERNET, frames);
            ns.exec("/usr/bin/python3", "-c", "from scapy.all import rdpcap, sendp\n"
                    + "sendp(rdpcap('" + file + "'), iface='" + link + "', verbose=False)\n");
            return null;
        });
    }

    /**
     * Captures frames arriving on (or leaving) {@code link} in {@code ns} that match a tcpdump filter
     * (e.g. "udp port 2152", or "" for all) while {@code action} runs. Stops after {@code max} frames or
     * once {@code timeout} has passed after the action, whichever comes first.
     */
    public static List<byte[]> capture(NetworkNamespace ns, String link, String filter, int max, Duration timeout,
            Runnable action) {
        return withTempFile("upf-capture-", file -> {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "tcpdump", "-i", link,
                    "-n", "-U", "-Z", "root", "-c", Integer.toString(max), "-w", file.toString()));
            if (!filter.isBlank()) {
                cmd.addAll(List.of(filter.split("\\s+")));
            }
            Process tcpdump = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                awaitListening(tcpdump, cmd);
                action.run();
                if (!tcpdump.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    tcpdump.destroy(); // SIGTERM: tcpdump closes the file cleanly
                    tcpdump.waitFor(5, TimeUnit.SECONDS);
                }
            } finally {
                tcpdump.destroyForcibly();
            }
            return PcapReader.read(file);
        });
    }

    /** tcpdump reports "listening on ..." on stderr once its socket is open; frames sent before that are missed. */
    private static void awaitListening(Process tcpdump, List<String> cmd) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + READY_TIMEOUT_NS;
        StringBuilder said = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            said.append(line).append('\n');
            if (line.contains("listening on")) {
                Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "tcpdump-stderr");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("`" + String.join(" ", cmd) + "` did not start listening: " + said);
    }

    private interface FileTask<T> {
        T run(Path file) throws IOException, InterruptedException;
    }

    private static <T> T withTempFile(String prefix, FileTask<T> task) {
        Path file = null;
        try {
            file = Files.createTempFile(prefix, ".pcap");
            return task.run(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
