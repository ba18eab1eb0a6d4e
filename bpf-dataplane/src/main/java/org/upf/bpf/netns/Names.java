package org.upf.bpf.netns;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unique names for test resources: {@code upf-<purpose>-<random>}. */
final class Names {
    static final String PREFIX = "upf-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {}

    static String unique(String purpose) {
        if (!purpose.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("purpose must be 1..40 of [a-z0-9-], got '" + purpose + "'");
        }
        return PREFIX + purpose + "-" + random();
    }

    static String random() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
