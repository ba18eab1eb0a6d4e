package org.upf.control.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.upf.bpf.dataplane.DataplaneConfig;
import org.upf.bpf.dataplane.SdfFilter;
import org.upf.bpf.dataplane.Usage;
import org.upf.pfcp.ie.BitRate;
import org.upf.pfcp.ie.FTeid;
import org.upf.pfcp.ie.UeIpAddress;

/**
 * The compact form a committed session is kept in gives back the same session: every rule field, slot, TEID and UE
 * address, in the same order, the same data-path rules and the same operator view; the URR meters are the same
 * objects (a kept URR keeps measuring).
 */
class SessionRecordTest {
    private static final DataplaneConfig MAPS = new DataplaneConfig(4, 8, 64, 64, 64, 64, 64, 64, 64, 65536,
            Duration.ofMillis(100));

    @Test
    void everyFieldSurvivesTheByteForm() throws Exception {
        SessionState s = rich();
        SessionState back = SessionRecord.of(s).state();

        assertThat(render(back)).isEqualTo(render(s));
        UpResources res = new UpResources(MAPS, List.of(), InetAddress.getByName("198.18.3.1"),
                InetAddress.getByName("2001:db8:9::1"));
        assertThat(RulesTranslator.translate(back, res)).isEqualTo(RulesTranslator.translate(s, res));
        assertThat(SessionDescription.detail(back, slot -> new Usage(slot, 2, 3, 4)))
                .isEqualTo(SessionDescription.detail(s, slot -> new Usage(slot, 2, 3, 4)));
        assertThat(back.meters.get(7L)).isSameAs(s.meters.get(7L));
        assertThat(back.meters.keySet()).containsExactly(7L, 3L);
    }

    @Test
    void aRecordIsNotChangedByItsStates() throws Exception {
        SessionState s = rich();
        SessionRecord r = SessionRecord.of(s);
        SessionState changed = r.state();
        changed.pdrs.clear();
        changed.farSlots.put(5L, 33);

        assertThat(render(r.state())).isEqualTo(render(s));
    }

    @Test
    void forwardsIntoReadsTheFarsOnly() throws Exception {
        SessionRecord r = SessionRecord.of(rich());

        assertThat(r.forwardsInto(InetAddress.getByName("198.18.5.5"), 0xfedcba98L)).isTrue();
        assertThat(r.forwardsInto(InetAddress.getByName("198.18.5.5"), 0x1234L)).isFalse();
        // FAR 6 points there but only buffers.
        assertThat(r.forwardsInto(InetAddress.getByName("2001:db8:5::5"), 77)).isFalse();
    }

    @Test
    void urrsKeepOnlyOneCopyOfValuesTheyShare() {
        UrrSpec a = UrrSpec.of(Requests.urr(1));
        UrrSpec b = UrrSpec.of(Requests.urr(2));

        assertThat(b.reportingTriggers()).isSameAs(a.reportingTriggers());
        assertThat(b.measurementMethod()).isSameAs(a.measurementMethod());
        assertThat(b.reportingTriggers().has("PERIO")).isTrue();
    }

