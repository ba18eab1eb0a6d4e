package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * One PFCP Information Element, TS 29.244 §8.1.1. Implementations are immutable values; each knows how to
 * write its value part (everything after Type and Length). Decoding lives in the {@link IeRegistry}'s
 * per-type {@link IeDecoder}s. {@link #describe(IeFields)} lists the decoded fields by name so printers
 * (JSON, logs) can walk any IE without knowing its class; see {@link IeTree}.
 */
public interface Ie {

    /** IE type code (0..65535). */
    int type();

    /** Writes the value part (after the 4-octet Type/Length; includes the Enterprise ID for vendor IEs). */
    void encodeValue(ByteBuf out);

    /** Reports this IE's decoded fields (leaf IEs) by name; grouped IEs report nothing here. */
    void describe(IeFields fields);

    /** The known type, or {@code null} for unknown and vendor-specific codes. */
    default IeType ieType() {
        return IeType.forCode(type());
    }

    default String name() {
        return IeType.nameOf(type());
    }

    /** The typed IE inside a wrapper that only preserves extra octets ({@link ExtendedIe}); else this. */
    default Ie unwrap() {
        return this;
    }
}
