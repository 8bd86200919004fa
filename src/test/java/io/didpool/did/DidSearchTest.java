package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Finding DIDs: q on number and friendly name, never used, sort by each field with stable paging. */
class DidSearchTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private ApiClient tenant;

    @BeforeEach
    void inventory() {
        tenant = newTenant();
        did("+14155550100", "east", "Main Office (415) 555-0100");
        did("+14155550101", "east", "Sales_Line 100%");
        did("+12125550102", "west", "NY back office");
        did("+12125550103", "west", null);
        did("+13035550104", null, "Denver");
        newTenant().post("/api/asterisk-dids", Map.of("number", "+14155550199", "friendlyName", "Main office"))
                .expect(201);
    }

    @Test
    void qFindsPartOfTheNumberOrOfTheFriendlyNameWhateverItsCase() {
        assertThat(numbers("q=415555")).containsExactly("+14155550100", "+14155550101");
        assertThat(numbers("q=OFFICE")).containsExactly("+12125550102", "+14155550100");
        assertThat(numbers("q=0103")).containsExactly("+12125550103");
        assertThat(numbers("q=nothing-like-it")).isEmpty();
        // combined with the other filters
        assertThat(numbers("q=office&segment=west")).containsExactly("+12125550102");
    }

    @Test
    void didsInsertedRenamedOrDeletedInSqlAreSearchedAsTheyAreNow() {
        String anyDid = tenant.get("/api/asterisk-dids?q=0103").json().get("items").get(0).get("id").asString();
        String tenantId = jdbc.queryForObject("SELECT tenant_id FROM asterisk_dids WHERE id = CAST(? AS uuid)",
                String.class, anyDid);
        jdbc.update("UPDATE asterisk_dids SET friendly_name = 'Brooklyn annex' WHERE number = '+12125550103'"
                + " AND tenant_id = CAST(? AS uuid)", tenantId);
        jdbc.update("UPDATE asterisk_dids SET number = '+13035550999' WHERE number = '+13035550104'"
                + " AND tenant_id = CAST(? AS uuid)", tenantId);
        // two rows in one statement, not testsupport.Dids' one a DID: the search terms' trigger runs per statement
        jdbc.update("INSERT INTO asterisk_dids (id, tenant_id, number, friendly_name) VALUES"
                + " (gen_random_uuid(), CAST(? AS uuid), '+16175550105', 'Boston annex'),"
                + " (gen_random_uuid(), CAST(? AS uuid), '+16175550106', NULL)", tenantId, tenantId);
        jdbc.update("DELETE FROM asterisk_dids WHERE number = '+14155550101' AND tenant_id = CAST(? AS uuid)",
                tenantId);

        assertThat(numbers("q=annex")).containsExactly("+12125550103", "+16175550105");
        assertThat(numbers("q=0999")).containsExactly("+13035550999");
        assertThat(numbers("q=0104")).isEmpty();
        assertThat(numbers("q=6175550106")).containsExactly("+16175550106");
        assertThat(numbers("q=" + enc("s_l"))).isEmpty();
    }

    @Test
    void aQWrittenLikeAPhoneNumberAlsoMatchesTheNumbersDigits() {
        assertThat(numbers("q=" + enc("(212) 555-01"))).containsExactly("+12125550102", "+12125550103");
        assertThat(numbers("q=" + enc("+1 303"))).containsExactly("+13035550104");
    }

    @Test
    void percentAndUnderscoreInQAreMatchedAsThemselves() {
        assertThat(numbers("q=" + enc("100%"))).containsExactly("+14155550101");
        assertThat(numbers("q=" + enc("s_l"))).containsExactly("+14155550101");
        assertThat(numbers("q=" + enc("%"))).containsExactly("+14155550101");
        assertThat(numbers("q=_")).containsExactly("+14155550101");
    }

    @Test
    void neverUsedKeepsTheDidsNeverAllocated() {
        String used = tenant.get("/api/asterisk-dids?q=0102").json().get("items").get(0).get("id").asString();
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", used)).expect(200);

        assertThat(numbers("neverUsed=true")).hasSize(4).doesNotContain("+12125550102");
        assertThat(numbers("neverUsed=false")).containsExactly("+12125550102");
        assertThat(tenant.get("/api/asterisk-dids?neverUsed=maybe").status()).isEqualTo(400);
    }

    @Test
    void sortsByEachFieldEitherWayBreakingTiesByNumber() {
        allocate("+13035550104", 3);
        allocate("+12125550103", 1);
        allocate("+14155550101", 1);

        assertThat(numbers("sort=usageCount,desc")).containsExactly(
                "+13035550104", "+12125550103", "+14155550101", "+12125550102", "+14155550100");
        assertThat(numbers("sort=usageCount")).containsExactly(
                "+12125550102", "+14155550100", "+12125550103", "+14155550101", "+13035550104");
        // never used first ascending (as rotation sees them), last descending
        assertThat(numbers("sort=lastUsedAt")).containsExactly(
                "+12125550102", "+14155550100", "+13035550104", "+12125550103", "+14155550101");
        assertThat(numbers("sort=lastUsedAt,desc")).containsExactly(
                "+14155550101", "+12125550103", "+13035550104", "+12125550102", "+14155550100");
        assertThat(numbers("sort=createdAt")).containsExactly(
                "+14155550100", "+14155550101", "+12125550102", "+12125550103", "+13035550104");
        assertThat(numbers("sort=number,desc")).containsExactly(
                "+14155550101", "+14155550100", "+13035550104", "+12125550103", "+12125550102");
        assertThat(numbers("")).isSorted();
    }

    @Test
    void pagingThroughASortWithTiesNeitherRepeatsNorSkips() {
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            paged.addAll(numbers("sort=usageCount,desc&size=2&page=" + page));
        }
        assertThat(paged).containsExactlyElementsOf(numbers("sort=usageCount,desc&size=50"));
        assertThat(paged).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownSortIsRefusedSayingWhatItTakes() {
        for (String sort : List.of("usage", "number,up", "number,desc,asc", "friendlyName")) {
            ApiClient.Response refused = tenant.get("/api/asterisk-dids?sort=" + sort);
            assertThat(refused.status()).as(sort).isEqualTo(400);
            assertThat(refused.json().get("detail").asString())
                    .startsWith("sort: must be one of number, usageCount, lastUsedAt, createdAt");
        }
    }

    private void did(String number, String segment, String friendlyName) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("number", number);
        body.put("segment", segment);
        body.put("friendlyName", friendlyName);
        tenant.post("/api/asterisk-dids", body).expect(201);
    }

    private void allocate(String number, int times) {
        String id = tenant.get("/api/asterisk-dids?q=" + enc(number)).json().get("items").get(0).get("id").asString();
        for (int i = 0; i < times; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id)).expect(200);
        }
    }

    private List<String> numbers(String query) {
        JsonNode page = tenant.get("/api/asterisk-dids?" + query).expect(200).json();
        return page.get("items").valueStream().map(d -> d.get("number").asString()).toList();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
