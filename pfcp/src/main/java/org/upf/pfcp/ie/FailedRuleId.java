package org.upf.pfcp.ie;

import io.netty.buffer.ByteBuf;

/**
 * TS 29.244 §8.2.80 Failed Rule ID: octet 5 = Spare(3) | Rule ID Type(5) (0 PDR, 1 FAR, 2 QER, 3 URR,
 * 4 BAR, 5 MAR, 6 SRR); then the rule ID in that rule's ID width (PDR 2, FAR/QER/URR 4, BAR 1, MAR 2, SRR 1).
 */
public record FailedRuleId(int typeOctet, int width, long ruleId) implements Ie {
    private static final int[] WIDTH = {2, 4, 4, 4, 1, 2, 1};
    public static final int PDR = 0;
    public static final int FAR = 1;
    public static final int QER = 2;
    public static final int URR = 3;
    public static final int BAR = 4;

    public static FailedRuleId of(int ruleType, long ruleId) {
        return new FailedRuleId(ruleType, WIDTH[ruleType], ruleId);
    }

    static Ie decode(IeReader r) {
        int t = r.u8("Rule ID Type");
        int ruleType = t & 0x1F;
        if (ruleType >= WIDTH.length) {
            throw r.incorrect("unknown Rule ID Type " + ruleType);
        }
        return new FailedRuleId(t, WIDTH[ruleType], r.uint(WIDTH[ruleType], "Rule ID value"));
    }

    @Override
    public int type() {
        return IeType.FAILED_RULE_ID.code();
    }

    public int ruleType() {
        return typeOctet & 0x1F;
    }

    @Override
    public void encodeValue(ByteBuf out) {
        out.writeByte(typeOctet);
        for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
            out.writeByte((int) (ruleId >>> shift));
        }
    }

    @Override
    public void describe(IeFields fields) {
        fields.put("ruleType", new String[] {"PDR", "FAR", "QER", "URR", "BAR", "MAR", "SRR"}[ruleType()])
                .put("ruleId", ruleId);
    }
}
