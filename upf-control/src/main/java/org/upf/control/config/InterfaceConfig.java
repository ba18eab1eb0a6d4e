package org.upf.control.config;

import java.net.InetAddress;

/** An N3/N6/N9 interface: its name in the agent's network namespace and the address the UPF uses on it. */
public record InterfaceConfig(String name, InetAddress address) {
}
