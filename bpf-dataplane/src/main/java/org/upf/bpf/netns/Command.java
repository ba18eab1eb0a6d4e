package org.upf.bpf.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a host command (ip, ethtool, tshark, python3...) with a time bound; a non-zero exit becomes a {@link CommandException}. */
public final class Command {
    private static final long TIMEOUT_SECONDS = 30;

    private Command() {}

    /** Runs {@code command} and returns its stdout. */
    public static String run(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new CommandException(command, -1, "cannot start: " + e.getMessage());
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CommandException(command, -1, "timed out after " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException(command, -1, "interrupted");
        }
        if (p.exitValue() != 0) {
            throw new CommandException(command, p.exitValue(), err.join());
        }
        return out.join();
    }

    public static String run(String... command) {
        return run(List.of(command));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
