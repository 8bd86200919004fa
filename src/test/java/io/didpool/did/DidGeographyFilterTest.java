package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Finding DIDs by geography: area codes, region and number prefix on the list, the export and a bulk change, exactly
 * (q=212 also finds a 917 number with 212 in it; areaCode=212 does not), and each refused value named and quoted.
 */
class DidGeographyFilterTest extends IntegrationTest {

    private static final String BULK = "/api/asterisk-dids/bulk";

    private ApiClient tenant;

    @BeforeEach
    void inventory() {
        tenant = newTenant();
        tenant.createDid("+12125550100", "east");
        tenant.createDid("+12125550101", "west");
        tenant.createDid("+19175552120", "east");
        tenant.createDid("+17185550102", "east");
        tenant.createDid("+14155550103", "east");
        tenant.createDid("+442071234567", "east");
        newTenant().createDid("+12125550199", "east");
    }

    @Test
    void areaCodeRegionAndPrefixFindExactlyTheirDidsWhereQAlsoFindsDigitsInside() {
        assertThat(numbers("q=212")).contains("+19175552120");
        assertThat(numbers("areaCode=212")).containsExactly("+12125550100", "+12125550101");
        assertThat(numbers("areaCode=212,718")).containsExactly("+12125550100", "+12125550101", "+17185550102");
        assertThat(numbers("areaCode=" + enc("718, 212"))).hasSize(3);
        assertThat(numbers("region=NY")).containsExactly("+12125550100", "+12125550101", "+17185550102",
                "+19175552120");
        assertThat(numbers("region=ca")).containsExactly("+14155550103");
        assertThat(numbers("numberPrefix=" + enc("+1212"))).containsExactly("+12125550100", "+12125550101");
        assertThat(numbers("numberPrefix=" + enc("+44"))).containsExactly("+442071234567");
        assertThat(numbers("numberPrefix=" + enc("+19175552120"))).containsExactly("+19175552120");
        // with each other and the other filters: all must hold
        assertThat(numbers("areaCode=212&segment=east")).containsExactly("+12125550100");
        assertThat(numbers("region=NY&areaCode=917,415")).containsExactly("+19175552120");
        assertThat(numbers("region=CA&areaCode=212")).isEmpty();
        assertThat(numbers("areaCode=999")).isEmpty();
    }

    @Test
    void theExportTakesTheSameFilters() {
        String csv = tenant.get("/api/asterisk-dids/export?areaCode=212,718&segment=east").expect(200).body();

        assertThat(csv.lines().skip(1).map(line -> line.split(",")[0]).toList())
                .containsExactly("+12125550100", "+17185550102");
        assertThat(tenant.get("/api/asterisk-dids/export?region=NY&numberPrefix=" + enc("+1917")).expect(200).body()
                .lines().skip(1).toList()).hasSize(1).allMatch(line -> line.startsWith("+19175552120,"));
    }

    @Test
    void aBulkChangeTakesAreaCodesAsAListAndTheAuditRecordsTheGeography() {
        JsonNode moved = tenant.post(BULK, Map.of("filter", Map.of("areaCode", List.of("212", "718"),
                "region", "NY"), "set", Map.of("segment", "new-york"))).expect(200).json();

        assertThat(moved.get("matched").asLong()).isEqualTo(3);
        assertThat(numbers("segment=new-york")).containsExactly("+12125550100", "+12125550101", "+17185550102");
        JsonNode filter = tenant.get("/api/audit?entity=did").expect(200).json().get("items").get(0)
                .get("after").get("filter");
        assertThat(filter.get("areaCode").valueStream().map(JsonNode::asString).toList())
                .containsExactly("212", "718");
        assertThat(filter.get("region").asString()).isEqualTo("NY");

        JsonNode prefixed = tenant.post(BULK, Map.of("filter", Map.of("numberPrefix", "+1917"),
                "set", Map.of("status", "inactive"))).expect(200).json();
        assertThat(prefixed.get("changed").asLong()).isEqualTo(1);
        assertThat(numbers("status=inactive")).containsExactly("+19175552120");
        assertThat(tenant.get("/api/audit?entity=did").expect(200).json().get("items").get(0).get("after")
                .get("filter").get("numberPrefix").asString()).isEqualTo("+1917");
    }

    @Test
    void anInvalidValueIsRefusedNamingTheParameterAndQuotingIt() {
        assertRefused(tenant.get("/api/asterisk-dids?areaCode=21"), "areaCode: must be three digits", "\"21\"");
        assertRefused(tenant.get("/api/asterisk-dids?areaCode=212,x12"), "areaCode: ", "\"x12\"");
        assertRefused(tenant.get("/api/asterisk-dids?areaCode=212,,718"), "areaCode: ", "\"\"");
        assertRefused(tenant.get("/api/asterisk-dids?region=ZZ"), "region: must be the two-letter code", "\"ZZ\"");
        assertRefused(tenant.get("/api/asterisk-dids?region=NYC"), "region: ", "\"NYC\"");
        assertRefused(tenant.get("/api/asterisk-dids?numberPrefix=1212"), "numberPrefix: must be the start of an"
                + " E.164 number", "\"1212\"");
        assertRefused(tenant.get("/api/asterisk-dids?numberPrefix=" + enc("+0")), "numberPrefix: ", "\"+0\"");
        assertRefused(tenant.get("/api/asterisk-dids?numberPrefix=" + enc("+1234567890123456")), "numberPrefix: ",
                "\"+1234567890123456\"");
        assertRefused(tenant.get("/api/asterisk-dids/export?areaCode=2121"), "areaCode: ", "\"2121\"");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of("areaCode", List.of("212", "2x2")),
                "set", Map.of("status", "inactive"))), "filter.areaCode: must be three digits", "\"2x2\"");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of("areaCode", List.of()),
                "set", Map.of("status", "inactive"))), "filter.areaCode: list at least one");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of("region", "XX"),
                "set", Map.of("status", "inactive"))), "filter.region: ", "\"XX\"");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of("numberPrefix", "+"),
                "set", Map.of("status", "inactive"))), "filter.numberPrefix: ", "\"+\"");
        assertThat(numbers("status=inactive")).isEmpty();
    }

    private List<String> numbers(String query) {
        return tenant.get("/api/asterisk-dids?" + query).expect(200).json().get("items").valueStream()
                .map(d -> d.get("number").asString()).toList();
    }

    private static void assertRefused(ApiClient.Response response, String... detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains(detail);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
