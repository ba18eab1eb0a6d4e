package org.upf.control.cli;

import org.upf.control.agent.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code upf} command line (launched by {@code bin/upf}): one top-level command whose subcommands are
 * the user-facing tools. {@code upf --help} lists them.
 */
@Command(name = "upf", mixinStandardHelpOptions = true, versionProvider = Upf.Version.class,
        description = "eBPF 5G user plane function: agent and tools.",
        subcommands = {AgentCommand.class, SessionsCommand.class, StatsCommand.class, PfcpCommand.class,
            CommandLine.HelpCommand.class})
public final class Upf implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@code main} and for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Upf());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    /** The version from the jar manifest (set by the build), "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Upf.class.getPackage().getImplementationVersion();
            return new String[] {"upf " + (v != null ? v : "development")};
        }
    }
}