    /** A session using every field the byte form writes, with values at their edges (high-bit TEIDs, -1s). */
    private static SessionState rich() throws Exception {
        SessionState s = new SessionState(0x8000_0000_0000_0001L, 5, "smf.example", 0xabcdefL,
                new InetSocketAddress("127.0.0.9", 8805));
        s.ueIpv4 = (Inet4Address) InetAddress.getByName("198.19.0.7");
        s.ueIpv6Prefix = (Inet6Address) InetAddress.getByName("2001:db8:200:4::");
        s.ueIpv6PrefixLength = 64;
        s.ueIpv6Pooled = true;
        byte[] v4 = s.ueIpv4.getAddress();
        byte[] v6 = InetAddress.getByName("2001:db8:200:4::1").getAddress();
        PdrSpec ul = new PdrSpec(300, 4_000_000_000L, PdrSpec.ACCESS, new FTeid(0x0d, 0, null, null, 17),
                new UeIpAddress(UeIpAddress.V4 | UeIpAddress.V6, v4, v6, -1, 64), "internet", null, 9, true, 5,
                List.of(1L, 4_294_967_295L), List.of(7L));
        PdrSpec dl = new PdrSpec(2, 20, PdrSpec.CORE, null,
                new UeIpAddress(UeIpAddress.V4 | UeIpAddress.V6 | UeIpAddress.SD, v4, v6, -1, 64), null,
                new SdfFilter(InetAddress.getByName("2001:db8:6::2"), 48, 17, 1000, 2000, 7000, 7001, 0x20, 0xfc),
                null, false, 6, List.of(), List.of(7L, 3L));
        PdrSpec n9 = new PdrSpec(65535, 0, PdrSpec.CORE, new FTeid(0x01, 0xffff_fff0L,
                new byte[] {(byte) 198, 18, 9, 1}, null, -1), new UeIpAddress(0x10, null, null, 3, -1), "ims",
                new SdfFilter(null, 0, 0, 0, 65535, 0, 65535, 0, 0), 0, true, 5, List.of(), List.of());
        int slot = 40;
        for (PdrSpec p : List.of(ul, dl, n9)) {
            s.pdrs.put(p.id(), p);
            s.pdrSlots.put(p.id(), slot++);
        }
        s.pdrTeids.put(300, 0xfedc_ba98);
        s.pdrTeids.put(65535, 0xffff_fff0);
        s.chosenTeids.put(17, 0xfedc_ba98);
        FarSpec toGnb = new FarSpec(5, 0x02, FarSpec.ACCESS, InetAddress.getByName("198.18.5.5"), 0xfedcba98L, 184);
        FarSpec buffer = new FarSpec(6, 0x0c, -1, InetAddress.getByName("2001:db8:5::5"), 77, null);
        FarSpec n6 = new FarSpec(4_294_967_295L, 0x02, FarSpec.CORE, null, 0, 0);
        for (FarSpec f : List.of(toGnb, buffer, n6)) {
            s.fars.put(f.id(), f);
            s.farSlots.put(f.id(), slot++);
        }
        QerSpec flow = new QerSpec(1, true, false, BitRate.mbr(1, 10_000_000_000L), null, 9, true);
        QerSpec ambr = new QerSpec(4_294_967_295L, false, true, null, BitRate.gbr(0, 5), null, false);
        for (QerSpec q : List.of(flow, ambr)) {
            s.qers.put(q.id(), q);
            s.qerSlots.put(q.id(), slot++);
        }
        for (long id : new long[] {7, 3}) {
            UrrSpec u = UrrSpec.of(Requests.urr(id));
            s.urrs.put(id, u);
            s.urrSlots.put(id, slot++);
            s.meters.put(id, new UrrMeter(u, Instant.now()));
        }
        // URR 7's quota is used up and stopped (drop), URR 3 stops into FAR 6.
        s.farSlots.put(RulesTranslator.quotaDropFar(7), slot++);
        s.farSlots.put(RulesTranslator.quotaDropFar(3), slot++);
        s.quotaStops.put(7L, -1L);
        s.quotaStops.put(3L, 6L);
        return s;
    }

    /** Everything a state holds, with arrays by content (records compare them by reference). */
    private static String render(SessionState s) {
        return String.join("\n", String.valueOf(s.seid), String.valueOf(s.slot), s.association,
                String.valueOf(s.cpSeid), String.valueOf(s.cp), String.valueOf(s.ueIpv4),
                String.valueOf(s.ueIpv6Prefix), String.valueOf(s.ueIpv6PrefixLength),
                s.ueIpv4Pooled + " " + s.ueIpv6Pooled,
                s.pdrs.values().stream().map(SessionRecordTest::render).collect(Collectors.joining(";")),
                s.fars.values().toString(), s.qers.values().toString(), s.urrs.keySet().toString(),
                new TreeMap<>(s.pdrSlots) + " " + new TreeMap<>(s.farSlots) + " " + new TreeMap<>(s.qerSlots) + " "
                        + new TreeMap<>(s.urrSlots),
                new TreeMap<>(s.pdrTeids) + " " + new TreeMap<>(s.chosenTeids) + " " + new TreeMap<>(s.quotaStops));
    }

    private static String render(PdrSpec p) {
        FTeid f = p.fteid();
        UeIpAddress u = p.ueIp();
        return List.of(p.id(), p.precedence(), p.sourceInterface(), p.networkInstance() == null ? "-"
                        : p.networkInstance(), String.valueOf(p.sdf()), String.valueOf(p.qfi()), p.removesGtpu(),
                p.farId(), p.qerIds(), p.urrIds(),
                f == null ? "-" : f.flags() + "/" + f.teid() + "/" + Arrays.toString(f.ipv4()) + "/"
                        + Arrays.toString(f.ipv6()) + "/" + f.chooseId(),
                u == null ? "-" : u.flags() + "/" + Arrays.toString(u.ipv4()) + "/" + Arrays.toString(u.ipv6()) + "/"
                        + u.prefixDelegationBits() + "/" + u.prefixLength()).toString();
    }
}
