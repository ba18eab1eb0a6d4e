package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An IE made of flag octets, e.g. Apply Action (§8.2.26), Reporting Triggers (§8.2.19), UP/CP Function
 * Features (§8.2.25/§8.2.58). Peers send different lengths for the same IE (Scapy and Release 15 nodes send
 * a 1-octet Apply Action and 2-octet Reporting Triggers; Release 16+ sends 2 and 3): all octets present are
 * kept and bits beyond them read as 0. Flag names per type come from {@link FlagNames}.
 */
public record FlagsIe(int type, byte[] octets) implements Ie {

    /** The shortest flags IE with these flags set (1 octet at least). */
    public static FlagsIe of(IeType type, String... setFlags) {
        return of(type, 1, setFlags);
    }

    /**
     * A flags IE of at least {@code minOctets} octets with these flags set, e.g. the 2-octet Apply Action
     * Release 16+ peers send: {@code FlagsIe.of(APPLY_ACTION, 2, "FORW")}.
     */
    public static FlagsIe of(IeType type, int minOctets, String... setFlags) {
        String[][] names = FlagNames.of(type.code());
        byte[] octets = new byte[Math.max(1, minOctets)];
        for (String flag : setFlags) {
            int[] at = FlagNames.find(names, flag);
            if (at == null) {
                throw new IllegalArgumentException(type.displayName() + " has no flag " + flag);
            }
            if (at[0] >= octets.length) {
                octets = Arrays.copyOf(octets, at[0] + 1);
            }
            octets[at[0]] |= (byte) (1 << at[1]);
        }
        return new FlagsIe(type.code(), octets);
    }

    static Ie decode(IeReader r) {
        if (!r.hasRemaining()) {
            throw r.tooShort("flags", 1);
        }
        return new FlagsIe(r.type(), r.rest());
    }

    /** Bit {@code bit} (0 = least significant, spec "bit 1") of octet {@code octet} (0 = octet 5). */
    public boolean bit(int octet, int bit) {
        return octet < octets.length && (octets[octet] & (1 << bit)) != 0;
    }

    /** Whether the named flag (e.g. "FORW") is set. */
    public boolean has(String flag) {
        int[] at = FlagNames.find(FlagNames.of(type), flag);
        if (at == null) {
            throw new IllegalArgumentException(name() + " has no flag " + flag);
        }
        return bit(at[0], at[1]);
    }

    /** Names of the set flags ("o6b3" for bits without a name). */
    public List<String> setFlags() {
        String[][] names = FlagNames.of(type);
        List<String> set = new ArrayList<>();
        for (int o = 0; o < octets.length; o++) {
            for (int b = 0; b < 8; b++) {
                if (bit(o, b)) {
                    String n = o < names.length && b < names[o].length ? names[o][b] : null;
                    set.add(n != null ? n : "o" + (o + 5) + "b" + (b + 1));
                }
            }
        }
        return set;
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeBytes(octets);
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("flags", setFlags()).put("octets", octets.length);
    }

    /** Equal by content (a record compares its array by reference), so equal values can be shared, e.g. by rules. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FlagsIe f && f.type == type && Arrays.equals(f.octets, octets);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(octets);
    }
}
