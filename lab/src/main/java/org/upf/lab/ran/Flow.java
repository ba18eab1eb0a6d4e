package org.upf.lab.ran;

/**
 * The flows each emulated UE sends toward the data network, and the QoS flow (QFI) the downlink answer must
 * come back in (TS 38.415 PDU Session Container).
 */
public enum Flow {
    /** ICMP echo to the DN host, answered by its kernel; default QoS flow. */
    ICMP,
    /** UDP to the DN's echo port; default QoS flow. */
    UDP,
    /** UDP to the DN's dedicated-flow echo port; the dedicated QoS flow (SDF filter on the remote port). */
    UDP_DEDICATED;

    public static final int ECHO_PORT = 7000;
    public static final int DEDICATED_PORT = 7001;
}
