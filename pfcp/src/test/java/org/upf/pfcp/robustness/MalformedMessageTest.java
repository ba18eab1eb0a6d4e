package org.upf.pfcp.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.upf.pfcp.robustness.Wire.cat;
import static org.upf.pfcp.robustness.Wire.heartbeatWith;
import static org.upf.pfcp.robustness.Wire.ie;
import static org.upf.pfcp.robustness.Wire.nodeMessage;
import static org.upf.pfcp.robustness.Wire.sessionMessage;

import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpProblem;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.ie.IeCodec;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.message.SessionEstablishmentRequest;

/**
 * The crash classes other UPFs had (open5gs #4423, #4169, #3747; free5GC #799-#802; OMEC #895) and the
 * header-level errors of TS 29.244 §7.6: each gives a {@link PfcpDecodeException} with the cause and
 * Offending IE the node answers with, never another exception.
 */
class MalformedMessageTest {

    private static PfcpDecodeException reject(byte[] wire) {
        PfcpDecodeException e = catchThrowableOfType(PfcpDecodeException.class, () -> PfcpCodec.decode(wire));
        assertThat(e).as("decoding %s must fail", Hex.of(wire)).isNotNull();
        return e;
    }

    // F-SEID and Node ID of a minimal valid Session Establishment Request (§7.5.2).
    private static final byte[] NODE_ID = ie(60, Hex.parse("00c0a80001"));
    private static final byte[] CP_FSEID = ie(57, Hex.parse("02" + "0000000000000001" + "c0a80001"));
    private static final byte[] PDR = ie(1, cat(ie(56, Hex.parse("0001")), ie(29, Hex.parse("000000ff")),
            ie(2, ie(20, Hex.parse("00"))), ie(108, Hex.parse("00000001"))));

    private static byte[] establishment(byte[] far) {
        return sessionMessage(50, cat(NODE_ID, CP_FSEID, PDR, far));
    }

