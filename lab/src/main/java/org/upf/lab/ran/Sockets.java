package org.upf.lab.ran;

import java.net.DatagramSocket;
import java.net.SocketException;

/** Socket settings shared by the emulated endpoints. */
final class Sockets {
    /**
     * 4 MiB (the usual net.core.rmem_max here; the kernel caps larger requests): a receiver thread delayed a few
     * hundred milliseconds on a busy host would otherwise overflow the default ~200 KB buffer and count as loss.
     */
    static final int BUFFER = 4 << 20;

    private Sockets() {
    }

    static void enlargeBuffers(DatagramSocket socket) {
        try {
            socket.setReceiveBufferSize(BUFFER);
            socket.setSendBufferSize(BUFFER);
        } catch (SocketException e) {
            socket.close();
            throw new IllegalStateException("cannot size socket buffers: " + e.getMessage(), e);
        }
    }
}
