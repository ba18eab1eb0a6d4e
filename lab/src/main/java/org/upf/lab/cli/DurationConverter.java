package org.upf.lab.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "500ms", "4s", "2m" or ISO-8601 ("PT4S"). */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            } else if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            return Duration.parse(s);
        } catch (RuntimeException e) {
            throw new TypeConversionException("not a duration: '" + s + "' (use 500ms, 4s, 2m or PT4S)");
        }
    }
}
