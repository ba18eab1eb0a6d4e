package org.upf.control.session;

import java.util.List;
import org.upf.bpf.dataplane.SdfFilter;
import org.upf.pfcp.ie.CreatePdr;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.IeType;
import org.upf.pfcp.ie.OuterHeaderRemoval;
import org.upf.pfcp.ie.Pdi;
import org.upf.pfcp.ie.UeIpAddress;
import org.upf.pfcp.ie.UpdatePdr;

/**
 * A PDR as the SMF defined it (TS 29.244 §7.5.2.2), checked and reduced to what the data path can do.
 *
 * @param fteid    the local F-TEID requested in the PDI (CH set: we choose), or null for an N6 PDR
 * @param ueIp     the UE IP Address of the PDI, or null
 * @param sdf      the one SDF filter, or null
 * @param qfi      the QFI to match, or null
 */
record PdrSpec(int id, long precedence, int sourceInterface, FTeid fteid, UeIpAddress ueIp, String networkInstance,
               SdfFilter sdf, Integer qfi, boolean removesGtpu, long farId, List<Long> qerIds, List<Long> urrIds) {
    /** §8.2.2 Source Interface values. */
    static final int ACCESS = 0;
    static final int CORE = 1;
    static final int SGI_LAN = 2;

    static PdrSpec of(CreatePdr c) {
        int id = c.pdrId();
        if (id < 0) {
            throw RuleException.missing(IeType.PDR_ID, false, "Create PDR");
        }
        if (c.precedence() < 0) {
            throw RuleException.missing(IeType.PRECEDENCE, false, "Create PDR " + id);
        }
        if (c.pdi() == null) {
            throw RuleException.missing(IeType.PDI, false, "Create PDR " + id);
        }
        // FAR ID is C: mandatory unless a predefined rule supplies the FAR, and predefined rules are not supported.
        if (c.farId() < 0) {
            throw RuleException.missing(IeType.FAR_ID, true, "Create PDR " + id);
        }
        if (!c.activatePredefinedRules().isEmpty()) {
            throw fail(id, "predefined rules are not supported");
        }
        return withPdi(id, c.precedence(), c.farId(), List.copyOf(c.qerIds()), List.copyOf(c.urrIds()), c.pdi(),
                c.outerHeaderRemoval(), false);
    }

    /** §7.5.4.2 Update PDR: the IEs present replace the PDR's. */
    PdrSpec update(UpdatePdr u) {
        long far = u.farId() >= 0 ? u.farId() : farId;
        List<Long> qers = u.has(IeType.QER_ID) ? List.copyOf(u.qerIds()) : qerIds;
        List<Long> urrs = u.has(IeType.URR_ID) ? List.copyOf(u.urrIds()) : urrIds;
        PdrSpec p = new PdrSpec(id, u.precedence() >= 0 ? u.precedence() : precedence, sourceInterface, fteid, ueIp,
                networkInstance, sdf, qfi, removesGtpu, far, qers, urrs);
        OuterHeaderRemoval ohr = u.find(IeType.OUTER_HEADER_REMOVAL, OuterHeaderRemoval.class);
        return u.pdi() == null && ohr == null ? p : p.with(u.pdi(), ohr);
    }

    /**
     * This PDR with the match fields of pdi and the Outer Header Removal of ohr (either null: the PDR's own), checked;
     * one new record for both (issue 5: bytes allocated per establishment).
     */
    private PdrSpec with(Pdi pdi, OuterHeaderRemoval ohr) {
        if (pdi == null) {
            return new PdrSpec(id, precedence, sourceInterface, fteid, ueIp, networkInstance, sdf, qfi,
                    removesGtpu(id, ohr, removesGtpu), farId, qerIds, urrIds);
        }
        return withPdi(id, precedence, farId, qerIds, urrIds, pdi, ohr, removesGtpu);
    }

    /**
     * A PDR of these fields with the match fields of pdi and the Outer Header Removal of ohr (null: removesGtpu),
     * checked in this order; built once (issue 5: bytes allocated per establishment).
     */
    private static PdrSpec withPdi(int id, long precedence, long farId, List<Long> qerIds, List<Long> urrIds, Pdi pdi,
                                   OuterHeaderRemoval ohr, boolean removesGtpu) {
        int si = pdi.sourceInterface();
        if (si < 0) {
            throw RuleException.missing(IeType.SOURCE_INTERFACE, false, "PDI of PDR " + id);
        }
        if (si != ACCESS && si != CORE && si != SGI_LAN) {
            throw fail(id, "source interface " + si + " is not supported (Access, Core, SGi-LAN/N6-LAN only)");
        }
        List<UeIpAddress> ues = pdi.ueIpAddresses();
        if (ues.size() > 1) {
            throw fail(id, "more than one UE IP Address");
        }
        SdfFilter filter = null;
        List<org.upf.pfcp.ie.SdfFilter> sdfs = pdi.sdfFilters();
        if (sdfs.size() > 1) {
            throw fail(id, "more than one SDF Filter (the data path matches one per PDR)");
        }
        if (!sdfs.isEmpty()) {
            filter = sdf(id, sdfs.get(0));
        }
        List<Long> qfis = pdi.qfis();
        if (qfis.size() > 1) {
            throw fail(id, "more than one QFI");
        }
        if (pdi.applicationId() != null) {
            throw fail(id, "Application ID matching is not supported");
        }
        FTeid f = pdi.localFTeid();
        if (f == null && si == ACCESS) {
            throw fail(id, "an Access PDR needs a local F-TEID");
        }
        if (f == null && ues.isEmpty()) {
            throw fail(id, "a Core PDR needs a UE IP Address");
        }
        return new PdrSpec(id, precedence, si, f, ues.isEmpty() ? null : ues.get(0), pdi.networkInstance(), filter,
                qfis.isEmpty() ? null : qfis.get(0).intValue(), removesGtpu(id, ohr, removesGtpu), farId, qerIds,
                urrIds);
    }

    private static SdfFilter sdf(int id, org.upf.pfcp.ie.SdfFilter ie) {
        if ((ie.flags() & ~(org.upf.pfcp.ie.SdfFilter.FD | org.upf.pfcp.ie.SdfFilter.TTC
                | org.upf.pfcp.ie.SdfFilter.BID)) != 0) {
            throw fail(id, "SDF filter with SPI or flow label is not supported");
        }
        SdfFilter f = SdfFilter.any();
        try {
            if (ie.flowDescription() != null) {
                f = FlowDescription.parse(ie.flowDescription());
            }
            if ((ie.flags() & org.upf.pfcp.ie.SdfFilter.TTC) != 0) {
                int ttc = ie.tosTrafficClass();
                f = new SdfFilter(f.remote(), f.remotePrefixLength(), f.protocol(), f.uePortLow(), f.uePortHigh(),
                        f.remotePortLow(), f.remotePortHigh(), ttc >> 8, ttc & 0xff);
            }
        } catch (IllegalArgumentException e) {
            throw fail(id, "SDF filter: " + e.getMessage());
        }
        return f;
    }

    /** Whether ohr (null: current, the PDR's own) removes the GTP-U header, the only removal the data path does. */
    private static boolean removesGtpu(int id, OuterHeaderRemoval ohr, boolean current) {
        if (ohr == null) {
            return current;
        }
        if (ohr.description() != OuterHeaderRemoval.GTPU_UDP_IPV4 && ohr.description() != OuterHeaderRemoval.GTPU_UDP_IPV6
                && ohr.description() != OuterHeaderRemoval.GTPU_UDP_IP) {
            throw fail(id, "Outer Header Removal " + ohr.description() + " is not supported (GTP-U only)");
        }
        return true;
    }

    static RuleException fail(int pdrId, String why) {
        return RuleException.rule(FailedRuleId.PDR, pdrId, "PDR " + pdrId + ": " + why);
    }
}
