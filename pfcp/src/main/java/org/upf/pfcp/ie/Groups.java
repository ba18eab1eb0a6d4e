package org.upf.pfcp.ie;

import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.upf.pfcp.ie.IeType.*;

/**
 * Typed grouped IEs and the children each one's table in TS 29.244 §7.5 marks Mandatory. Groups without a
 * typed class decode to plain {@link GroupedIe}.
 */
public final class Groups {
    private Groups() {
    }

    /**
     * A grouped IE of this type with these children, as the typed class the decoder would produce
     * (e.g. {@link CreatePdr} for CREATE_PDR), so built and decoded messages answer the same accessors.
     */
    public static GroupedIe of(IeType type, Ie... children) {
        return of(type, List.of(children));
    }

    public static GroupedIe of(IeType type, List<Ie> children) {
        if (!type.isGrouped()) {
            throw new IllegalArgumentException(type + " is not a grouped IE");
        }
        java.util.function.Function<Ie[], GroupedIe> f = TYPED.get(type.code());
        return f != null ? f.apply(IeList.copyOf(children).array()) : new GroupedIe(type, children);
    }

    /** The typed form of a plain grouped IE (itself if already typed or no typed class exists). */
    static GroupedIe typed(GroupedIe g) {
        java.util.function.Function<Ie[], GroupedIe> f = TYPED.get(g.type());
        if (f == null || g.getClass() != GroupedIe.class) {
            return g;
        }
        return f.apply(g.childArray());
    }

    static void register(IeRegistry.GroupSink sink) {
        sink.group(CREATE_PDR, CreatePdr::new);
        sink.group(PDI, Pdi::new);
        sink.group(CREATE_FAR, CreateFar::new);
        sink.group(FORWARDING_PARAMETERS, l -> new ForwardingParameters(FORWARDING_PARAMETERS, l));
        sink.group(UPDATE_FORWARDING_PARAMETERS, l -> new ForwardingParameters(UPDATE_FORWARDING_PARAMETERS, l));
        sink.group(CREATE_URR, CreateUrr::new);
        sink.group(CREATE_QER, CreateQer::new);
        sink.group(CREATED_PDR, CreatedPdr::new);
        sink.group(UPDATE_PDR, UpdatePdr::new);
        sink.group(UPDATE_FAR, UpdateFar::new);
        sink.group(UPDATE_URR, l -> new UpdateUrr(l));
        sink.group(UPDATE_QER, l -> new UpdateQer(l));
        for (IeType t : new IeType[] {USAGE_REPORT_SESSION_MODIFICATION_RESPONSE,
                USAGE_REPORT_SESSION_DELETION_RESPONSE, USAGE_REPORT_SESSION_REPORT_REQUEST}) {
            sink.group(t, l -> new UsageReport(t, l));
        }
        for (Map.Entry<IeType, IeType> e : REMOVE_ID.entrySet()) {
            sink.group(e.getKey(), l -> new RemoveRule(e.getKey(), e.getValue(), l));
        }
    }

    /** Remove PDR/FAR/URR/QER/BAR/Traffic Endpoint each carry just the rule's ID (§7.5.4). */
    static final Map<IeType, IeType> REMOVE_ID = Map.of(
            REMOVE_PDR, PDR_ID, REMOVE_FAR, FAR_ID, REMOVE_URR, URR_ID, REMOVE_QER, QER_ID,
            REMOVE_BAR, BAR_ID, REMOVE_TRAFFIC_ENDPOINT, TRAFFIC_ENDPOINT_ID);

