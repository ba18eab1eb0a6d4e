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
        // 1-octet integers: §8.2.1 Cause, §8.2.88 BAR ID, Metric, Timer, Traffic Endpoint ID, ...
        uint(1, FULL, CAUSE, BAR_ID, METRIC, TIMER, DOWNLINK_DATA_NOTIFICATION_DELAY, DL_BUFFERING_DURATION,
                GRACEFUL_RELEASE_PERIOD, TRAFFIC_ENDPOINT_ID, SUGGESTED_BUFFERING_PACKETS_COUNT, SRR_ID, RAT_TYPE);
        // §8.2.2 Source Interface, §8.2.24 Destination Interface: Spare(4) | Interface value(4)
        // §8.2.7 Gate Status: Spare(4) | UL Gate(2) | DL Gate(2)
        uint(1, 0x0F, SOURCE_INTERFACE, DESTINATION_INTERFACE, GATE_STATUS);
        // PDN Type, Paging Policy Indicator: Spare(5) | value(3)
        uint(1, 0x07, PDN_TYPE, PAGING_POLICY_INDICATOR);
        // QFI (§8.2.89) and 3GPP Interface Type: Spare(2) | value(6)
        uint(1, 0x3F, QFI, TGPP_INTERFACE_TYPE);
        // 2-octet integers: §8.2.36 PDR ID, §8.2.12 Transport Level Marking (ToS/Traffic Class + mask),
        // §8.2.22 Offending IE, Number of Reports, Additional Usage Reports Information, Validity Timer
        uint(2, FULL, PDR_ID, TRANSPORT_LEVEL_MARKING, OFFENDING_IE, NUMBER_OF_REPORTS,
                ADDITIONAL_USAGE_REPORTS_INFORMATION, VALIDITY_TIMER);
        // 4-octet integers: §8.2.11 Precedence, FAR/URR/QER IDs, times (NTP seconds or durations), counters
        uint(4, FULL, PRECEDENCE, FAR_ID, URR_ID, QER_ID, LINKED_URR_ID, AGGREGATED_URR_ID, QER_CORRELATION_ID,
                RECOVERY_TIME_STAMP, TIME_THRESHOLD, MONITORING_TIME, SUBSEQUENT_TIME_THRESHOLD,
                INACTIVITY_DETECTION_TIME, SEQUENCE_NUMBER, MEASUREMENT_PERIOD, DURATION_MEASUREMENT,
                TIME_OF_FIRST_PACKET, TIME_OF_LAST_PACKET, QUOTA_HOLDING_TIME, TIME_QUOTA, START_TIME, END_TIME,
                UR_SEQN, USER_PLANE_INACTIVITY_TIMER, SUBSEQUENT_TIME_QUOTA, QUERY_URR_REFERENCE,
                ETHERNET_FILTER_ID, ETHERNET_INACTIVITY_TIMER, EVENT_QUOTA, EVENT_THRESHOLD, SUBSEQUENT_EVENT_QUOTA,
                SUBSEQUENT_EVENT_THRESHOLD, FRAMED_ROUTING, EVENT_TIME_STAMP, AVERAGING_WINDOW, ACTIVATION_TIME,
                DEACTIVATION_TIME, QUOTA_VALIDITY_TIME, DS_TT_PORT_NUMBER, NW_TT_PORT_NUMBER);
        flags(FlagNames.typesArray());

        register(NODE_ID, NodeId::decode);
        register(F_SEID, FSeid::decode);
        register(F_TEID, FTeid::decode);
        register(UE_IP_ADDRESS, UeIpAddress::decode);
        for (IeType t : new IeType[] {NETWORK_INSTANCE, APN_DNN, APPLICATION_ID, ACTIVATE_PREDEFINED_RULES,
                DEACTIVATE_PREDEFINED_RULES, APPLICATION_INSTANCE_ID, FRAMED_ROUTE, FRAMED_IPV6_ROUTE,
                PREDEFINED_RULES_NAME, UE_IP_ADDRESS_POOL_IDENTITY}) {
            register(t, OctetsIe::decode);
        }
        Groups.register(this::group);
    }

    /** Receives the typed group factories from {@link Groups}. */
    interface GroupSink {
        void group(IeType type, Function<List<Ie>, GroupedIe> factory);
    }
}
