package org.upf.pfcp.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upf.pfcp.robustness.Wire.heartbeatWith;
import static org.upf.pfcp.robustness.Wire.ie;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.ExtendedIe;
import org.upf.pfcp.ie.Groups;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeRegistry;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OctetsIe;

/**
 * Every IE type with length 0, and every typed IE one octet short of its fields: the decoder answers with
 * cause Invalid length (68) naming the IE, or, where the spec allows the shorter form, decodes it and
 * re-encodes the same octets. Never another exception.
 */
class EveryIeTypeTest {
    private static final IeRegistry REGISTRY = IeRegistry.standard();
    private static final int MAX_TYPE = 330;
    /** Leaf IEs whose last field is optional by spec, so one octet less is still a valid IE. */
    private static final Set<Integer> OPTIONAL_TAIL = Set.of(
            IeType.OUTER_HEADER_REMOVAL.code(),   // §8.2.64: octet 6 (extension header deletion) is optional
            IeType.REDIRECT_INFORMATION.code(),   // §8.2.20: Other Redirect Server Address only since 15.6
            IeType.DL_BUFFERING_SUGGESTED_PACKET_COUNT.code()); // §8.2.30: 1 or 2 octets

    private static boolean isOctetString(int type) {
        return Ieish.decodesAsOctets(type);
    }

    @Test
    void lengthZeroForEveryIeType() {
        List<Integer> types = new ArrayList<>();
        for (int t = 0; t <= MAX_TYPE; t++) {
            types.add(t);
        }
        types.addAll(List.of(0x7FFF, 0x8000, 0xFFFF));
        int rejected = 0;
        for (int type : types) {
            byte[] wire = heartbeatWith(ie(type, new byte[0]));
            IeType known = IeType.forCode(type);
            try {
                PfcpMessage m = PfcpCodec.decode(wire);
                assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
                boolean emptyAllowed = isOctetString(type) || (known != null && known.isGrouped());
                assertThat(emptyAllowed).as("type %d (%s) decoded with length 0", type, IeType.nameOf(type)).isTrue();
            } catch (PfcpDecodeException e) {
                rejected++;
                if (known != null && known.isGrouped()) {
                    assertThat(e.cause()).as(e.getMessage()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
                    assertThat(Groups.MANDATORY_CHILDREN.get(known)).contains(IeType.forCode(e.offendingIeType()));
                } else {
                    assertThat(e.cause()).as(e.getMessage()).isEqualTo(PfcpCause.INVALID_LENGTH);
                    assertThat(e.offendingIeType()).isEqualTo(type);
                    assertThat(e.actualLength()).isZero();
                }
            }
        }
        System.out.println("length 0: " + types.size() + " IE types, " + rejected + " rejected with a cause");
        assertThat(rejected).isGreaterThan(100);
    }

    @Test
    void oneOctetShortForEveryTypedIe() {
        int checked = 0;
        for (int type = 1; type <= MAX_TYPE; type++) {
            IeType known = IeType.forCode(type);
            if (known == null || known.isGrouped() || isOctetString(type)) {
                continue;
            }
            for (byte[] sample : Ieish.samples(type)) {
                checked++;
                for (int cut = 0; cut < sample.length; cut++) {
                    byte[] shorter = Arrays.copyOf(sample, cut);
                    byte[] wire = heartbeatWith(ie(type, shorter));
                    try {
                        PfcpMessage m = PfcpCodec.decode(wire);
                        assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
                        assertThat(OPTIONAL_TAIL).as("%s accepted %d of %d octets", known, cut, sample.length)
                                .contains(type);
                    } catch (PfcpDecodeException e) {
                        assertThat(e.cause()).as(e.getMessage()).isIn(PfcpCause.INVALID_LENGTH,
                                PfcpCause.MANDATORY_IE_INCORRECT);
                        assertThat(e.offendingIeType()).as(e.getMessage()).isEqualTo(type);
                        if (cut == sample.length - 1 && e.cause() == PfcpCause.INVALID_LENGTH) {
                            assertThat(e.actualLength()).isEqualTo(sample.length - 1);
                        }
                    }
                }
            }
        }
        System.out.println("one octet short: " + checked + " typed IE samples");
        assertThat(checked).isGreaterThan(60);
    }

    /** Finding the exact extent of typed IEs by decoding a long value and seeing what is left over. */
    static final class Ieish {
        private static final byte[][] PATTERNS = {filled(0x00), filled(0x01), filled(0x02), filled(0x03),
            filled(0x0F), filled(0x3F), filled(0x7F), filled(0xFF)};

        private static byte[] filled(int b) {
            byte[] v = new byte[64];
            Arrays.fill(v, (byte) b);
            return v;
        }

        static boolean decodesAsOctets(int type) {
            if (IeType.isVendorSpecific(type)) {
                return false;
            }
            IeType known = IeType.forCode(type);
            return known == null ? true : !known.isGrouped() && decode(type, new byte[0]) instanceof OctetsIe;
        }

        private static Ie decode(int type, byte[] value) {
            try {
                PfcpMessage m = PfcpCodec.decode(Unpooled.wrappedBuffer(heartbeatWith(ie(type, value))));
                return m.ies().get(1);
            } catch (PfcpDecodeException e) {
                return null;
            }
        }

        /** Values of {@code type} that decode exactly (no octets left over), one per fill pattern that works. */
        static List<byte[]> samples(int type) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] p : PATTERNS) {
                Ie ie = decode(type, p);
                if (ie == null) {
                    continue;
                }
                int used = ie instanceof ExtendedIe x ? p.length - x.extraOctets().length : p.length;
                if (used < p.length && out.stream().noneMatch(s -> s.length == used)) {
                    out.add(Arrays.copyOf(p, used));
                }
            }
            return out;
        }
    }
}
