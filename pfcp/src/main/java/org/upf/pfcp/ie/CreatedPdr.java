package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.3.2 Created PDR (IE type 8) in the Session Establishment/Modification Response. */
public final class CreatedPdr extends GroupedIe {
    public CreatedPdr(List<Ie> ies) {
        super(IeType.CREATED_PDR, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    CreatedPdr(Ie[] ies) {
        super(IeType.CREATED_PDR, ies);
    }

    public static CreatedPdr of(int pdrId, FTeid localFTeid) {
        return new CreatedPdr(List.of(UintIe.of(IeType.PDR_ID, 2, pdrId), localFTeid));
    }

    public int pdrId() {
        return (int) uint(IeType.PDR_ID);
    }

    public FTeid localFTeid() {
        return find(IeType.F_TEID, FTeid.class);
    }

    public List<UeIpAddress> ueIpAddresses() {
        return findAll(IeType.UE_IP_ADDRESS, UeIpAddress.class);
    }
}
