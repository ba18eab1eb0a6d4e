package org.upf.pfcp.ie;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static org.upf.pfcp.ie.IeType.*;

/**
 * The IEs whose value is one fixed-width unsigned integer ({@link UintIe}): width in octets and the mask of
 * defined bits, declared once here for the decoder registry and for {@link UintIe#of(IeType, long)}.
 */
final class UintTypes {
    private static final long FULL = -1;
    /** Type to {width, mask}. */
    static final Map<IeType, long[]> ALL;

    static {
        Map<IeType, long[]> m = new EnumMap<>(IeType.class);
        // 1-octet integers: §8.2.1 Cause, §8.2.57 BAR ID, §8.2.34 Metric, §8.2.35 Timer, §8.2.28 Downlink Data
        // Notification Delay, §8.2.29 DL Buffering Duration, §8.2.78 Graceful Release Period, §8.2.92 Traffic
        // Endpoint ID, §8.2.100 Suggested Buffering Packets Count, §8.2.151 SRR ID, RAT Type
        uint(m, 1, FULL, CAUSE, BAR_ID, METRIC, TIMER, DOWNLINK_DATA_NOTIFICATION_DELAY, DL_BUFFERING_DURATION,
                GRACEFUL_RELEASE_PERIOD, TRAFFIC_ENDPOINT_ID, SUGGESTED_BUFFERING_PACKETS_COUNT, SRR_ID, RAT_TYPE);
        // §8.2.2 Source Interface, §8.2.24 Destination Interface: Spare(4) | Interface value(4)
        // §8.2.7 Gate Status: Spare(4) | UL Gate(2) | DL Gate(2)
        uint(m, 1, 0x0F, SOURCE_INTERFACE, DESTINATION_INTERFACE, GATE_STATUS);
        // §8.2.79 PDN Type, §8.2.116 Paging Policy Indicator: Spare(5) | value(3)
        uint(m, 1, 0x07, PDN_TYPE, PAGING_POLICY_INDICATOR);
        // §8.2.89 QFI and §8.2.118 3GPP Interface Type: Spare(2) | value(6)
        uint(m, 1, 0x3F, QFI, TGPP_INTERFACE_TYPE);
        // 2-octet integers: §8.2.36 PDR ID, §8.2.12 Transport Level Marking (ToS/Traffic Class + mask),
        // §8.2.22 Offending IE, §8.2.133 Number of Reports, §8.2.96 Ethertype, §8.2.91 Additional Usage
        // Reports Information (AURI flag + 15-bit number), Validity Timer
        uint(m, 2, FULL, PDR_ID, TRANSPORT_LEVEL_MARKING, OFFENDING_IE, NUMBER_OF_REPORTS, ETHERTYPE,
                ADDITIONAL_USAGE_REPORTS_INFORMATION, VALIDITY_TIMER);
        // §8.2.146 Time Domain Number (1), §8.2.148/§8.2.150 cumulative rateRatio (Integer32 bits),
        // §8.2.147/§8.2.149 time offsets (signed64 nanoseconds, kept as raw bits)
        uint(m, 1, FULL, TIME_DOMAIN_NUMBER);
        uint(m, 4, FULL, CUMULATIVE_RATERATIO_THRESHOLD, CUMULATIVE_RATERATIO_MEASUREMENT);
        uint(m, 8, FULL, TIME_OFFSET_THRESHOLD, TIME_OFFSET_MEASUREMENT);
        // 4-octet integers: §8.2.11 Precedence, §8.2.74 FAR ID, §8.2.54 URR ID, §8.2.75 QER ID (bit 8 of the
        // first octet marks predefined rules), §8.2.55 Linked URR ID, §8.2.85 Aggregated URR ID, §8.2.10 QER
        // Correlation ID, §8.2.65 Recovery Time Stamp and the other NTP times (§8.2.15, §8.2.46, §8.2.47,
        // §8.2.52, §8.2.53, §8.2.114, §8.2.121, §8.2.122), durations in seconds (§8.2.14, §8.2.17, §8.2.18,
        // §8.2.42, §8.2.45, §8.2.48, §8.2.51, §8.2.83, §8.2.87, §8.2.105, §8.2.115, §8.2.132), §8.2.33
        // Sequence Number, §8.2.71 UR-SEQN, §8.2.90 Query URR Reference, §8.2.98 Ethernet Filter ID,
        // §8.2.106/§8.2.107/§8.2.112/§8.2.113 event quota and thresholds, §8.2.141/§8.2.142 TT port numbers
        uint(m, 4, FULL, PRECEDENCE, FAR_ID, URR_ID, QER_ID, LINKED_URR_ID, AGGREGATED_URR_ID, QER_CORRELATION_ID,
                RECOVERY_TIME_STAMP, TIME_THRESHOLD, MONITORING_TIME, SUBSEQUENT_TIME_THRESHOLD,
                INACTIVITY_DETECTION_TIME, SEQUENCE_NUMBER, MEASUREMENT_PERIOD, DURATION_MEASUREMENT,
                TIME_OF_FIRST_PACKET, TIME_OF_LAST_PACKET, QUOTA_HOLDING_TIME, TIME_QUOTA, START_TIME, END_TIME,
                UR_SEQN, USER_PLANE_INACTIVITY_TIMER, SUBSEQUENT_TIME_QUOTA, QUERY_URR_REFERENCE,
                ETHERNET_FILTER_ID, ETHERNET_INACTIVITY_TIMER, EVENT_QUOTA, EVENT_THRESHOLD, SUBSEQUENT_EVENT_QUOTA,
                SUBSEQUENT_EVENT_THRESHOLD, EVENT_TIME_STAMP, AVERAGING_WINDOW, ACTIVATION_TIME,
                DEACTIVATION_TIME, QUOTA_VALIDITY_TIME, DS_TT_PORT_NUMBER, NW_TT_PORT_NUMBER);
        ALL = Collections.unmodifiableMap(m);
    }

    private UintTypes() {
    }

    private static void uint(Map<IeType, long[]> m, int width, long mask, IeType... types) {
        long full = width == 8 ? -1L : (1L << 8 * width) - 1;
        for (IeType t : types) {
            m.put(t, new long[] {width, mask == FULL ? full : mask});
        }
    }

    /** {width, mask} of an integer IE type, or {@code null}. */
    static long[] of(IeType type) {
        return ALL.get(type);
    }
}
