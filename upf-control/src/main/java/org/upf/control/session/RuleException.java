package org.upf.control.session;

import org.upf.pfcp.PfcpCause;
import org.upf.pfcp.PfcpDecodeException;
import org.upf.pfcp.ie.FailedRuleId;
import org.upf.pfcp.ie.IeType;

/**
 * Why a session request is rejected, with what the response must carry (TS 29.244 §7.5.3.1, §7.5.5.1): the cause,
 * the Offending IE when an IE is missing or faulty, the Failed Rule ID when a rule cannot be created or modified.
 */
public final class RuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PfcpCause cause;
    private final int offendingIe;
    private final transient FailedRuleId failedRule;

    private RuleException(PfcpCause cause, int offendingIe, FailedRuleId failedRule, String message) {
        super(message);
        this.cause = cause;
        this.offendingIe = offendingIe;
        this.failedRule = failedRule;
    }

    /** §7.6.5 / §7.5.2.x tables: an IE marked M (or C with its condition met) inside a grouped IE is absent. */
    public static RuleException missing(IeType ie, boolean conditional, String where) {
        return new RuleException(conditional ? PfcpCause.CONDITIONAL_IE_MISSING : PfcpCause.MANDATORY_IE_MISSING,
                ie.code(), null, where + " lacks its " + (conditional ? "conditional " : "mandatory ") + ie.displayName());
    }

    /** Cause 73 "Rule creation/modification Failure" with the Failed Rule ID (§8.2.80). */
    public static RuleException rule(int ruleType, long ruleId, String message) {
        return new RuleException(PfcpCause.RULE_CREATION_MODIFICATION_FAILURE, PfcpDecodeException.NO_IE,
                FailedRuleId.of(ruleType, ruleId), message);
    }

    public static RuleException of(PfcpCause cause, IeType offending, String message) {
        return new RuleException(cause, offending == null ? PfcpDecodeException.NO_IE : offending.code(), null, message);
    }

    public PfcpCause pfcpCause() {
        return cause;
    }

    /** The Offending IE type, or {@link PfcpDecodeException#NO_IE}. */
    public int offendingIe() {
        return offendingIe;
    }

    /** The Failed Rule ID, or null. */
    public FailedRuleId failedRule() {
        return failedRule;
    }
}
