package org.upf.pfcp.ie;

import java.time.Instant;

/**
 * The seconds part of an RFC 5905 §6 timestamp as PFCP carries it (Recovery Time Stamp §8.2.65, Start/End
 * Time, ...): seconds since 1900-01-01 UTC in 32 bits. Values with the top bit clear are in NTP era 1
 * (from 2036-02-07), as RFC 5905 and RFC 4330 §3 recommend for values below 2^31.
 */
public final class Ntp {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    private static final long UNIX_OFFSET = 2_208_988_800L;
    private static final long ERA = 1L << 32;

    private Ntp() {
    }

    public static Instant toInstant(long ntpSeconds) {
        long s = ntpSeconds & 0xFFFF_FFFFL;
        if (s < 0x8000_0000L) {
            s += ERA;
        }
        return Instant.ofEpochSecond(s - UNIX_OFFSET);
    }

    /** The 32-bit NTP seconds of an instant between 1968 and 2104. */
    public static long fromInstant(Instant t) {
        return (t.getEpochSecond() + UNIX_OFFSET) & 0xFFFF_FFFFL;
    }
}
