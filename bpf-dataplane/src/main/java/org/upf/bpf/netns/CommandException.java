package org.upf.bpf.netns;

import java.util.List;

/** A host command (ip, ethtool, sysctl...) that failed: names the command, its exit code and stderr. */
public final class CommandException extends RuntimeException {
    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    CommandException(List<String> command, int exitCode, String stderr) {
        super("`" + String.join(" ", command) + "` exited " + exitCode + ": " + stderr.strip());
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public List<String> command() {
        return command;
    }

    /** The exit code, or -1 when the command could not be started or timed out. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
