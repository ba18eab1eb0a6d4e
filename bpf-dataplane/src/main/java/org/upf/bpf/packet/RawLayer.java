package org.upf.bpf.packet;

/** Opaque bytes: an application payload, or any header the builder has no class for. */
public final class RawLayer extends Layer {
    private final byte[] bytes;

    RawLayer(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    @Override
    byte[] encode(byte[] payload, EncodeContext ctx) {
        byte[] out = new byte[bytes.length + payload.length];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        System.arraycopy(payload, 0, out, bytes.length, payload.length);
        return out;
    }

    @Override
    public String name() {
        return "payload";
    }
}
