package org.upf.pfcp.pcap;

import java.net.InetSocketAddress;

/** A UDP datagram found in a captured frame, with the frame it came from. */
public record UdpDatagram(CaptureFrame frame, InetSocketAddress source, InetSocketAddress destination,
                          byte[] payload) {
}
