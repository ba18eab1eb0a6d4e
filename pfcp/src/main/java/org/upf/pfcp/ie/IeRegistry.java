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
    private static final int FULL = -1;

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

    private void group(IeType type, Function<List<Ie>, GroupedIe> factory) {
        register(type, r -> factory.apply(r.children()));
    }

    private void uint(int width, long mask, IeType... types) {
        IeDecoder d = UintIe.decoder(width, mask == FULL ? (width == 8 ? -1L : (1L << 8 * width) - 1) : mask);
        for (IeType t : types) {
            register(t, d);
        }
    }

    private void flags(IeType... types) {
        for (IeType t : types) {
            register(t, FlagsIe::decode);
        }
    }

    private void registerStandard() {
        // 1-octet integers: §8.2.1 Cause, §8.2.57 BAR ID, §8.2.34 Metric, §8.2.35 Timer, §8.2.28 Downlink Data
        // Notification Delay, §8.2.29 DL Buffering Duration, §8.2.78 Graceful Release Period, §8.2.92 Traffic
        // Endpoint ID, §8.2.100 Suggested Buffering Packets Count, §8.2.151 SRR ID, RAT Type
        uint(1, FULL, CAUSE, BAR_ID, METRIC, TIMER, DOWNLINK_DATA_NOTIFICATION_DELAY, DL_BUFFERING_DURATION,
                GRACEFUL_RELEASE_PERIOD, TRAFFIC_ENDPOINT_ID, SUGGESTED_BUFFERING_PACKETS_COUNT, SRR_ID, RAT_TYPE);
        // §8.2.2 Source Interface, §8.2.24 Destination Interface: Spare(4) | Interface value(4)
        // §8.2.7 Gate Status: Spare(4) | UL Gate(2) | DL Gate(2)
        uint(1, 0x0F, SOURCE_INTERFACE, DESTINATION_INTERFACE, GATE_STATUS);
        // §8.2.79 PDN Type, §8.2.116 Paging Policy Indicator: Spare(5) | value(3)
        uint(1, 0x07, PDN_TYPE, PAGING_POLICY_INDICATOR);
        // §8.2.89 QFI and §8.2.118 3GPP Interface Type: Spare(2) | value(6)
        uint(1, 0x3F, QFI, TGPP_INTERFACE_TYPE);
        // 2-octet integers: §8.2.36 PDR ID, §8.2.12 Transport Level Marking (ToS/Traffic Class + mask),
        // §8.2.22 Offending IE, §8.2.133 Number of Reports, §8.2.96 Ethertype, §8.2.91 Additional Usage
        // Reports Information (AURI flag + 15-bit number), Validity Timer
        uint(2, FULL, PDR_ID, TRANSPORT_LEVEL_MARKING, OFFENDING_IE, NUMBER_OF_REPORTS, ETHERTYPE,
                ADDITIONAL_USAGE_REPORTS_INFORMATION, VALIDITY_TIMER);
        // 4-octet integers: §8.2.11 Precedence, §8.2.74 FAR ID, §8.2.54 URR ID, §8.2.75 QER ID (bit 8 of the
        // first octet marks predefined rules), §8.2.55 Linked URR ID, §8.2.85 Aggregated URR ID, §8.2.10 QER
        // Correlation ID, §8.2.65 Recovery Time Stamp and the other NTP times (§8.2.15, §8.2.46, §8.2.47,
        // §8.2.52, §8.2.53, §8.2.114, §8.2.121, §8.2.122), durations in seconds (§8.2.14, §8.2.17, §8.2.18,
        // §8.2.42, §8.2.45, §8.2.48, §8.2.51, §8.2.83, §8.2.87, §8.2.105, §8.2.115, §8.2.132), §8.2.33
        // Sequence Number, §8.2.71 UR-SEQN, §8.2.90 Query URR Reference, §8.2.98 Ethernet Filter ID,
        // §8.2.106/§8.2.107/§8.2.112/§8.2.113 event quota and thresholds, §8.2.141/§8.2.142 TT port numbers
        uint(4, FULL, PRECEDENCE, FAR_ID, URR_ID, QER_ID, LINKED_URR_ID, AGGREGATED_URR_ID, QER_CORRELATION_ID,
                RECOVERY_TIME_STAMP, TIME_THRESHOLD, MONITORING_TIME, SUBSEQUENT_TIME_THRESHOLD,
                INACTIVITY_DETECTION_TIME, SEQUENCE_NUMBER, MEASUREMENT_PERIOD, DURATION_MEASUREMENT,
                TIME_OF_FIRST_PACKET, TIME_OF_LAST_PACKET, QUOTA_HOLDING_TIME, TIME_QUOTA, START_TIME, END_TIME,
                UR_SEQN, USER_PLANE_INACTIVITY_TIMER, SUBSEQUENT_TIME_QUOTA, QUERY_URR_REFERENCE,
                ETHERNET_FILTER_ID, ETHERNET_INACTIVITY_TIMER, EVENT_QUOTA, EVENT_THRESHOLD, SUBSEQUENT_EVENT_QUOTA,
                SUBSEQUENT_EVENT_THRESHOLD, EVENT_TIME_STAMP, AVERAGING_WINDOW, ACTIVATION_TIME,
                DEACTIVATION_TIME, QUOTA_VALIDITY_TIME, DS_TT_PORT_NUMBER, NW_TT_PORT_NUMBER);
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
        void group(IeType type, Function<List<Ie>, GroupedIe> factory);
    }
}
