package org.upf.bpf.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the frames of a classic libpcap file (either byte order, µs or ns timestamps), e.g. from tcpdump -w. */
public final class PcapReader {
    private PcapReader() {}

    public static List<byte[]> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> frames = new ArrayList<>();
        if (b.remaining() < 24) {
            return frames; // the capturing tool stopped before writing its header: nothing captured
        }
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IOException(file + " is not a classic pcap file (magic " + Integer.toHexString(magic) + ")");
            }
        }
        b.position(24);
        while (b.remaining() >= 16) {
            b.position(b.position() + 8); // timestamp
            int captured = b.getInt();
            b.getInt(); // original length
            if (captured > b.remaining()) {
                break; // last record cut short by the writer being stopped
            }
            byte[] frame = new byte[captured];
            b.get(frame);
            frames.add(frame);
        }
        return frames;
    }
}
