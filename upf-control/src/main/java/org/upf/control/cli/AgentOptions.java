package org.upf.control.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every tool that reads the running agent shares: where its local API is, and JSON output. */
final class AgentOptions {
    /** Where the docs and the lab configuration put api.address. */
    static final String DEFAULT_API = "127.0.0.1:8806";
    static final int FAILED = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = DEFAULT_API,
            description = "the agent's local API (its api.address; default: ${DEFAULT-VALUE})")
    String api;

    @Option(names = "--json", description = "print the agent's JSON instead of tables")
    boolean json;

    AgentClient client() {
        return new AgentClient(api);
    }

    /** Prints body as the agent's JSON (--json) or as tables; returns exit code 0. */
    int print(CommandSpec spec, JsonNode body, BiConsumer<PrintWriter, JsonNode> tables) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            tables.accept(out, body);
        }
        out.flush();
        return 0;
    }
}
