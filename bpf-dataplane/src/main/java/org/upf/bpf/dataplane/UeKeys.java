package org.upf.bpf.dataplane;

/**
 * Mirror of the UE-address maps that lead a downlink packet to its UE's slot, for the UEs outside the dense ranges:
 * {@link #DL4_MAP} (key: the IPv4 address, network order), {@link #DL6_MAP} (an exact IPv6 address,
 * {@link Ipv6Key#EXACT}) and the LPM trie {@link #DL6P_MAP} (an IPv6 prefix, {@link Ipv6Key#PREFIX}); the value of each
 * is the UE's slot of {@link DenseIndex#VALUES_MAP} (a __u32), handed out by {@link UeSlots}, where the UE's value
 * ({@link UeSet}) lives, gated. Layouts: 2 put the fast entry in front of the v1 value (the {@link PdrSet}); 3 (same
 * value) made the two hashes BPF_F_NO_PREALLOC, on the premise that an update frees the old element only after an RCU
 * grace period, which since Linux 6.1 (commit 0fd7c5d43339) no longer holds: a replaced element may be reused at once by
 * the next update, so a packet could read another UE's FAR from it; 4 holds the slot alone, written once per key, and
 * the value lives in the gated slot (docs/dataplane.md, "Modify, downlink"). A load on pinned v3 maps migrates their UEs
 * into UE slots and retires the v3 maps ({@link OlderUeKeys}).
 */
public final class UeKeys {
    public static final int LAYOUT_VERSION = 4;
    public static final String DL4_MAP = "upf_dl4_v" + LAYOUT_VERSION;
    public static final String DL6_MAP = "upf_dl6_v" + LAYOUT_VERSION;
    public static final String DL6P_MAP = "upf_dl6p_v" + LAYOUT_VERSION;

    private UeKeys() {
    }
}
