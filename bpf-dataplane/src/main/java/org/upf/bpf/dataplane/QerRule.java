package org.upf.bpf.dataplane;

import java.nio.ByteBuffer;

/**
 * Mirror of struct upf_qer: gate, MBR / GBR (bits/s; TS 29.244 §8.2.8 / §8.2.9 carry kbit/s, the agent
 * multiplies by 1000) and QFI marking. Host byte order. A session-AMBR is a QerRule shared by the session's
 * non-GBR PDRs through {@link PdrRule#ambrQer()}.
 *
 * @param qfi QFI to mark in the PDU Session Container we emit, or null to keep the incoming one
 * @param rqi Reflective QoS Indication for downlink (TS 38.415 §5.5.3.3)
 */
public record QerRule(boolean uplinkOpen, boolean downlinkOpen, Rate uplink, Rate downlink, Integer qfi,
                      boolean rqi) implements Dataplane.Writer {
    public static final int LAYOUT_VERSION = 1;
    /** UPF_MAX_BURST: larger bursts would overflow the policer's arithmetic. */
    public static final int MAX_BURST_BYTES = 100_000_000;
    static final int GATE_UL_CLOSED = 1;
    static final int GATE_DL_CLOSED = 2;
    static final int FLAG_QFI = 1;
    static final int FLAG_RQI = 2;
    public static final CStruct C = CStruct.of("upf_qer", 56)
            .member("mbr_bps", 0, 16)
            .member("gbr_bps", 16, 16)
            .member("mbr_burst", 32, 8)
            .member("gbr_burst", 40, 8)
            .member("gate", 48, 1)
            .member("qfi", 49, 1)
            .member("flags", 50, 1)
            .member("_pad", 51, 5);

    /** Rates of one direction; 0 = no limit / no guarantee. Bursts in bytes pass at line rate from idle. */
    public record Rate(long mbrBps, int mbrBurstBytes, long gbrBps, int gbrBurstBytes) {
        public static final Rate UNLIMITED = new Rate(0, 0, 0, 0);

        public Rate {
            if (mbrBps < 0 || gbrBps < 0 || mbrBurstBytes < 0 || gbrBurstBytes < 0
                    || mbrBurstBytes > MAX_BURST_BYTES || gbrBurstBytes > MAX_BURST_BYTES) {
                throw new IllegalArgumentException("rates must be >= 0 and bursts in 0.." + MAX_BURST_BYTES);
            }
        }

        public static Rate maximum(long bps, int burstBytes) {
            return new Rate(bps, burstBytes, 0, 0);
        }
    }

    public QerRule {
        if (qfi != null && (qfi < 0 || qfi > 63)) {
            throw new IllegalArgumentException("QFI " + qfi + " not in 0..63");
        }
    }

    /** Gates open, no rate limits, marking qfi (null: none). */
    public static QerRule open(Integer qfi) {
        return new QerRule(true, true, Rate.UNLIMITED, Rate.UNLIMITED, qfi, false);
    }

    /** No QER (null), or one open in direction d with neither MBR nor GBR there: q at most marks d's packets. */
    static boolean onlyMarks(QerRule q, Direction d) {
        if (q == null) {
            return true;
        }
        Rate r = d == Direction.UPLINK ? q.uplink : q.downlink;
        return (d == Direction.UPLINK ? q.uplinkOpen : q.downlinkOpen) && r.mbrBps() == 0 && r.gbrBps() == 0;
    }

    public void write(ByteBuffer buf, int at) {
        Rate[] rates = {uplink, downlink};
        for (int d = 0; d < 2; d++) {
            buf.putLong(at + C.offset("mbr_bps") + 8 * d, rates[d].mbrBps());
            buf.putLong(at + C.offset("gbr_bps") + 8 * d, rates[d].gbrBps());
            buf.putInt(at + C.offset("mbr_burst") + 4 * d, rates[d].mbrBurstBytes());
            buf.putInt(at + C.offset("gbr_burst") + 4 * d, rates[d].gbrBurstBytes());
        }
        buf.put(at + C.offset("gate"), (byte) ((uplinkOpen ? 0 : GATE_UL_CLOSED) | (downlinkOpen ? 0 : GATE_DL_CLOSED)));
        buf.put(at + C.offset("qfi"), (byte) (qfi == null ? 0 : qfi));
        buf.put(at + C.offset("flags"), (byte) ((qfi != null ? FLAG_QFI : 0) | (rqi ? FLAG_RQI : 0)));
        for (int i = 0; i < 5; i++) {
            buf.put(at + C.offset("_pad") + i, (byte) 0);
        }
    }
}
