package org.upf.pfcp.ie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** DNS-label names (TS 29.244 §8.2.4, §8.2.38, §8.2.103) decode to dotted text and back; plain strings stay as sent. */
class DnsNameTest {

    @Test
    void labelsJoinWithDotsAndEncodeBack() {
        for (String name : new String[] {"internet", "ims.mnc001.mcc001.gprs", "a.b", "smf-1.5gc.mnc099.mcc208"}) {
            byte[] wire = DnsName.encode(name);
            assertThat(wire).hasSize(name.length() + 1);
            assertThat(DnsName.decode(wire)).isEqualTo(name);
        }
    }

    @Test
    void octetsThatAreNoLabelsAreText() {
        // open5gs sends Network Instance as a plain string; a length octet running past the end is no label either.
        assertThat(DnsName.decode("internet".getBytes(StandardCharsets.US_ASCII))).isEqualTo("internet");
        assertThat(DnsName.decode(new byte[] {5, 'a', 'b'})).isEqualTo("\u0005ab");
        assertThat(DnsName.decode(new byte[0])).isEmpty();
    }

    @Test
    void theSameOctetsAgainGiveTheSameTextAndAChangeOfTheOctetsIsSeen() {
        byte[] wire = DnsName.encode("internet");
        String first = DnsName.decode(wire);
        assertThat(DnsName.decode(DnsName.encode("internet"))).isSameAs(first);
        wire[1] = 'j'; // the octets decoded before changed: their new text, not the remembered one
        assertThat(DnsName.decode(wire)).isEqualTo("jnternet");
        assertThat(DnsName.decode(DnsName.encode("ims"))).isEqualTo("ims");
        assertThat(DnsName.decode(DnsName.encode("internet"))).isEqualTo("internet");
    }
}
