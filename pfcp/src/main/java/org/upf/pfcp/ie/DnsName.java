package org.upf.pfcp.ie;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Names encoded as DNS labels (length octet + label, no root label), as used by Node ID FQDN
 * (TS 29.244 §8.2.38), Network Instance (§8.2.4, TS 23.003 §9.1 APN format) and APN/DNN (§8.2.103).
 */
public final class DnsName {
    private DnsName() {
    }

    public static byte[] encode(String name) {
        byte[] out = new byte[name.length() + 1];
        int pos = 0;
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            if (b.length > 63) {
                throw new IllegalArgumentException("DNS label longer than 63: " + label);
            }
            out[pos++] = (byte) b.length;
            System.arraycopy(b, 0, out, pos, b.length);
            pos += b.length;
        }
        return Arrays.copyOf(out, pos);
    }

    /** A decoded name with its octets (a copy: nobody changes them). Immutable, so any thread may read it. */
    private record Decoded(byte[] octets, String text) {
    }

    /**
     * The last name decoded: the Network Instance of every PDR of a request and its APN/DNN are most often the same
     * octets, which then cost no new string (issue 5: bytes allocated per establishment).
     */
    private static volatile Decoded last = new Decoded(new byte[0], "");

    /**
     * Decodes labels if the octets are well-formed labels, else returns them as plain text
     * (peers such as open5gs send Network Instance as a plain string).
     */
    public static String decode(byte[] b) {
        Decoded d = last;
        if (Arrays.equals(d.octets, b)) {
            return d.text;
        }
        String text = decodeOctets(b);
        last = new Decoded(b.clone(), text);
        return text;
    }

    private static String decodeOctets(byte[] b) {
        if (b.length == 0 || !isLabels(b)) {
            return new String(b, StandardCharsets.US_ASCII);
        }
        // The text is as long as the octets less one: each length octet but the first becomes a dot. Built in one
        // array, not a string per label (every PDR of a request carries a Network Instance; issue 5).
        byte[] text = new byte[b.length - 1];
        int pos = 0;
        for (int i = 0; i < b.length; ) {
            int len = b[i] & 0xFF;
            if (pos > 0) {
                text[pos++] = '.';
            }
            System.arraycopy(b, i + 1, text, pos, len);
            pos += len;
            i += len + 1;
        }
        return new String(text, StandardCharsets.US_ASCII);
    }

    static boolean isLabels(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int len = b[i] & 0xFF;
            if (len == 0 || len > 63 || i + 1 + len > b.length) {
                return false;
            }
            for (int j = i + 1; j <= i + len; j++) {
                if (b[j] < 0x20 || b[j] > 0x7e) {
                    return false;
                }
            }
            i += len + 1;
        }
        return b.length > 0;
    }
}
