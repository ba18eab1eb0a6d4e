package org.upf.control.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpDecoder;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.pcap.CaptureReader;
import org.upf.pfcp.pcap.UdpDatagram;
import org.upf.pfcp.pcap.UdpExtractor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upf pfcp decode FILE | --hex HEX}: decodes every PFCP message in a pcap/pcapng capture (or one
 * datagram given in hex) and prints one JSON object per message and line, so interop problems with an SMF
 * can be read, grepped and diffed (jq).
 * Exit code 0 if every message decoded and re-encoded to the captured octets, 1 otherwise (or if the
 * capture cannot be read), 2 for usage errors.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode every PFCP message in a pcap/pcapng capture (or one datagram given with --hex); "
                + "print one JSON object per message.",
            "Each line has frame, time, src, dst, type, sequence, seid, the IE tree and whether re-encoding "
                    + "reproduced the captured octets (\"reencode\":\"identical\"); a message that fails to decode "
                    + "gets an \"error\" with its PFCP cause, byte offset and offending IE."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every message decoded and re-encoded identically",
            "1:a message failed to decode or re-encode, or the capture is unreadable", "2:usage error"})
final class PfcpDecodeCommand implements Callable<Integer> {
    static final int FAILED = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Lines printed (one per message) for the summary. */
    private int messages;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;

    /** A capture file, or one datagram in hex as SMF logs print them (open5gs, free5GC debug logs). */
    static final class Input {
        @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng capture")
        private Path file;

        @Option(names = "--hex", paramLabel = "HEX",
                description = "decode one PFCP datagram given in hex (spaces allowed) instead of a capture")
        private String hex;
    }

    @Option(names = "--port", defaultValue = "8805", description = "UDP port carrying PFCP (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--lenient", description = "skip the mandatory-IE checks a UPF applies (show as much as possible)")
    private boolean lenient;

    @Override
    public Integer call() {
        PfcpDecoder decoder = lenient ? PfcpDecoder.lenient() : PfcpDecoder.strict();
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        if (input.hex != null) {
            failed = decodeDatagram(decoder, parseHex(input.hex), PfcpJson::indexOnly, out);
        } else {
            List<UdpDatagram> datagrams;
            try {
                datagrams = UdpExtractor.udp(CaptureReader.read(input.file), port);
            } catch (IOException e) {
                spec.commandLine().getErr().println("upf pfcp decode: " + input.file + ": " + e.getMessage());
                return FAILED;
            }
            for (UdpDatagram d : datagrams) {
                failed += decodeDatagram(decoder, d.payload(), index -> PfcpJson.where(d, index), out);
            }
        }
        out.flush();
        // The summary goes to stderr so stdout stays one JSON object per line.
        spec.commandLine().getErr().println(messages + " PFCP messages, " + failed + " failed");
        return failed == 0 ? 0 : FAILED;
    }

    private byte[] parseHex(String hex) {
        String h = hex.replaceAll("\\s|:", "").replaceFirst("^0[xX]", "");
        if (h.isEmpty() || h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]+")) {
            throw new ParameterException(spec.commandLine(), "--hex needs an even number of hex digits: " + hex);
        }
        return Hex.parse(h);
    }

    /**
     * Prints every message of a datagram (several if chained with FO=1, §7.2.2.1); returns the failures.
     * {@code where} gives each line's leading keys (capture position) for the message index.
     */
    private int decodeDatagram(PfcpDecoder decoder, byte[] datagram, IntFunction<Map<String, Object>> where,
                                      PrintWriter out) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        int failed = 0;
        for (int index = 0; buf.isReadable(); index++) {
            Map<String, Object> line = where.apply(index);
            int start = buf.readerIndex();
            PfcpMessage m;
            try {
                m = decoder.decode(buf);
            } catch (PfcpDecodeException e) {
                PfcpJson.putError(line, e);
                print(out, line);
                return failed + 1;
            }
            PfcpJson.putMessage(line, m);
            byte[] captured = ByteBufUtil.getBytes(buf, start, buf.readerIndex() - start);
            byte[] reencoded = PfcpCodec.encode(m);
            PfcpJson.putReencode(line, captured, reencoded);
            if (!"identical".equals(line.get("reencode"))) {
                failed++;
            }
            print(out, line);
            if (!m.header().followOn()) {
                break;
            }
        }
        return failed;
    }

    private void print(PrintWriter out, Map<String, Object> line) {
        messages++;
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
