package org.upf.pfcp.pcap;

import java.io.IOException;

/** The file is not a pcap/pcapng capture, or is cut short inside a block header. */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
