package org.upf.bpf.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes frames to a classic libpcap file (magic 0xa1b2c3d4, version 2.4) for tshark, tcpdump or a
 * human with Wireshark. Link type 1 (Ethernet) or 101 (raw IP).
 */
public final class PcapWriter implements AutoCloseable {
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_RAW = 101;

    private final OutputStream out;
    private long micros;

    public PcapWriter(Path file, int linkType) throws IOException {
        this.out = Files.newOutputStream(file);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        out.write(h.array());
    }

    /** Writes every frame of {@code frames} into a new file. */
    public static Path write(Path file, int linkType, List<byte[]> frames) throws IOException {
        try (PcapWriter w = new PcapWriter(file, linkType)) {
            for (byte[] f : frames) {
                w.write(f);
            }
        }
        return file;
    }

    /** Appends one frame; timestamps advance by 1 µs per frame so the order is visible. */
    public void write(byte[] frame) throws IOException {
        micros++;
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length).putInt(frame.length);
        out.write(r.array());
        out.write(frame);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
