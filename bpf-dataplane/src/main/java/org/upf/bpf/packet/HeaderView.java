package org.upf.bpf.packet;

import java.util.List;

/** One decoded header inside a frame, for assertions and for naming the bytes of a diff. */
public interface HeaderView {

    /** Protocol name, e.g. "IPv4" or "GTP-U". */
    String name();

    /** Offset of the header's first byte in the frame. */
    int offset();

    /** Header length in bytes (without payload). */
    int length();

    /** The header's named fields, offsets relative to {@link #offset()}. */
    List<Field> fields();

    /** A named byte range inside a header. */
    record Field(String name, int offset, int length) {}

    /** The name of the field holding frame byte {@code frameOffset}, e.g. "GTP-U.teid", or null. */
    default String fieldAt(int frameOffset) {
        int rel = frameOffset - offset();
        for (Field f : fields()) {
            if (rel >= f.offset() && rel < f.offset() + f.length()) {
                return name() + "." + f.name();
            }
        }
        return rel >= 0 && rel < length() ? name() : null;
    }
}
