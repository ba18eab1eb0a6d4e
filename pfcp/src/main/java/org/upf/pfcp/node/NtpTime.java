package org.upf.pfcp.node;

import java.time.Instant;

/**
 * Time as PFCP carries it: seconds since 1900-01-01 00:00 UTC, the 32-bit NTP era-0 format of
 * IETF RFC 5905 §6 used by the Recovery Time Stamp IE (TS 29.244 §8.2.65).
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    static final long UNIX_EPOCH_OFFSET = 2_208_988_800L;

    private NtpTime() {
    }

    /** NTP seconds of an instant, modulo 2^32 (the field is 32 bits and wraps in 2036). */
    public static long seconds(Instant t) {
        return (t.getEpochSecond() + UNIX_EPOCH_OFFSET) & 0xFFFF_FFFFL;
    }
}
