package org.upf.lab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code upf-lab}: the lab's command line (java -jar lab/target/upf-lab.jar). */
@Command(name = "upf-lab", mixinStandardHelpOptions = true, version = "upf-lab 0.1.0",
        description = "Emulated SMF, gNB/UEs and data network around the UPF agent.",
        subcommands = {DemoCommand.class, SmfCommand.class, UpCommand.class})
public final class UpfLab {
    public static void main(String[] args) {
        System.exit(new CommandLine(new UpfLab()).execute(args));
    }
}
