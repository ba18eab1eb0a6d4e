package org.upf.control.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code upf pfcp ...}: PFCP (N4, TS 29.244) tools. */
@Command(name = "pfcp", mixinStandardHelpOptions = true, description = "PFCP (N4) tools.",
        subcommands = {PfcpDecodeCommand.class})
final class PfcpCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }
}
