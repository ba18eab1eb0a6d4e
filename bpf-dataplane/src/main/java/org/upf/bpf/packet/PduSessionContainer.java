package org.upf.bpf.packet;

/**
 * PDU Session Container extension header (TS 29.281 §5.2.2.7) whose content is a PDU Session
 * Information frame of TS 38.415 §5.5.2. Padding to (n*4 - 2) octets (TS 38.415 §5.5.3, "Padding")
 * is exactly the 4-octet unit padding of {@link GtpuExtension}.
 *
 * <pre>
 * DL PDU SESSION INFORMATION (PDU Type 0), TS 38.415 §5.5.2.1:
 *   octet 1: PDU Type (bits 8-5) | QMP | SNP | MSNP | spare
 *   octet 2: PPP | RQI | QoS Flow Identifier (6 bits)
 *   octet 3 (if PPP): PPI (3 bits) | spare (5 bits)
 * UL PDU SESSION INFORMATION (PDU Type 1), TS 38.415 §5.5.2.2:
 *   octet 1: PDU Type (bits 8-5) | QMP | DL Delay Ind. | UL Delay Ind. | SNP
 *   octet 2: N3/N9 Delay Ind. | New IE Flag | QoS Flow Identifier (6 bits)
 * </pre>
 * Only the fields a UPF acts on are modelled (QFI, RQI, PPP/PPI); the optional timing and sequence
 * fields stay absent (their flags 0). Anything else can be crafted with a raw {@link GtpuExtension}.
 */
public final class PduSessionContainer extends GtpuExtension {
    public static final int PDU_TYPE_DL = 0;
    public static final int PDU_TYPE_UL = 1;

    private final int pduType;
    private final int qfi;
    private boolean rqi;
    private Integer ppi;

    private PduSessionContainer(int pduType, int qfi) {
        super(PDU_SESSION_CONTAINER, new byte[0]);
        if (qfi < 0 || qfi > 63) {
            throw new IllegalArgumentException("QFI is 6 bits (0..63), got " + qfi);
        }
        this.pduType = pduType;
        this.qfi = qfi;
    }

    /** DL PDU SESSION INFORMATION (UPF towards gNB). */
    public static PduSessionContainer dl(int qfi) {
        return new PduSessionContainer(PDU_TYPE_DL, qfi);
    }

    /** UL PDU SESSION INFORMATION (gNB towards UPF). */
    public static PduSessionContainer ul(int qfi) {
        return new PduSessionContainer(PDU_TYPE_UL, qfi);
    }

    /** Reflective QoS Indicator (DL only, TS 38.415 §5.5.3.4). */
    public PduSessionContainer rqi(boolean value) {
        requireDl("RQI");
        this.rqi = value;
        return this;
    }

    /** Sets PPP and the Paging Policy Indicator (DL only, TS 38.415 §5.5.3). */
    public PduSessionContainer ppi(int value) {
        requireDl("PPI");
        if (value < 0 || value > 7) {
            throw new IllegalArgumentException("PPI is 3 bits (0..7), got " + value);
        }
        this.ppi = value;
        return this;
    }

    private void requireDl(String field) {
        if (pduType != PDU_TYPE_DL) {
            throw new IllegalStateException(field + " exists only in DL PDU SESSION INFORMATION");
        }
    }

    @Override
    protected byte[] content() {
        int octet2 = (ppi != null ? 0x80 : 0) | (rqi ? 0x40 : 0) | qfi;
        if (ppi == null) {
            return new byte[] {(byte) (pduType << 4), (byte) octet2};
        }
        return new byte[] {(byte) (pduType << 4), (byte) octet2, (byte) (ppi << 5)};
    }
}
