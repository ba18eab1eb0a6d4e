package org.upf.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upf.bpf.netns.TestAddresses;
import org.upf.control.alloc.Cidr;
import org.upf.control.config.AgentConfig;
import org.upf.control.config.ConfigLoader;
import org.upf.control.config.UePoolConfig;

/**
 * The real-core recipe's files (lab/upf, lab/open5gs, lab/ueransim) are valid YAML and agree with each other and
 * with the lab: the UPF's file loads in the lab's UPF namespace (every key, interface and address checked by the
 * agent's own loader), the open5gs SMF points its PFCP client at the UPF's N4 address with the UPF's DNN and UE
 * pool, the gNB's N3 address is on the UPF's N3 subnet and its AMF is the open5gs AMF, PLMN/TAC/slice match.
 */
class LabConfigsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void recipeFilesAreConsistent() throws Exception {
        JsonNode smf = read("open5gs/smf.yaml").get("smf");
        JsonNode amf = read("open5gs/amf.yaml").get("amf");
        JsonNode gnb = read("ueransim/gnb.yaml");
        JsonNode ue = read("ueransim/ue.yaml");
        AgentConfig upf;
        try (LabTopology lab = LabTopology.create("cfgt")) {
            upf = LabTopology.in(lab.upf(), () -> ConfigLoader.load(Path.of("upf/upf.yaml"), java.util.Map.of()));
        }

        // N4: the SMF's PFCP client targets the UPF; the UPF lets the SMF's PFCP server address associate.
        JsonNode upfPeer = smf.at("/pfcp/client/upf/0");
        assertThat(addr(upfPeer.get("address"))).isEqualTo(upf.n4().getAddress())
                .isEqualTo(Addresses.parse(LabTopology.UPF_N4));
        assertThat(upf.n4().getPort()).isEqualTo(LabTopology.PFCP_PORT);
        InetAddress smfN4 = addr(smf.at("/pfcp/server/0/address"));
        assertThat(smfN4).isEqualTo(Addresses.parse(LabTopology.SMF_N4));
        assertThat(upf.allowedSmfs().allows(smfN4, null)).isTrue();

        // DNN and UE pool: the SMF's sessions come from the UPF's pool of the same name.
        String dnn = upfPeer.get("dnn").asText();
        assertThat(dnn).isEqualTo(LabTopology.DNN);
        UePoolConfig pool = upf.uePools().stream().filter(p -> p.name().equals(dnn)).findFirst().orElseThrow();
        List<Cidr> subnets = new ArrayList<>();
        for (JsonNode s : smf.get("session")) {
            assertThat(s.get("dnn").asText()).isEqualTo(dnn);
            Cidr subnet = Cidr.parse(s.get("subnet").asText());
            assertThat(subnet.contains(addr(s.get("gateway")))).isTrue();
            subnets.add(subnet);
        }
        assertThat(subnets).containsExactlyInAnyOrder(pool.ipv4(), pool.ipv6());
        assertThat(pool.ipv4()).isEqualTo(Cidr.parse(LabTopology.UE_POOL));

        // N3: the gNB's GTP-U address is on the UPF's N3 subnet; the UE looks for that gNB and asks for the DNN.
        InetAddress gtp = addr(gnb.get("gtpIp"));
        assertThat(gtp).isEqualTo(Addresses.parse(LabTopology.GNB1));
        assertThat(Cidr.parse(upf.n3().address().getHostAddress() + "/24").contains(gtp)).isTrue();
        assertThat(upf.n3().address()).isEqualTo(Addresses.parse(LabTopology.UPF_N3));
        assertThat(ue.get("gnbSearchList")).extracting(JsonNode::asText).contains(gnb.get("linkIp").asText());
        assertThat(ue.at("/sessions/0/apn").asText()).isEqualTo(dnn);

        // N2 and identities: the gNB's AMF is the open5gs AMF; PLMN, TAC and slice agree everywhere.
        assertThat(addr(gnb.at("/amfConfigs/0/address"))).isEqualTo(addr(amf.at("/ngap/server/0/address")));
        for (JsonNode plmn : List.of(amf.at("/guami/0/plmn_id"), amf.at("/tai/0/plmn_id"), amf.at("/plmn_support/0/plmn_id"))) {
            assertThat(plmn.get("mcc").asText()).isEqualTo(gnb.get("mcc").asText()).isEqualTo(ue.get("mcc").asText());
            assertThat(plmn.get("mnc").asText()).isEqualTo(gnb.get("mnc").asText()).isEqualTo(ue.get("mnc").asText());
        }
        assertThat(amf.at("/tai/0/tac").asInt()).isEqualTo(gnb.get("tac").asInt());
        assertThat(amf.at("/plmn_support/0/s_nssai/0/sst").asInt()).isEqualTo(gnb.at("/slices/0/sst").asInt())
                .isEqualTo(ue.at("/sessions/0/slice/sst").asInt());
        assertThat(ue.get("supi").asText()).startsWith("imsi-" + ue.get("mcc").asText() + ue.get("mnc").asText());

        // Every network address outside the host's loopback is in the documentation/test ranges.
        for (JsonNode a : List.of(gnb.get("linkIp"), gnb.get("ngapIp"), gnb.get("gtpIp"), amf.at("/ngap/server/0/address"),
                smf.at("/pfcp/server/0/address"), upfPeer.get("address"), smf.at("/dns/0"))) {
            TestAddresses.require(a.asText());
        }
    }

    private static JsonNode read(String file) throws IOException {
        JsonNode n = YAML.readTree(Path.of(file).toFile());
        assertThat(n).as(file).isNotNull();
        assertThat(n.isObject()).as(file + " is a YAML map").isTrue();
        return n;
    }

    private static InetAddress addr(JsonNode n) {
        return Addresses.parse(n.asText());
    }
}
