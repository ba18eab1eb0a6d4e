package org.upf.pfcp.ie;

import java.util.HashMap;
import java.util.Map;

/**
 * Flag names of the flag-octet IEs, per octet from octet 5, bit 1 (least significant) first, as named
 * in TS 29.244 (Release 17). {@code null} marks a spare bit.
 */
final class FlagNames {
    private static final String[][] NONE = new String[0][];
    private static final Map<Integer, String[][]> BY_TYPE = new HashMap<>();

    static {
        // §8.2.26 Apply Action
        put(IeType.APPLY_ACTION, new String[][] {
            {"DROP", "FORW", "BUFF", "NOCP", "DUPL", "IPMA", "IPMD", "DFRT"},
            {"EDRT", "BDPN", "DDPN", "FSSM", "MBSU"}});
        // §8.2.19 Reporting Triggers
        put(IeType.REPORTING_TRIGGERS, new String[][] {
            {"PERIO", "VOLTH", "TIMTH", "QUHTI", "START", "STOPT", "DROTH", "LIUSA"},
            {"VOLQU", "TIMQU", "ENVCL", "MACAR", "EVETH", "EVEQU", "IPMJL", "QUVTI"},
            {"REEMR", "UPINT"}});
        // §8.2.41 Usage Report Trigger
        put(IeType.USAGE_REPORT_TRIGGER, new String[][] {
            {"PERIO", "VOLTH", "TIMTH", "QUHTI", "START", "STOPT", "DROTH", "IMMER"},
            {"VOLQU", "TIMQU", "LIUSA", "TERMR", "MONIT", "ENVCL", "MACAR", "EVETH"},
            {"EVEQU", "TEBUR", "IPMJL", "QUVTI", "EMRRE", "UPINT"}});
        // §8.2.40 Measurement Method
        put(IeType.MEASUREMENT_METHOD, new String[][] {{"DURAT", "VOLUM", "EVENT"}});
        // §8.2.21 Report Type
        put(IeType.REPORT_TYPE, new String[][] {{"DLDR", "USAR", "ERIR", "UPIR", "TMIR", "SESR", "UISR"}});
        // §8.2.25 UP Function Features
        put(IeType.UP_FUNCTION_FEATURES, new String[][] {
            {"BUCP", "DDND", "DLBD", "TRST", "FTUP", "PFDM", "HEEU", "TREU"},
            {"EMPU", "PDIU", "UDBC", "QUOAC", "TRACE", "FRRT", "PFDE", "EPFAR"},
            {"DPDRA", "ADPDP", "UEIP", "SSET", "MNOP", "MTE", "BUNDL", "GCOM"},
            {"MPAS", "RTTL", "VTIME", "NORP", "IPTV", "IP6PL", "TSCU", "MPTCP"},
            {"ATSSS-LL", "QFQM", "GPQM", "MT-EDT", "CIOT", "ETHAR", "DDDS", "RDS"},
            {"RTTWP", "QUOAF", "NSPOC", "L2TP", "UPBER", "RESPS", "IPREP", "DNSTS"},
            {"DRQOS", "MBSN4", "PSUPRM", "EPPPI", "RATP", "UPIDP"}});
        // §8.2.58 CP Function Features
        put(IeType.CP_FUNCTION_FEATURES, new String[][] {
            {"LOAD", "OVRL", "EPFAR", "SSET", "BUNDL", "MPAS", "ARDR", "UIAUR"},
            {"PSUCC", "RPGUR"}});
        // §8.2.31 PFCPSMReq-Flags
        put(IeType.PFCPSMREQ_FLAGS, new String[][] {{"DROBU", "SNDEM", "QAURR", "SUMPC", "RUMUC", "DETEID", "HRSBOM"}});
        // §8.2.32 PFCPSRRsp-Flags
        put(IeType.PFCPSRRSP_FLAGS, new String[][] {{"DROBU"}});
        // OCI Flags
        put(IeType.OCI_FLAGS, new String[][] {{"AOCI"}});
        // Usage Information
        put(IeType.USAGE_INFORMATION, new String[][] {{"BEF", "AFT", "UAE", "UBE"}});
        // Measurement Information
        put(IeType.MEASUREMENT_INFORMATION, new String[][] {{"MBQE", "INAM", "RADI", "ISTM", "MNOP", "SSPOC", "ASPOC", "CIAM"}});
        // Node Report Type
        put(IeType.NODE_REPORT_TYPE, new String[][] {{"UPFR", "UPRR", "CKDR", "GPQR", "PURR", "VSR"}});
        // PFCPSEReq-Flags, PFCPAUReq-Flags, PFCPASRsp-Flags, PFCPASReq-Flags, PFCPSRReq-Flags, PFCPARReq-Flags
        put(IeType.PFCPSEREQ_FLAGS, new String[][] {{"RESTI", "SUMPC"}});
        put(IeType.PFCPAUREQ_FLAGS, new String[][] {{"PARPS"}});
        put(IeType.PFCPASRSP_FLAGS, new String[][] {{"PSREI", "UUPSI"}});
        put(IeType.PFCPASREQ_FLAGS, new String[][] {{"UUPSI"}});
        put(IeType.PFCPSRREQ_FLAGS, new String[][] {{"PSDBU"}});
        put(IeType.PFCP_ASSOCIATION_RELEASE_REQUEST, new String[][] {{"SARR", "URSS"}});
        put(IeType.PFCPSDRSP_FLAGS, new String[][] {{"PURU"}});
        put(IeType.RQI, new String[][] {{"RQI"}});
        put(IeType.PROXYING, new String[][] {{"ARP", "INS"}});
        put(IeType.ETHERNET_FILTER_PROPERTIES, new String[][] {{"BIDE"}});
        put(IeType.DATA_STATUS, new String[][] {{"DROP", "BUFF"}});
        put(IeType.CREATE_BRIDGE_INFO_FOR_TSC, new String[][] {{"BII"}});             // §8.2.140
        put(IeType.ETHERNET_PDU_SESSION_INFORMATION, new String[][] {{"ETHI"}});     // §8.2.102
        put(IeType.PACKET_REPLICATION_AND_DETECTION_CARRY_ON_INFORMATION,             // §8.2.130
                new String[][] {{"PRIUEAI", "PRIN19I", "PRIN6I", "DCARONI"}});
        put(IeType.REQUESTED_CLOCK_DRIFT_INFORMATION, new String[][] {{"RRTO", "RRCR"}}); // §8.2.145
        put(IeType.REQUESTED_ACCESS_AVAILABILITY_INFORMATION, new String[][] {{"RRCA"}}); // §8.2.152
        put(IeType.MPTCP_CONTROL_INFORMATION, new String[][] {{"TCI"}});             // §8.2.154
        put(IeType.ATSSS_LL_CONTROL_INFORMATION, new String[][] {{"LLI"}});          // §8.2.155
    }

    private FlagNames() {
    }

    private static void put(IeType type, String[][] names) {
        BY_TYPE.put(type.code(), names);
    }

    static String[][] of(int type) {
        return BY_TYPE.getOrDefault(type, NONE);
    }

    /** {octet, bit} of the named flag, or {@code null}. */
    static int[] find(String[][] names, String flag) {
        for (int o = 0; o < names.length; o++) {
            for (int b = 0; b < names[o].length; b++) {
                if (flag.equals(names[o][b])) {
                    return new int[] {o, b};
                }
            }
        }
        return null;
    }

    static IeType[] typesArray() {
        return BY_TYPE.keySet().stream().map(IeType::forCode).toArray(IeType[]::new);
    }
}
