package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.UintIe;
import org.upf.pfcp.ie.UpdateFar;

/** Which Update FARs ask for an End Marker on the old tunnel (TS 29.244 §7.5.4.3-2 SNDEM, TS 29.281 §7.3.2). */
class FarSpecEndMarkerTest {
    private static final byte[] GNB_2 = {(byte) 198, 18, 3, 3};

    private final FarSpec before = FarSpec.of(Requests.farToGnb(2, 0x2001));

    @Test
    void sndemInUpdateForwardingParametersWithANewTunnelEndsTheOldOne() throws Exception {
        UpdateFar u = update(GNB_2, 0x3001, true, false);
        assertThat(switches(u)).containsExactly(
                new TunnelSwitch(InetAddress.getByAddress(Requests.GNB), 0x2001, false));
    }

    @Test
    void sndemAtUpdateFarLevelIsAcceptedToo() {
        assertThat(switches(update(GNB_2, 0x3001, false, true))).hasSize(1);
    }

    @Test
    void noSndemOrNoChangeMeansNoEndMarker() {
        assertThat(switches(update(GNB_2, 0x3001, false, false))).as("no SNDEM").isEmpty();
        assertThat(switches(update(Requests.GNB, 0x2001, true, false))).as("same tunnel").isEmpty();
        assertThat(switches(update(Requests.GNB, 0x2002, true, false))).as("same gNB, new TEID").hasSize(1);
    }

    @Test
    void aFarThatDidNotForwardHasNoOldTunnel() {
        FarSpec buffering = FarSpec.of(new org.upf.pfcp.ie.CreateFar(List.of(UintIe.of(IeType.FAR_ID, 4, 2),
                FlagsIe.of(IeType.APPLY_ACTION, "BUFF"))));
        UpdateFar u = update(GNB_2, 0x3001, true, false);
        assertThat(FarSpec.endMarkers(List.of(u), Map.of(2L, buffering), Map.of(2L, buffering.update(u)))).isEmpty();
    }

    private List<TunnelSwitch> switches(UpdateFar u) {
        return FarSpec.endMarkers(List.of(u), Map.of(2L, before), Map.of(2L, before.update(u)));
    }

    private static UpdateFar update(byte[] gnb, long teid, boolean sndemInParameters, boolean sndemInFar) {
        List<Ie> params = new ArrayList<>(List.of(Requests.u8(IeType.DESTINATION_INTERFACE, 0),
                OuterHeaderCreation.gtpu(teid, gnb, null)));
        if (sndemInParameters) {
            params.add(FlagsIe.of(IeType.PFCPSMREQ_FLAGS, "SNDEM"));
        }
        List<Ie> ies = new ArrayList<>(List.of(UintIe.of(IeType.FAR_ID, 4, 2),
                FlagsIe.of(IeType.APPLY_ACTION, "FORW"),
                new ForwardingParameters(IeType.UPDATE_FORWARDING_PARAMETERS, params)));
        if (sndemInFar) {
            ies.add(FlagsIe.of(IeType.PFCPSMREQ_FLAGS, "SNDEM"));
        }
        return new UpdateFar(ies);
    }
}
