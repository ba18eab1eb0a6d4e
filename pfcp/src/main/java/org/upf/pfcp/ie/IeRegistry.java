package org.upf.pfcp.ie;

import java.util.Arrays;
import java.util.function.Function;
import java.util.List;

import static org.upf.pfcp.ie.IeType.*;

/**
 * Maps IE type codes to their decoders: one small decoder per IE family, no reflection, no giant switch.
 * {@link #standard()} registers every IE this codec interprets (see docs/pfcp-conformance.md); all other
 * 3GPP types decode to {@link OctetsIe} (or a {@link GroupedIe} if grouped) and vendor types to
 * {@link VendorIe}, so any message re-encodes byte for byte.
 */
public final class IeRegistry {
    private static final IeDecoder OPAQUE = OctetsIe::decode;

    private final IeDecoder[] decoders = new IeDecoder[0x8000];

    private IeRegistry() {
        Arrays.fill(decoders, OPAQUE);
        for (IeType t : IeType.values()) {
            if (t.isGrouped()) {
                group(t, l -> new GroupedIe(t, l));
            }
        }
    }

    public static IeRegistry standard() {
        IeRegistry r = new IeRegistry();
        r.registerStandard();
        return r;
    }

    /** The decoder for a type code (any 0..65535). */
    public IeDecoder decoder(int type) {
        return IeType.isVendorSpecific(type) ? VendorIe::decode : decoders[type];
    }

    /** Whether the type has a typed decoder (not opaque octets). */
    public boolean isTyped(int type) {
        return IeType.isVendorSpecific(type) || decoders[type] != OPAQUE;
    }

    public IeRegistry register(IeType type, IeDecoder decoder) {
        decoders[type.code()] = decoder;
        return this;
    }

    private void group(IeType type, Function<Ie[], GroupedIe> factory) {
        register(type, new GroupDecoder(factory));
    }

    /**
     * Decodes a grouped IE's children, then builds its class. {@link IeCodec} recognises it, decodes the children
     * itself and calls {@link #build} directly.
     */
    static final class GroupDecoder implements IeDecoder {
        private final Function<Ie[], GroupedIe> factory;

        GroupDecoder(Function<Ie[], GroupedIe> factory) {
            this.factory = factory;
        }

        @Override
        public Ie decode(IeReader r) {
            return build(r.childArray());
        }

        GroupedIe build(Ie[] children) {
            return factory.apply(children);
        }
    }

    private void flags(IeType... types) {
        for (IeType t : types) {
            register(t, FlagsIe::decode);
        }
    }

    private void registerStandard() {
        for (java.util.Map.Entry<IeType, long[]> e : UintTypes.ALL.entrySet()) {
            register(e.getKey(), UintIe.decoder((int) e.getValue()[0], e.getValue()[1]));
        }
        flags(FlagNames.typesArray());

        register(NODE_ID, NodeId::decode);                      // §8.2.38
        register(F_SEID, FSeid::decode);                        // §8.2.37
        register(F_TEID, FTeid::decode);                        // §8.2.3
        register(UE_IP_ADDRESS, UeIpAddress::decode);           // §8.2.62
        register(SDF_FILTER, SdfFilter::decode);                // §8.2.5
        register(MBR, BitRate::decode);                         // §8.2.8
        register(GBR, BitRate::decode);                         // §8.2.9
        register(REDIRECT_INFORMATION, RedirectInformation::decode); // §8.2.20
        register(FORWARDING_POLICY, ForwardingPolicy::decode);  // §8.2.23
        register(DOWNLINK_DATA_SERVICE_INFORMATION, DownlinkDataServiceInformation::decode); // §8.2.27
        register(FQ_CSID, FqCsid::decode);                      // §8.2.43
        register(OUTER_HEADER_CREATION, OuterHeaderCreation::decode); // §8.2.56
        register(FLOW_INFORMATION, FlowInformation::decode);    // §8.2.61
        register(PACKET_RATE, PacketRate::decode);              // §8.2.63
        register(OUTER_HEADER_REMOVAL, OuterHeaderRemoval::decode); // §8.2.64
        register(DL_FLOW_LEVEL_MARKING, DlFlowLevelMarking::decode); // §8.2.66
        register(HEADER_ENRICHMENT, HeaderEnrichment::decode);  // §8.2.67
        register(REMOTE_GTP_U_PEER, RemoteGtpuPeer::decode);    // §8.2.70
        register(FAILED_RULE_ID, FailedRuleId::decode);         // §8.2.80
        register(USER_PLANE_IP_RESOURCE_INFORMATION, UserPlaneIpResourceInformation::decode); // §8.2.82
        register(USER_ID, UserId::decode);                      // §8.2.101
        register(ALTERNATIVE_SMF_IP_ADDRESS, IpAddressesIe::decode); // §8.2.129
        register(CP_PFCP_ENTITY_IP_ADDRESS, IpAddressesIe::decode);  // §8.2.135
        register(S_NSSAI, SNssai::decode);
        register(DL_BUFFERING_SUGGESTED_PACKET_COUNT, UintIe.variableWidthDecoder(2)); // §8.2.30
        register(TIME_QUOTA_MECHANISM, TimeQuotaMechanism::decode); // §8.2.81
        register(MULTIPLIER, Multiplier::decode);               // §8.2.84
        register(SMF_SET_ID, SmfSetId::decode);                 // §8.2.131
        // §8.2.13, §8.2.16, §8.2.44, §8.2.49, §8.2.50, §8.2.86: flag octet + Unsigned64 fields
        for (IeType t : new IeType[] {VOLUME_THRESHOLD, SUBSEQUENT_VOLUME_THRESHOLD, VOLUME_MEASUREMENT,
                DROPPED_DL_TRAFFIC_THRESHOLD, VOLUME_QUOTA, SUBSEQUENT_VOLUME_QUOTA}) {
            register(t, VolumeIe::decode);
        }
        // Octet strings: §8.2.4 Network Instance, §8.2.117 APN/DNN (DNS labels), §8.2.6 Application ID,
        // §8.2.72/§8.2.73 (De)Activate Predefined Rules, §8.2.60 Application Instance ID, §8.2.109/§8.2.111
        // Framed-Route / Framed-IPv6-Route, Predefined Rules Name
        for (IeType t : new IeType[] {NETWORK_INSTANCE, APN_DNN, APPLICATION_ID, ACTIVATE_PREDEFINED_RULES,
                DEACTIVATE_PREDEFINED_RULES, APPLICATION_INSTANCE_ID, FRAMED_ROUTE, FRAMED_IPV6_ROUTE,
                PREDEFINED_RULES_NAME}) {
            register(t, OctetsIe::decode);
        }
        Groups.register(this::group);
    }

    /** Receives the typed group factories from {@link Groups}. */
    interface GroupSink {
        void group(IeType type, Function<Ie[], GroupedIe> factory);
    }
}
