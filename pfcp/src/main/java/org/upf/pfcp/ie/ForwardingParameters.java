package org.upf.pfcp.ie;

import java.util.List;

/**
 * TS 29.244 §7.5.2.3-2 Forwarding Parameters (IE type 4) and §7.5.4.3-2 Update Forwarding Parameters
 * (IE type 11), which carry the same children.
 */
public final class ForwardingParameters extends GroupedIe {
    public ForwardingParameters(IeType type, List<Ie> ies) {
        super(type, ies);
    }

    ForwardingParameters(IeType type, Ie[] ies) {
        super(type, ies);
    }

    /** Destination Interface value (§8.2.24), -1 if absent. */
    public int destinationInterface() {
        return (int) uint(IeType.DESTINATION_INTERFACE);
    }

    public String networkInstance() {
        return text(IeType.NETWORK_INSTANCE);
    }

    public OuterHeaderCreation outerHeaderCreation() {
        return find(IeType.OUTER_HEADER_CREATION, OuterHeaderCreation.class);
    }

    /** Transport Level Marking (§8.2.12) as the 2-octet ToS/Traffic Class and mask, -1 if absent. */
    public int transportLevelMarking() {
        return (int) uint(IeType.TRANSPORT_LEVEL_MARKING);
    }

    public RedirectInformation redirectInformation() {
        return find(IeType.REDIRECT_INFORMATION, RedirectInformation.class);
    }

    public ForwardingPolicy forwardingPolicy() {
        return find(IeType.FORWARDING_POLICY, ForwardingPolicy.class);
    }

    public HeaderEnrichment headerEnrichment() {
        return find(IeType.HEADER_ENRICHMENT, HeaderEnrichment.class);
    }

    /** 3GPP Interface Type of the destination, -1 if absent. */
    public int destinationInterfaceType() {
        return (int) uint(IeType.TGPP_INTERFACE_TYPE);
    }
}
