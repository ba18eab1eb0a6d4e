/**
 * Packet builder and reader for tests, benchmarks and the lab's emulated gNB.
 *
 * <p>{@link org.upf.bpf.packet.Packet} starts a {@link org.upf.bpf.packet.PacketBuilder}: a stack of
 * layers (Ethernet with optional 802.1Q, IPv4, IPv6, UDP, TCP, ICMP/ICMPv6 echo, GTP-U v1 with its
 * extension header chain and the PDU Session Container, raw payload) in any order, so tunnels nest
 * freely. Lengths and checksums are computed on {@code build()}; each layer's {@code Consumer}
 * overload can override them or corrupt them on purpose, and {@code truncate(n)} cuts the frame.
 *
 * <p>{@link org.upf.bpf.packet.PacketView} reads a frame back into typed header views (TEID, QFI,
 * inner addresses...), verifies checksums, and names the header field at any byte offset, which
 * {@code ProgramAssert} (test-jar) uses for readable byte diffs.
 *
 * <p>Conformance: every layer is checked byte for byte against Scapy and decoded by tshark in
 * {@code PacketBuilderScapyTest} and {@code PacketViewTsharkTest}.
 */
package org.upf.bpf.packet;
