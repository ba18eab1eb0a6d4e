package org.upf.bpf.dataplane;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Session rules the packet tests share: one UE with IPv4 and an IPv6 /64, one TEID, N6 and N3 FARs. */
final class Sessions {
    static final String UE = "198.19.200.1";
    static final String UE_V6 = "2001:db8:200:1::1";
    static final String UE_V6_PREFIX = "2001:db8:200:1::";
    static final int TEID = 0x42;
    static final int GNB_TEID = 0x2000_0001;
    static final int QFI = 9;
    static final int DSCP_EF_TOS = 0xb8;
    static final int SESSION = 1;
    static final int PDR_UL = 1;
    static final int PDR_DL = 2;
    static final int FAR_N6 = 1;
    static final int FAR_N3 = 2;
    static final int QER = 1;
    static final int URR = 1;

    private Sessions() {}

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static Inet4Address v4(String s) {
        return (Inet4Address) addr(s);
    }

    static Inet6Address v6(String s) {
        return (Inet6Address) addr(s);
    }

    static UeSession ue() {
        return new UeSession(v4(UE), v6(UE_V6_PREFIX), 64);
    }

    /** The base session: uplink PDR on TEID (QFI 9) -> N6; downlink PDRs for the UE -> GTP-U toward the gNB. */
    static SessionRules.Builder basic(FarRule toGnb) {
        return SessionRules.builder(SESSION, ue())
                .far(FAR_N6, FarRule.forwardToN6())
                .far(FAR_N3, toGnb)
                .qer(QER, QerRule.open(QFI))
                .urr(URR)
                .pdr(PDR_UL, new PdrRule(FAR_N6, QER, 0, URR, 0, Direction.UPLINK, QFI, null))
                .pdr(PDR_DL, new PdrRule(FAR_N3, QER, 0, URR, 0, Direction.DOWNLINK, null, null))
                .uplinkTeid(TEID, PDR_UL)
                .downlink(v4(UE), PDR_DL)
                .downlinkPrefix(v6(UE_V6_PREFIX), 64, PDR_DL);
    }

    static FarRule toGnbV4() {
        return FarRule.forwardGtpu(addr(Testbed.UPF_N3), addr(Testbed.GNB), GNB_TEID, DSCP_EF_TOS);
    }

    static FarRule toGnbV6() {
        return FarRule.forwardGtpu(addr(Testbed.UPF_N3_V6), addr(Testbed.GNB_V6), GNB_TEID, DSCP_EF_TOS);
    }
}