    @Test
    void open5gs4423ZeroLengthOuterHeaderCreationIsInvalidLength() {
        byte[] far = ie(3, cat(ie(108, Hex.parse("00000001")), ie(44, Hex.parse("02")),
                ie(4, cat(ie(42, Hex.parse("00")), ie(84, new byte[0])))));
        PfcpDecodeException e = reject(establishment(far));
        assertThat(e.problem()).isEqualTo(PfcpProblem.IE_TOO_SHORT);
        assertThat(e.cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
        assertThat(e.offendingIeType()).isEqualTo(IeType.OUTER_HEADER_CREATION.code());
        assertThat(e.expectedLength()).isEqualTo(2);
        assertThat(e.actualLength()).isZero();
        assertThat(e.header().sequence()).isEqualTo(1);
        assertThat(e.getMessage()).contains("Outer Header Creation", "offset");
    }

    @Test
    void open5gs4169MaximumRuleIdsDecodeAndReencode() {
        byte[] far = ie(3, cat(ie(108, Hex.parse("ffffffff")), ie(44, Hex.parse("02"))));
        byte[] urr = ie(6, cat(ie(81, Hex.parse("ffffffff")), ie(62, Hex.parse("02")), ie(37, Hex.parse("0100"))));
        byte[] pdr = ie(1, cat(ie(56, Hex.parse("ffff")), ie(29, Hex.parse("ffffffff")),
                ie(2, ie(20, Hex.parse("00"))), ie(108, Hex.parse("ffffffff")), ie(81, Hex.parse("ffffffff"))));
        byte[] qer = ie(7, cat(ie(109, Hex.parse("ffffffff")), ie(25, Hex.parse("00"))));
        byte[] bar = ie(85, ie(88, Hex.parse("ff")));
        byte[] wire = sessionMessage(50, cat(NODE_ID, CP_FSEID, pdr, far, urr, qer, bar));
        SessionEstablishmentRequest m = (SessionEstablishmentRequest) PfcpCodec.decode(wire);
        assertThat(m.createPdrs().get(0).pdrId()).isEqualTo(65535);
        assertThat(m.createPdrs().get(0).precedence()).isEqualTo(0xFFFFFFFFL);
        assertThat(m.createPdrs().get(0).urrIds()).containsExactly(0xFFFFFFFFL);
        assertThat(m.createFars().get(0).farId()).isEqualTo(0xFFFFFFFFL);
        CreateUrr u = m.createUrrs().get(0);
        assertThat(u.urrId()).isEqualTo(0xFFFFFFFFL);
        assertThat(u.reportingTriggers().setFlags()).containsExactly("PERIO");
        assertThat(m.createQers().get(0).qerId()).isEqualTo(0xFFFFFFFFL);
        assertThat(m.createBar().uint(IeType.BAR_ID)).isEqualTo(255);
        assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
        assertThat(FailedRuleId.of(FailedRuleId.URR, 0xFFFFFFFFL).ruleId()).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void ieLengthPastTheMessageEndIsInvalidLength() {
        byte[] wire = heartbeatWith(Hex.parse("00130005" + "01"));
        PfcpDecodeException e = reject(wire);
        assertThat(e.problem()).isEqualTo(PfcpProblem.IE_LENGTH_OVERRUN);
        assertThat(e.cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
        assertThat(e.offendingIeType()).isEqualTo(IeType.CAUSE.code());
        assertThat(e.offset()).isEqualTo(16);
        assertThat(e.expectedLength()).isEqualTo(5);
        assertThat(e.actualLength()).isEqualTo(1);
    }

    @Test
    void childLengthPastItsGroupedIeIsInvalidLengthNamingTheChild() {
        // Create FAR of length 13 whose FAR ID claims 10 octets: 9 are left in the group, 14 in the message.
        byte[] far = Hex.parse("0003000d" + "006c000a" + "00000001" + "002c000102");
        PfcpDecodeException e = reject(sessionMessage(50, cat(NODE_ID, CP_FSEID, PDR, far, ie(113, Hex.parse("01")))));
        assertThat(e.problem()).isEqualTo(PfcpProblem.IE_LENGTH_OVERRUN);
        assertThat(e.expectedLength()).isEqualTo(10);
        assertThat(e.actualLength()).isEqualTo(9);
        assertThat(e.cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
        assertThat(e.offendingIeType()).isEqualTo(IeType.FAR_ID.code());
    }

    @Test
    void partialIeHeaderAtTheEndIsInvalidLength() {
        PfcpDecodeException e = reject(heartbeatWith(Hex.parse("0013")));
        assertThat(e.problem()).isEqualTo(PfcpProblem.IE_LENGTH_OVERRUN);
        assertThat(e.offendingIeType()).isEqualTo(IeType.CAUSE.code());
    }

    @Test
    void groupedIesNestedBeyondTheLimitAreRejectedNotAStackOverflow() {
        byte[] inner = ie(20, Hex.parse("00"));
        for (int i = 0; i < 2000; i++) {
            inner = ie(2, inner); // PDI inside PDI inside ...
        }
        PfcpDecodeException e = reject(heartbeatWith(inner));
        assertThat(e.problem()).isEqualTo(PfcpProblem.IE_INCORRECT);
        assertThat(e.cause()).isEqualTo(PfcpCause.MANDATORY_IE_INCORRECT);
    }

    @Test
    void missingMandatoryIeInTheMessageNamesIt() {
        PfcpDecodeException e = reject(sessionMessage(50, cat(NODE_ID, PDR,
                ie(3, cat(ie(108, Hex.parse("00000001")), ie(44, Hex.parse("02")))))));
        assertThat(e.cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
        assertThat(e.offendingIeType()).isEqualTo(IeType.F_SEID.code());
        assertThat(e.header().seid()).isEqualTo(1);
    }

    @Test
    void missingMandatoryIeInAGroupNamesIt() {
        PfcpDecodeException e = reject(establishment(ie(3, ie(108, Hex.parse("00000001")))));
        assertThat(e.cause()).isEqualTo(PfcpCause.MANDATORY_IE_MISSING);
        assertThat(e.offendingIeType()).isEqualTo(IeType.APPLY_ACTION.code());
    }

    @Test
    void unknownNodeIdTypeIsMandatoryIeIncorrect() {
        PfcpDecodeException e = reject(nodeMessage(5, cat(ie(60, Hex.parse("0fc0a80001")), Wire.RECOVERY_TS)));
        assertThat(e.cause()).isEqualTo(PfcpCause.MANDATORY_IE_INCORRECT);
        assertThat(e.offendingIeType()).isEqualTo(IeType.NODE_ID.code());
    }

    @Test
    void vendorIeWithoutRoomForTheEnterpriseIdIsInvalidLength() {
        PfcpDecodeException e = reject(heartbeatWith(Hex.parse("80010001ff")));
        assertThat(e.cause()).isEqualTo(PfcpCause.INVALID_LENGTH);
        assertThat(e.offendingIeType()).isEqualTo(0x8001);
    }

    @Test
    void headerErrorsFollowSection76() {
        assertThat(reject(Hex.parse("2001")).problem()).isEqualTo(PfcpProblem.MESSAGE_TOO_SHORT);
        PfcpDecodeException v2 = reject(Hex.parse("4001000c000001000060000400000001"));
        assertThat(v2.problem()).isEqualTo(PfcpProblem.UNSUPPORTED_VERSION);
        assertThat(v2.header().sequence()).isEqualTo(1); // so a Version Not Supported Response can echo it
        assertThat(v2.cause()).isNull();
        assertThat(reject(Hex.parse("200100ff00000100")).problem()).isEqualTo(PfcpProblem.INVALID_MESSAGE_LENGTH);
        assertThat(reject(Hex.parse("20c8000400000100")).problem()).isEqualTo(PfcpProblem.UNKNOWN_MESSAGE_TYPE);
        assertThat(reject(Hex.parse("2032000400000100")).problem()).isEqualTo(PfcpProblem.INVALID_HEADER);
        assertThat(reject(Hex.parse("20010002000001")).problem()).isEqualTo(PfcpProblem.MESSAGE_TOO_SHORT);
    }

    @Test
    void unknownAndVendorIesAreKeptInPlaceAndReencoded() {
        byte[] wire = heartbeatWith(cat(ie(0x7ABC, Hex.parse("0102")), Hex.parse("80070006" + "28af" + "deadbeef"),
                ie(999, new byte[0])));
        PfcpMessage m = PfcpCodec.decode(wire);
        assertThat(m.ies()).extracting(i -> i.type()).containsExactly(96, 0x7ABC, 0x8007, 999);
        assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
    }

    @Test
    void extraOctetsBeyondTheDefinedFieldsAreKept() {
        // §8.1.1: a receiver ignores octets after the fields it knows; Cause with 3 extra octets.
        byte[] wire = nodeMessage(2, cat(Wire.RECOVERY_TS, ie(19, Hex.parse("01aabbcc"))));
        PfcpMessage m = PfcpCodec.decode(wire);
        assertThat(m.cause()).isEqualTo(PfcpCause.REQUEST_ACCEPTED);
        assertThat(PfcpCodec.encode(m)).isEqualTo(wire);
    }

    @Test
    void lenientDecoderStillReportsStructuralErrors() {
        assertThat(IeCodec.lenient()).isNotNull();
        byte[] noApplyAction = establishment(ie(3, ie(108, Hex.parse("00000001"))));
        PfcpMessage m = org.upf.pfcp.PfcpDecoder.lenient().decode(io.netty.buffer.Unpooled.wrappedBuffer(noApplyAction));
        assertThat(PfcpCodec.encode(m)).isEqualTo(noApplyAction);
    }
}
