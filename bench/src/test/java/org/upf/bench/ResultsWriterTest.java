package org.upf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void appendsOneJsonObjectPerLineAcrossRuns() throws Exception {
        Path file = dir.resolve("target/bench/results.jsonl");
        new ResultsWriter(file, 2, Instant.parse("2026-01-01T00:00:00Z")).append(List.of(
                new Result("bpf.map.hash.lookup.single", 512.5, "ns/entry", 3.25, null),
                Result.ratio("bpf.map.hash.lookup.batch.ratio_to_single", 0.25, "bpf.map.hash.lookup.single")));
        new ResultsWriter(file, 8, Instant.parse("2026-01-02T00:00:00Z")).append(List.of(
                Result.of("pfcp.decode.session_establishment", 1.5e6, "msg/s")));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        JsonNode single = JSON.readTree(lines.get(0));
        assertThat(single.get("name").asText()).isEqualTo("bpf.map.hash.lookup.single");
        assertThat(single.get("value").asDouble()).isEqualTo(512.5);
        assertThat(single.get("unit").asText()).isEqualTo("ns/entry");
        assertThat(single.get("error").asDouble()).isEqualTo(3.25);
        assertThat(single.has("baseline")).isFalse();
        assertThat(single.get("cores").asInt()).isEqualTo(2);
        assertThat(single.get("time").asText()).isEqualTo("2026-01-01T00:00:00Z");

        JsonNode ratio = JSON.readTree(lines.get(1));
        assertThat(ratio.get("baseline").asText()).isEqualTo("bpf.map.hash.lookup.single");
        assertThat(ratio.get("unit").asText()).isEqualTo("ratio");
        assertThat(ratio.has("error")).isFalse();

        JsonNode later = JSON.readTree(lines.get(2));
        assertThat(later.get("cores").asInt()).isEqualTo(8);
        assertThat(later.get("value").asDouble()).isEqualTo(1.5e6);
    }
}
