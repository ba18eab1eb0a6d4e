package org.upf.bpf.packet;

/** A layer with one 16-bit checksum field that tests may override or corrupt. */
public abstract class ChecksummedLayer<S extends ChecksummedLayer<S>> extends Layer {
    private Integer checksum;
    private boolean corrupt;

    /** Writes exactly this value instead of the computed checksum. */
    public S checksum(int value) {
        this.checksum = value & 0xFFFF;
        return self();
    }

    /** Writes a value guaranteed not to verify. */
    public S badChecksum() {
        this.corrupt = true;
        return self();
    }

    /** Writes the checksum field at {@code at}: the computed value unless overridden or corrupted. */
    protected void writeChecksum(byte[] out, int at, int computed) {
        int value = checksum != null ? checksum : corrupt ? Checksum.corrupt(computed) : computed;
        out[at] = (byte) (value >> 8);
        out[at + 1] = (byte) value;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
