package org.upf.pfcp.pcap;

/**
 * One captured frame: 1-based frame number (as Wireshark counts), link-layer type (LINKTYPE_* of
 * tcpdump.org), capture time in nanoseconds since the epoch, captured octets.
 */
public record CaptureFrame(int number, int linkType, long timestampNanos, byte[] data) {
}
