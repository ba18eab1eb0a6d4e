package org.upf.pfcp.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.upf.pfcp.robustness.Wire.RECOVERY_TS;
import static org.upf.pfcp.robustness.Wire.cat;
import static org.upf.pfcp.robustness.Wire.heartbeatWith;
import static org.upf.pfcp.robustness.Wire.ie;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpDecoder;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpProblem;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeTree;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.UintIe;

/**
 * Bounds checks generated from the IE type table, complementing {@link EveryIeTypeTest} (length 0 and one
 * octet short): for every IE type, a length running past the end of the message and past the end of every
 * grouped IE it can sit in (TS 29.244 §8.1.1: cause Invalid length naming the IE itself, never the group,
 * and never a read into the next sibling); and every integer IE at the maximum its width allows (IDs such
 * as PDR ID 65535 and FAR/URR/QER ID 0xFFFFFFFF that crashed other UPFs, open5gs #4169).
 */
class IeBoundsTest {
    /** Heartbeat header (8) + Recovery Time Stamp IE (8): where the IE under test starts. */
    private static final int FIRST_IE_OFFSET = 16;
    private static final int VENDOR_TYPE = 0x8001;
    private static final int UNKNOWN_TYPE = 0x7FF0;

    static IntStream everyType() {
        return IntStream.concat(Arrays.stream(IeType.values()).mapToInt(IeType::code),
                IntStream.of(UNKNOWN_TYPE, VENDOR_TYPE));
    }

    static Stream<IeType> groupedTypes() {
        return Arrays.stream(IeType.values()).filter(IeType::isGrouped);
    }

    /** An IE header claiming 5 octets with only 1 following. */
    private static byte[] overrunning(int type) {
        return ByteBuffer.allocate(5).putShort((short) type).putShort((short) 5).put((byte) 1).array();
    }

    private static PfcpDecodeException reject(PfcpDecoder decoder, byte[] wire) {
        PfcpDecodeException e = catchThrowableOfType(PfcpDecodeException.class,
                () -> decoder.decode(Unpooled.wrappedBuffer(wire)));
        assertThat(e).as("decoding must fail with the typed error").isNotNull();
        return e;
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void lengthPastTheMessageEnd(int type) {
        for (PfcpDecoder decoder : List.of(PfcpDecoder.strict(), PfcpDecoder.lenient())) {
            PfcpDecodeException e = reject(decoder, heartbeatWith(overrunning(type)));
            assertThat(e.problem()).isEqualTo(PfcpProblem.IE_LENGTH_OVERRUN);
            assertThat(e.cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
            assertThat(e.offendingIeType()).isEqualTo(type);
            assertThat(e.offset()).isEqualTo(FIRST_IE_OFFSET);
            assertThat(e.expectedLength()).isEqualTo(5);
            assertThat(e.actualLength()).isEqualTo(1);
            assertThat(e.header().sequence()).isEqualTo(1);
        }
    }

    /**
     * The IE sits in a grouped IE whose length ends after its first value octet, and a Recovery Time Stamp
     * follows the group: the 5 octets the IE claims are in the message but not in its group.
     */
    @ParameterizedTest
    @MethodSource("everyType")
    void lengthPastTheEndOfEveryGroupedIe(int type) {
        List<String> wrong = new ArrayList<>();
        groupedTypes().forEach(group -> {
            byte[] wire = heartbeatWith(cat(ie(group.code(), overrunning(type)), RECOVERY_TS));
            PfcpDecodeException e = reject(PfcpDecoder.lenient(), wire);
            if (e.cause() != PfcpCause.INVALID_LENGTH || e.offendingIeType() != type
                    || e.offset() != FIRST_IE_OFFSET + 4 || e.actualLength() != 1) {
                wrong.add(group.displayName() + ": " + e.getMessage());
            }
        });
        assertThat(wrong).isEmpty();
    }

    static IntStream integerTypes() {
        return Arrays.stream(IeType.values()).filter(t -> !t.isGrouped()).mapToInt(IeType::code)
                .filter(t -> integerWidth(t) > 0);
    }

    /** The width the registry decodes {@code type} with if it is an integer IE, else 0. */
    private static int integerWidth(int type) {
        try {
            Ie ie = PfcpDecoder.lenient().decode(Unpooled.wrappedBuffer(heartbeatWith(ie(type, new byte[8]))))
                    .ies().get(1).unwrap();
            return ie instanceof UintIe u ? u.width() : 0;
        } catch (PfcpDecodeException e) {
            return 0;
        }
    }

    @ParameterizedTest
    @MethodSource("integerTypes")
    void integerIeAtItsMaximum(int type) {
        int width = integerWidth(type);
        byte[] ones = new byte[width];
        Arrays.fill(ones, (byte) 0xFF);
        byte[] wire = heartbeatWith(ie(type, ones));
        PfcpMessage m = PfcpCodec.decode(wire);
        UintIe u = (UintIe) m.ies().get(1);
        assertThat(u.width()).isEqualTo(width);
        assertThat(u.value()).as("all defined bits set").isEqualTo(u.mask());
        assertThat(u.raw()).isEqualTo(width == 8 ? -1L : (1L << 8 * width) - 1);
        assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
        assertThat(IeTree.of(u).fields()).containsEntry("value", u.value());
    }

    @Test
    void theRuleIdsHaveTheirSpecifiedWidths() {
        // TS 29.244 §8.2.36 PDR ID: 2 octets; §8.2.74 FAR ID, §8.2.54 URR ID, §8.2.75 QER ID: 4 octets;
        // §8.2.88 BAR ID: 1 octet.
        assertThat(integerWidth(IeType.PDR_ID.code())).isEqualTo(2);
        assertThat(integerWidth(IeType.FAR_ID.code())).isEqualTo(4);
        assertThat(integerWidth(IeType.URR_ID.code())).isEqualTo(4);
        assertThat(integerWidth(IeType.QER_ID.code())).isEqualTo(4);
        assertThat(integerWidth(IeType.BAR_ID.code())).isEqualTo(1);
        assertThat(integerTypes().count()).isGreaterThan(40);
    }
}
