package org.upf.control.config;

import java.util.Locale;

/**
 * What the UPF does with the sessions of a CP function whose Recovery Time Stamp changed (it restarted, TS 29.244
 * §6.2.3; config key associations.peerRestart).
 */
public enum PeerRestart {
    /** Delete them at once (TS 23.527 §4.3: the UPF deletes the session contexts affected by the restart). */
    DELETE,
    /**
     * Keep them for restoration: a CP function of an SMF set (MPAS/SSET, TS 29.244 §5.22) sets the association up again
     * with PFCP Session Retention Information and goes on with its sessions (§6.2.6.2.2).
     */
    KEEP;

    static PeerRestart parse(String text) {
        for (PeerRestart p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not delete or keep");
    }
}
