package org.upf.pfcp.ie;

import java.util.List;

/** TS 29.244 §7.5.2.2-2 PDI (IE type 2): what a PDR matches. */
public final class Pdi extends GroupedIe {
    public Pdi(List<Ie> ies) {
        super(IeType.PDI, ies);
    }

    /** The decoder's form: takes the children array without a copy. */
    Pdi(Ie[] ies) {
        super(IeType.PDI, ies);
    }

    /** Source Interface value (§8.2.2: 0 Access, 1 Core, 2 SGi-LAN/N6-LAN, 3 CP-function), -1 if absent. */
    public int sourceInterface() {
        return (int) uint(IeType.SOURCE_INTERFACE);
    }

    public FTeid localFTeid() {
        return find(IeType.F_TEID, FTeid.class);
    }

    public String networkInstance() {
        return text(IeType.NETWORK_INSTANCE);
    }

    public List<UeIpAddress> ueIpAddresses() {
        return findAll(IeType.UE_IP_ADDRESS, UeIpAddress.class);
    }

    public List<SdfFilter> sdfFilters() {
        return findAll(IeType.SDF_FILTER, SdfFilter.class);
    }

    public String applicationId() {
        return text(IeType.APPLICATION_ID);
    }

    /** QFIs (§8.2.89) to match. */
    public List<Long> qfis() {
        return uints(IeType.QFI);
    }

    /** 3GPP Interface Type of the source, -1 if absent. */
    public int sourceInterfaceType() {
        return (int) uint(IeType.TGPP_INTERFACE_TYPE);
    }
}
