package org.upf.bpf.netns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command (ip, ethtool, tshark, python3...) with a time bound; a non-zero exit becomes a
 * {@link CommandException}. Output goes through temporary files, so a chatty command can never block
 * on a full pipe and no reader threads are needed.
 */
public final class Command {
    private static final long TIMEOUT_SECONDS = 60;

    private Command() {}

    /** Runs {@code command} and returns its stdout. */
    public static String run(List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("upf-cmd-", ".out");
            err = Files.createTempFile("upf-cmd-", ".err");
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CommandException(command, -1, "timed out after " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new CommandException(command, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandException(command, -1, "cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(command, -1, "interrupted");
        } finally {
            delete(out);
            delete(err);
        }
    }

    public static String run(String... command) {
        return run(List.of(command));
    }

    private static void delete(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
