package org.upf.bpf.testing;

import java.util.HexFormat;
import java.util.function.IntFunction;

/**
 * A readable difference of two packets: each run of differing bytes that falls into one header field,
 * with its offset, the field's name (e.g. "IPv4.ttl", "inner UDP.checksum") and both values in hex.
 */
public final class ByteDiff {
    private static final int MAX_RUNS = 32;
    private static final HexFormat HEX = HexFormat.of();

    private ByteDiff() {}

    /** Null when equal, else the description; {@code fieldAt} names the field at an offset of expected. */
    public static String describe(byte[] expected, byte[] actual, IntFunction<String> fieldAt) {
        int common = Math.min(expected.length, actual.length);
        StringBuilder runs = new StringBuilder();
        int differing = 0;
        int shown = 0;
        int i = 0;
        while (i < common) {
            if (expected[i] == actual[i]) {
                i++;
                continue;
            }
            String field = fieldAt.apply(i);
            int end = i;
            while (end < common && expected[end] != actual[end] && field.equals(fieldAt.apply(end))) {
                end++;
            }
            differing += end - i;
            if (shown++ < MAX_RUNS) {
                runs.append(String.format("  @%d%s %s: expected %s, got %s%n", i, end - i > 1 ? ".." + (end - 1) : "",
                        field, HEX.formatHex(expected, i, end), HEX.formatHex(actual, i, end)));
            }
            i = end;
        }
        if (shown > MAX_RUNS) {
            runs.append("  ... ").append(shown - MAX_RUNS).append(" more differing runs\n");
        }
        if (expected.length != actual.length) {
            byte[] longer = expected.length > actual.length ? expected : actual;
            runs.append(String.format("  @%d.. %s: %s only %s%n", common, fieldAt.apply(common),
                    expected.length > actual.length ? "expected" : "actual",
                    HEX.formatHex(longer, common, Math.min(longer.length, common + 64))
                            + (longer.length > common + 64 ? "..." : "")));
        } else if (differing == 0) {
            return null;
        }
        return String.format("packets differ (expected %d bytes, got %d; %d differing bytes in common part):%n%s",
                expected.length, actual.length, differing, runs);
    }
}
