package org.upf.control.session;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.upf.pfcp.PfcpCodec;
import org.upf.pfcp.PfcpMessage;
import org.upf.pfcp.PfcpMessageType;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.CreateFar;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.CreateQer;
import org.upf.pfcp.ie.CreateUrr;
import org.upf.pfcp.ie.FSeid;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FlagsIe;
import org.upf.pfcp.ie.ForwardingParameters;
import org.upf.pfcp.ie.Ie;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.NodeId;
import org.upf.pfcp.ie.OuterHeaderCreation;
import org.upf.pfcp.ie.OuterHeaderRemoval;
import org.upf.pfcp.ie.Pdi;
import org.upf.pfcp.ie.RemoveRule;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UintIe;

/** PFCP requests as an SMF sends them, built with the codec's IEs and passed through encode/decode. */
public final class Requests {
    public static final NodeId SMF = NodeId.ipv4(new byte[] {127, 0, 0, 1});
    public static final byte[] GNB = {(byte) 198, 18, 3, 2};

    private Requests() {
    }

    public static PfcpMessage wire(PfcpMessage m) {
        return PfcpCodec.decode(PfcpCodec.encode(m));
    }

    public static PfcpMessage associationSetup() {
        return wire(PfcpMessage.builder(PfcpMessageType.ASSOCIATION_SETUP_REQUEST).sequence(1).nodeId(SMF)
                .recoveryTimeStamp(3_900_000_000L).build());
    }

    public static PfcpMessage establishment(long cpSeid, Ie... ies) {
        return wire(unchecked(cpSeid, ies));
    }

    /** An establishment that skips the decoder's mandatory-IE checks (to test the service's own). */
    public static PfcpMessage unchecked(long cpSeid, Ie... ies) {
        return PfcpMessage.builder(PfcpMessageType.SESSION_ESTABLISHMENT_REQUEST).seid(0).sequence(2)
                .nodeId(SMF).add(FSeid.of(cpSeid, new byte[] {127, 0, 0, 1}, null)).addAll(Arrays.asList(ies)).build();
    }

    public static PfcpMessage modification(long upSeid, Ie... ies) {
        return wire(PfcpMessage.builder(PfcpMessageType.SESSION_MODIFICATION_REQUEST).seid(upSeid).sequence(3)
                .addAll(Arrays.asList(ies)).build());
    }

    public static PfcpMessage deletion(long upSeid) {
        return wire(PfcpMessage.builder(PfcpMessageType.SESSION_DELETION_REQUEST).seid(upSeid).sequence(4).build());
    }

    /** The usual pair: uplink PDR 1 (F-TEID CHOOSE, CHOOSE ID 1) -> FAR 1 to N6, downlink PDR 2 -> FAR 2 to the gNB. */
    public static Ie[] basicSession(String ue) {
        return new Ie[] {
            uplinkPdr(1, 1, 1), downlinkPdr(2, ue, 2), farToN6(1), farToGnb(2, 0x2001), qer(1), urr(1)};
    }

    public static CreatePdr uplinkPdr(int id, int chooseId, long farId, Ie... extra) {
        List<Ie> pdi = List.of(u8(IeType.SOURCE_INTERFACE, 0), FTeid.choose(true, false, chooseId));
        List<Ie> ies = new ArrayList<>(List.of(UintIe.of(IeType.PDR_ID, 2, id), UintIe.of(IeType.PRECEDENCE, 4, 100),
                new Pdi(pdi), OuterHeaderRemoval.of(0), UintIe.of(IeType.FAR_ID, 4, farId),
                UintIe.of(IeType.QER_ID, 4, 1), UintIe.of(IeType.URR_ID, 4, 1)));
        ies.addAll(Arrays.asList(extra));
        return new CreatePdr(ies);
    }

    public static CreatePdr downlinkPdr(int id, String ue, long farId) {
        byte[] a = addr(ue);
        UeIpAddress ueIp = ue == null ? new UeIpAddress(UeIpAddress.SD | UeIpAddress.V4 | UeIpAddress.CHV4, null, null,
                UeIpAddress.ABSENT, UeIpAddress.ABSENT) : UeIpAddress.of(true, a, null);
        return new CreatePdr(List.of(UintIe.of(IeType.PDR_ID, 2, id), UintIe.of(IeType.PRECEDENCE, 4, 100),
                new Pdi(List.of(u8(IeType.SOURCE_INTERFACE, 1), ueIp)), UintIe.of(IeType.FAR_ID, 4, farId),
                UintIe.of(IeType.QER_ID, 4, 1), UintIe.of(IeType.URR_ID, 4, 1)));
    }

    public static CreateFar farToN6(long id) {
        return new CreateFar(List.of(UintIe.of(IeType.FAR_ID, 4, id), FlagsIe.of(IeType.APPLY_ACTION, "FORW"),
                new ForwardingParameters(IeType.FORWARDING_PARAMETERS, List.of(u8(IeType.DESTINATION_INTERFACE, 1)))));
    }

    public static CreateFar farToGnb(long id, long gnbTeid) {
        return new CreateFar(List.of(UintIe.of(IeType.FAR_ID, 4, id), FlagsIe.of(IeType.APPLY_ACTION, "FORW"),
                new ForwardingParameters(IeType.FORWARDING_PARAMETERS, List.of(u8(IeType.DESTINATION_INTERFACE, 0),
                        OuterHeaderCreation.gtpu(gnbTeid, GNB, null)))));
    }

    public static CreateQer qer(long id) {
        return new CreateQer(List.of(UintIe.of(IeType.QER_ID, 4, id), u8(IeType.GATE_STATUS, 0),
                BitRate.mbr(100_000, 200_000), u8(IeType.QFI, 9)));
    }

    public static CreateUrr urr(long id) {
        return new CreateUrr(List.of(UintIe.of(IeType.URR_ID, 4, id), FlagsIe.of(IeType.MEASUREMENT_METHOD, "VOLUM"),
                new FlagsIe(IeType.REPORTING_TRIGGERS.code(), new byte[] {1, 0})));
    }

    public static RemoveRule removePdr(int id) {
        return new RemoveRule(IeType.REMOVE_PDR, IeType.PDR_ID, List.of(UintIe.of(IeType.PDR_ID, 2, id)));
    }

    public static RemoveRule removeFar(long id) {
        return new RemoveRule(IeType.REMOVE_FAR, IeType.FAR_ID, List.of(UintIe.of(IeType.FAR_ID, 4, id)));
    }

    public static UintIe u8(IeType t, long v) {
        return UintIe.of(t, 1, v);
    }

    public static byte[] addr(String s) {
        try {
            return s == null ? null : InetAddress.getByName(s).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
