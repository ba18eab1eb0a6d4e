package org.upf.pfcp;

import org.upf.pfcp.ie.IeType;

/**
 * A PFCP message that cannot be decoded or is missing a mandatory part. It says where (byte offset from the
 * start of the PFCP message), which IE (type and name), why (expected vs. actual length) and which PFCP
 * cause the spec names for it (TS 29.244 §7.6), so the node can answer with that cause and the Offending IE
 * instead of dropping the message. {@link #header()} is set whenever the header itself was readable, which
 * is what the node needs to address the rejection response.
 */
public final class PfcpDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** No IE involved (header-level problem). */
    public static final int NO_IE = -1;

    private final PfcpProblem problem;
    private final int offset;
    private final int ieType;
    private final int expectedLength;
    private final int actualLength;
    private final transient PfcpHeader header;

    public PfcpDecodeException(PfcpProblem problem, String detail, int offset, int ieType,
                               int expectedLength, int actualLength, PfcpHeader header) {
        super(format(problem, detail, offset, ieType, expectedLength, actualLength, header));
        this.problem = problem;
        this.offset = offset;
        this.ieType = ieType;
        this.expectedLength = expectedLength;
        this.actualLength = actualLength;
        this.header = header;
    }

    /** A copy that also carries the message header (the IE decoder does not know it). */
    public PfcpDecodeException withHeader(PfcpHeader h) {
        PfcpDecodeException e = new PfcpDecodeException(problem, detailOf(getMessage()), offset, ieType,
                expectedLength, actualLength, h);
        e.setStackTrace(getStackTrace());
        return e;
    }

    public PfcpProblem problem() {
        return problem;
    }

    /** The cause the node puts in its rejection response, or {@code null} if the spec says to discard. */
    public PfcpCause cause() {
        return problem.cause();
    }

    /** Byte offset from the first octet of the PFCP message where the problem was found. */
    public int offset() {
        return offset;
    }

    /** The Offending IE type (TS 29.244 §8.2.22), or {@link #NO_IE}. */
    public int offendingIeType() {
        return ieType;
    }

    /** Expected length in octets, or -1 if not a length problem. */
    public int expectedLength() {
        return expectedLength;
    }

    /** Actual length in octets, or -1 if not a length problem. */
    public int actualLength() {
        return actualLength;
    }

    /** The decoded header, or {@code null} if the header itself was unreadable. */
    public PfcpHeader header() {
        return header;
    }

    private static final String SEP = ": ";

    private static String format(PfcpProblem problem, String detail, int offset, int ieType, int expected,
                                 int actual, PfcpHeader header) {
        StringBuilder sb = new StringBuilder();
        sb.append(problem).append(" at offset ").append(offset);
        if (ieType != NO_IE) {
            sb.append(" in IE ").append(IeType.nameOf(ieType)).append(" (type ").append(ieType).append(')');
        }
        if (expected >= 0) {
            sb.append(", expected length ").append(expected).append(", actual ").append(actual);
        }
        if (header != null) {
            sb.append(", message ").append(PfcpMessageType.nameOf(header.messageType()))
                    .append(" seq ").append(header.sequence());
        }
        if (problem.cause() != null) {
            sb.append(", cause ").append(problem.cause().code()).append(' ').append(problem.cause().description());
        }
        return sb.append(SEP).append(detail).toString();
    }

    private static String detailOf(String message) {
        return message.substring(message.indexOf(SEP) + SEP.length());
    }
}