    /**
     * Children marked M in the grouped IE tables of TS 29.244 §7.5.2 (Session Establishment Request),
     * §7.5.3 (Response), §7.5.4 (Modification Request), §7.5.5, §7.5.7, §7.5.8 (Report Request).
     */
    public static final Map<IeType, List<IeType>> MANDATORY_CHILDREN = Map.ofEntries(
            // Precedence is M in §7.5.2.2, but open5gs as SGW-C/PGW-C (EPC, see the conformance captures)
            // omits it; the node treats a missing Precedence as the lowest priority instead of rejecting.
            entry(CREATE_PDR, List.of(PDR_ID, PDI)),
            entry(PDI, List.of(SOURCE_INTERFACE)),
            entry(CREATE_FAR, List.of(FAR_ID, APPLY_ACTION)),
            entry(FORWARDING_PARAMETERS, List.of(DESTINATION_INTERFACE)),
            entry(DUPLICATING_PARAMETERS, List.of(DESTINATION_INTERFACE)),
            entry(CREATE_URR, List.of(URR_ID, MEASUREMENT_METHOD, REPORTING_TRIGGERS)),
            entry(CREATE_QER, List.of(QER_ID, GATE_STATUS)),
            entry(CREATE_BAR, List.of(BAR_ID)),
            entry(CREATE_TRAFFIC_ENDPOINT, List.of(TRAFFIC_ENDPOINT_ID)),
            entry(CREATED_PDR, List.of(PDR_ID)),
            entry(CREATED_TRAFFIC_ENDPOINT, List.of(TRAFFIC_ENDPOINT_ID)),
            entry(UPDATE_PDR, List.of(PDR_ID)),
            entry(UPDATE_FAR, List.of(FAR_ID)),
            entry(UPDATE_URR, List.of(URR_ID)),
            entry(UPDATE_QER, List.of(QER_ID)),
            entry(UPDATE_BAR_SESSION_MODIFICATION_REQUEST, List.of(BAR_ID)),
            entry(UPDATE_BAR_SESSION_REPORT_RESPONSE, List.of(BAR_ID)),
            entry(UPDATE_TRAFFIC_ENDPOINT, List.of(TRAFFIC_ENDPOINT_ID)),
            entry(REMOVE_PDR, List.of(PDR_ID)),
            entry(REMOVE_FAR, List.of(FAR_ID)),
            entry(REMOVE_URR, List.of(URR_ID)),
            entry(REMOVE_QER, List.of(QER_ID)),
            entry(REMOVE_BAR, List.of(BAR_ID)),
            entry(REMOVE_TRAFFIC_ENDPOINT, List.of(TRAFFIC_ENDPOINT_ID)),
            entry(QUERY_URR, List.of(URR_ID)),
            entry(USAGE_REPORT_SESSION_MODIFICATION_RESPONSE, List.of(URR_ID, UR_SEQN, USAGE_REPORT_TRIGGER)),
            entry(USAGE_REPORT_SESSION_DELETION_RESPONSE, List.of(URR_ID, UR_SEQN, USAGE_REPORT_TRIGGER)),
            entry(USAGE_REPORT_SESSION_REPORT_REQUEST, List.of(URR_ID, UR_SEQN, USAGE_REPORT_TRIGGER)),
            entry(LOAD_CONTROL_INFORMATION, List.of(SEQUENCE_NUMBER, METRIC)),
            entry(OVERLOAD_CONTROL_INFORMATION, List.of(SEQUENCE_NUMBER, METRIC, TIMER)),
            entry(APPLICATION_IDS_PFDS, List.of(APPLICATION_ID)),
            entry(ERROR_INDICATION_REPORT, List.of(F_TEID)),
            entry(USER_PLANE_PATH_FAILURE_REPORT, List.of(REMOTE_GTP_U_PEER)));

    /** {@link #MANDATORY_CHILDREN} indexed by type code, for the decoder's check of every grouped IE. */
    @SuppressWarnings("unchecked")
    private static final List<IeType>[] MANDATORY_BY_CODE = new List[0x8000];

    static {
        MANDATORY_CHILDREN.forEach((t, l) -> MANDATORY_BY_CODE[t.code()] = l);
    }

    /** The children {@link #MANDATORY_CHILDREN} lists for a grouped IE type code, or {@code null}. */
    static List<IeType> mandatoryChildren(int type) {
        return type < MANDATORY_BY_CODE.length ? MANDATORY_BY_CODE[type] : null;
    }

    /** Typed group factories by type code; after the tables above, which {@link #register} reads. */
    private static final Map<Integer, java.util.function.Function<Ie[], GroupedIe>> TYPED = new java.util.HashMap<>();

    static {
        register((type, factory) -> TYPED.put(type.code(), factory));
    }
}
