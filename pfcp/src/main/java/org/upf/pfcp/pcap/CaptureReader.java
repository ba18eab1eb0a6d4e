package org.upf.pfcp.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcap (tcpdump, microsecond and nanosecond variants, either byte order) and pcapng (Section Header,
 * Interface Description, Enhanced/Simple/obsolete Packet blocks; several sections and interfaces) files
 * into {@link CaptureFrame}s. Formats: tcpdump.org pcap(5) and draft-ietf-opsawg-pcapng. A frame cut
 * short at the end of the file is dropped; other damage throws {@link CaptureFormatException}.
 */
public final class CaptureReader {
    private static final int PCAP_MAGIC_US = 0xa1b2c3d4;
    private static final int PCAP_MAGIC_NS = 0xa1b23c4d;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IDB = 1;
    private static final int OPB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;

    private CaptureReader() {
    }

    public static List<CaptureFrame> read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public static List<CaptureFrame> read(byte[] file) throws CaptureFormatException {
        if (file.length < 4) {
            throw new CaptureFormatException("file too short for a capture header");
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        if (magic == PCAPNG_SHB) {
            return readPcapng(b);
        }
        if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS) {
            return readPcap(b, magic == PCAP_MAGIC_NS);
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        magic = b.getInt(0);
        if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS) {
            return readPcap(b, magic == PCAP_MAGIC_NS);
        }
        throw new CaptureFormatException("not a pcap or pcapng file (magic " + Integer.toHexString(magic) + ")");
    }

    private static List<CaptureFrame> readPcap(ByteBuffer b, boolean nanos) throws CaptureFormatException {
        if (b.limit() < 24) {
            throw new CaptureFormatException("pcap global header cut short");
        }
        int linkType = b.getInt(20) & 0x0FFFFFFF; // upper bits carry FCS info (pcap(5))
        List<CaptureFrame> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            long sec = b.getInt(pos) & 0xFFFFFFFFL;
            long frac = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int capLen = b.getInt(pos + 8);
            pos += 16;
            if (capLen < 0 || pos + capLen > b.limit()) {
                break;
            }
            byte[] data = new byte[capLen];
            b.get(pos, data);
            pos += capLen;
            frames.add(new CaptureFrame(frames.size() + 1, linkType, sec * 1_000_000_000L + (nanos ? frac : frac * 1000),
                    data));
        }
        return frames;
    }

    private static List<CaptureFrame> readPcapng(ByteBuffer b) throws CaptureFormatException {
        List<CaptureFrame> frames = new ArrayList<>();
        List<int[]> interfaces = new ArrayList<>(); // {linkType, tsResolutionExponent(neg: power of 2)}
        int pos = 0;
        while (pos + 12 <= b.limit()) {
            int type = b.getInt(pos); // the SHB type reads the same in both byte orders
            if (type == PCAPNG_SHB) {
                int bom = b.getInt(pos + 8);
                b.order(bom == PCAPNG_BYTE_ORDER_MAGIC ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                if (b.getInt(pos + 8) != PCAPNG_BYTE_ORDER_MAGIC) {
                    throw new CaptureFormatException("pcapng section header with bad byte-order magic at " + pos);
                }
                interfaces.clear();
            }
            int length = b.getInt(pos + 4);
            if (length < 12 || (length & 3) != 0) {
                throw new CaptureFormatException("pcapng block length " + length + " at offset " + pos);
            }
            if (pos + length > b.limit()) {
                break; // cut short at the end of the file
            }
            int body = pos + 8;
            switch (type) {
                case IDB -> interfaces.add(new int[] {b.getShort(body) & 0xFFFF, tsResolution(b, body + 8,
                        pos + length - 4)});
                case EPB -> frames.add(packet(b, frames.size() + 1, interfaces, b.getInt(body),
                        (b.getInt(body + 4) & 0xFFFFFFFFL) << 32 | (b.getInt(body + 8) & 0xFFFFFFFFL),
                        b.getInt(body + 12), body + 20));
                case OPB -> frames.add(packet(b, frames.size() + 1, interfaces, b.getShort(body) & 0xFFFF,
                        (b.getInt(body + 4) & 0xFFFFFFFFL) << 32 | (b.getInt(body + 8) & 0xFFFFFFFFL),
                        b.getInt(body + 12), body + 20));
                case SPB -> frames.add(packet(b, frames.size() + 1, interfaces, 0, 0,
                        Math.min(b.getInt(body), length - 16), body + 4));
                default -> {
                    // Name resolution, statistics, custom blocks: nothing PFCP needs.
                }
            }
            pos += length;
        }
        return frames;
    }

    /** if_tsresol option (code 9): default microseconds (exponent 6). */
    private static int tsResolution(ByteBuffer b, int opt, int end) {
        while (opt + 4 <= end) {
            int code = b.getShort(opt) & 0xFFFF;
            int len = b.getShort(opt + 2) & 0xFFFF;
            if (code == 0) {
                break;
            }
            if (code == 9 && len >= 1) {
                int v = b.get(opt + 4);
                return (v & 0x80) != 0 ? -(v & 0x7F) : v;
            }
            opt += 4 + ((len + 3) & ~3);
        }
        return 6;
    }

    private static CaptureFrame packet(ByteBuffer b, int number, List<int[]> interfaces, int ifIndex, long ts,
                                       int capLen, int dataAt) throws CaptureFormatException {
        if (ifIndex >= interfaces.size() && !(interfaces.isEmpty() && ifIndex == 0)) {
            throw new CaptureFormatException("packet block for undeclared interface " + ifIndex);
        }
        int[] itf = interfaces.isEmpty() ? new int[] {1, 6} : interfaces.get(ifIndex);
        if (capLen < 0 || dataAt + capLen > b.limit()) {
            throw new CaptureFormatException("packet block data past its end in frame " + number);
        }
        byte[] data = new byte[capLen];
        b.get(dataAt, data);
        return new CaptureFrame(number, itf[0], toNanos(ts, itf[1]), data);
    }

    private static long toNanos(long ts, int resolution) {
        if (resolution < 0) {
            return (long) (ts * (1e9 / Math.pow(2, -resolution)));
        }
        long unitsPerSecond = (long) Math.pow(10, resolution);
        return ts / unitsPerSecond * 1_000_000_000L + ts % unitsPerSecond * (1_000_000_000L / unitsPerSecond);
    }
}
