package org.upf.pfcp.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.ie.ExtendedIe;
import org.upf.pfcp.ie.GroupedIe;
import org.upf.pfcp.ie.Hex;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeRegistry;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OctetsIe;
import org.upf.pfcp.pcap.UdpDatagram;

/**
 * Every PFCP message in every real capture decodes (strict: with mandatory-IE checks) and re-encodes to the
 * identical bytes; the number of messages per file matches what tshark counts, so a capture-reader miss
 * fails too.
 */
class CaptureConformanceTest {

    @Test
    void everyCapturedMessageDecodesAndReencodesByteForByte() {
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder("capture | PFCP messages | byte-identical\n");
        for (Map.Entry<String, Integer> e : ConformanceCaptures.EXPECTED.entrySet()) {
            int messages = 0;
            int identical = 0;
            for (UdpDatagram d : ConformanceCaptures.pfcpDatagrams(e.getKey())) {
                ByteBuf buf = Unpooled.wrappedBuffer(d.payload());
                while (buf.isReadable()) {
                    int start = buf.readerIndex();
                    messages++;
                    try {
                        PfcpMessage m = PfcpCodec.decode(buf);
                        byte[] original = new byte[buf.readerIndex() - start];
                        buf.getBytes(start, original);
                        byte[] again = PfcpCodec.encode(m);
                        checkTyped(m.ies(), e.getKey() + " frame " + d.frame().number(), failures);
                        if (java.util.Arrays.equals(original, again)) {
                            identical++;
                        } else {
                            failures.add(e.getKey() + " frame " + d.frame().number() + " " + m.type()
                                    + ": re-encoded differs\n  in:  " + Hex.of(original) + "\n  out: " + Hex.of(again));
                        }
                        if (!m.header().followOn()) {
                            break;
                        }
                    } catch (PfcpDecodeException ex) {
                        failures.add(e.getKey() + " frame " + d.frame().number() + ": " + ex.getMessage());
                        break;
                    }
                }
            }
            table.append(e.getKey()).append(" | ").append(messages).append(" | ").append(identical).append('\n');
            if (messages != e.getValue()) {
                failures.add(e.getKey() + ": found " + messages + " PFCP messages, tshark finds " + e.getValue());
            }
        }
        System.out.println(table);
        assertThat(failures).isEmpty();
    }

    private static final IeRegistry REGISTRY = IeRegistry.standard();

    /**
     * Every IE in the captures gets a typed decoder (opaque octets only for the octet-string IEs) and none
     * has octets beyond the fields we parse: a layout mismatch would show up here.
     */
    private static void checkTyped(List<Ie> ies, String where, List<String> failures) {
        for (Ie ie : ies) {
            if (ie instanceof ExtendedIe x) {
                failures.add(where + ": " + ie.name() + " has " + x.extraOctets().length + " octets beyond its fields");
            } else if (ie instanceof GroupedIe g) {
                checkTyped(g.ies(), where, failures);
            } else if (ie instanceof OctetsIe && (IeType.forCode(ie.type()) == null || !REGISTRY.isTyped(ie.type()))) {
                failures.add(where + ": " + ie.name() + " decoded as opaque octets");
            }
        }
    }
}
