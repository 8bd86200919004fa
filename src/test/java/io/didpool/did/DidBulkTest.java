package io.didpool.did;

import static io.didpool.did.DidCsvTest.importCsv;
import static io.didpool.did.DidCsvTest.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Changing many DIDs in one request: by filter, by ids or numbers; a dry run first; one transaction. */
class DidBulkTest extends IntegrationTest {

    private static final String BULK = "/api/asterisk-dids/bulk";

    @Test
    void movesTwentyThousandDidsMatchedByAFilterInOneRequestAfterADryRun() {
        ApiClient tenant = newTenant();
        StringBuilder csv = new StringBuilder("number,segment,status\n");
        for (int i = 0; i < 24_000; i++) {
            csv.append("+1650").append(String.format("%07d", i)).append(i < 20_000 ? ",big," : ",small,")
                    .append(i % 1000 == 0 ? "inactive" : "active").append('\n');
        }
        importCsv(tenant, csv.toString(), false);
        ApiClient other = newTenant();
        other.createDid("+16500000001", "big");

        JsonNode preview = tenant.post(BULK, Map.of("filter", Map.of("segment", "big"),
                "set", Map.of("segment", "moved"), "dryRun", true)).expect(200).json();

        assertThat(preview.get("matched").asLong()).isEqualTo(20_000);
        assertThat(preview.get("changed").asLong()).isEqualTo(20_000);
        assertThat(preview.get("dryRun").asBoolean()).isTrue();
        assertThat(total(tenant, "segment=big")).isEqualTo(20_000);

        JsonNode moved = tenant.post(BULK, Map.of("filter", Map.of("segment", "big"),
                "set", Map.of("segment", "moved"))).expect(200).json();

        assertThat(moved.get("matched").asLong()).isEqualTo(20_000);
        assertThat(moved.get("changed").asLong()).isEqualTo(20_000);
        assertThat(total(tenant, "segment=big")).isZero();
        assertThat(total(tenant, "segment=moved")).isEqualTo(20_000);
        assertThat(total(tenant, "segment=moved&status=inactive")).isEqualTo(20);
        assertThat(total(tenant, "segment=small")).isEqualTo(4_000);
        assertThat(total(other, "segment=big")).isEqualTo(1);

        // the same again changes nothing; a filter on status narrows it
        JsonNode again = tenant.post(BULK, Map.of("filter", Map.of("segment", "moved"),
                "set", Map.of("segment", "moved"))).expect(200).json();
        assertThat(again.get("changed").asLong()).isZero();
        JsonNode reactivated = tenant.post(BULK, Map.of("filter", Map.of("segment", "moved", "status", "inactive"),
                "set", Map.of("status", "active", "trunk", "SIP-B"))).expect(200).json();
        assertThat(reactivated.get("changed").asLong()).isEqualTo(20);
        assertThat(total(tenant, "segment=moved&trunk=SIP-B&status=active")).isEqualTo(20);

        JsonNode entry = tenant.get("/api/audit?entity=did").expect(200).json().get("items").get(1);
        assertThat(entry.get("action").asString()).isEqualTo("bulk-update");
        assertThat(entry.get("id").isNull()).isTrue();
        assertThat(entry.get("after").get("changed").asLong()).isEqualTo(20_000);
        assertThat(entry.get("after").get("filter").get("segment").asString()).isEqualTo("big");
        assertThat(entry.get("before").get("segment").get(0).get("value").asString()).isEqualTo("big");
        assertThat(entry.get("before").get("segment").get(0).get("dids").asLong()).isEqualTo(20_000);
    }

    @Test
    void changesTheDidsListedByIdOrNumberAndANullSegmentClearsIt() {
        ApiClient tenant = newTenant();
        String a = tenant.createDid("+14155550100", "s").get("id").asString();
        tenant.createDid("+14155550101", "s");
        tenant.createDid("+14155550102", "s");
        String foreign = newTenant().createDid("+14155550103", "s").get("id").asString();
        Map<String, Object> clear = new HashMap<>();
        clear.put("segment", null);

        JsonNode byIds = tenant.post(BULK, Map.of("filter", Map.of("ids", List.of(a, foreign)), "set", clear))
                .expect(200).json();
        JsonNode byNumbers = tenant.post(BULK, Map.of("filter", Map.of("numbers", List.of("+14155550101",
                "+19999999999")), "set", Map.of("status", "quarantined"))).expect(200).json();

        assertThat(byIds.get("matched").asLong()).as("another tenant's id matches nothing").isEqualTo(1);
        assertThat(tenant.get("/api/asterisk-dids/" + a).json().get("segment").isNull()).isTrue();
        assertThat(byNumbers.get("changed").asLong()).isEqualTo(1);
        assertThat(total(tenant, "status=quarantined")).isEqualTo(1);
        assertThat(total(tenant, "segment=s")).isEqualTo(2);
    }

    @Test
    void refusesWhatItCannotDoNamingTheField() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "s");
        Map<String, Object> nullStatus = new HashMap<>();
        nullStatus.put("status", null);

        assertRefused(tenant.post(BULK, Map.of("filter", Map.of(), "set", Map.of())), "set: give at least one of");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of(), "set", Map.of("friendlyName", "x"))),
                "friendlyName: unknown field; a bulk change's set takes segment, status, trunk");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of(), "set", nullStatus)), "status: may not be null");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of(), "set", Map.of("segment", "Bad"))),
                "segment: a segment name is");
        assertRefused(tenant.post(BULK, Map.of("filter", Map.of("segmnet", "s"), "set", Map.of("status", "active"))),
                "filter.segmnet: unknown field");
        assertRefused(tenant.post(BULK, Map.of("set", Map.of("status", "active"))), "filter");
        assertThat(total(tenant, "segment=s&status=active")).isEqualTo(1);
    }

    @Test
    void aNullSegmentInTheFilterMatchesTheDidsWithoutASegmentNeverEveryDid() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "s");
        tenant.createDid("+14155550101", null);
        tenant.createDid("+14155550102", null);
        Map<String, Object> withoutSegment = new HashMap<>();
        withoutSegment.put("segment", null);

        JsonNode preview = tenant.post(BULK, Map.of("filter", withoutSegment, "set", Map.of("segment", "filed"),
                "dryRun", true)).expect(200).json();
        JsonNode filed = tenant.post(BULK, Map.of("filter", withoutSegment, "set", Map.of("segment", "filed")))
                .expect(200).json();

        assertThat(preview.get("matched").asLong()).isEqualTo(2);
        assertThat(filed.get("changed").asLong()).isEqualTo(2);
        assertThat(total(tenant, "segment=filed")).isEqualTo(2);
        assertThat(total(tenant, "segment=s")).isEqualTo(1);
        JsonNode recorded = tenant.get("/api/audit?entity=did").expect(200).json().get("items").get(0)
                .get("after").get("filter");
        assertThat(recorded.has("segment")).isTrue();
        assertThat(recorded.get("segment").isNull()).isTrue();

        // "" is no segment's name either: the same DIDs, here none left
        tenant.createDid("+14155550103", null);
        JsonNode empty = tenant.post(BULK, Map.of("filter", Map.of("segment", ""), "set",
                Map.of("status", "inactive"))).expect(200).json();
        assertThat(empty.get("matched").asLong()).isEqualTo(1);
        assertThat(total(tenant, "status=inactive")).isEqualTo(1);
    }

    @Test
    void aNullOrBlankInAnyOtherFilterFieldIsRefusedNamingItAndChangesNothing() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "s");
        tenant.createDid("+14155550101", null);

        for (String field : List.of("status", "trunk", "q", "neverUsed", "ids", "numbers")) {
            Map<String, Object> filter = new HashMap<>();
            filter.put(field, null);
            assertRefused(tenant.post(BULK, Map.of("filter", filter, "set", Map.of("status", "inactive"))),
                    "filter." + field + ": may not be null");
        }
        for (String field : List.of("status", "trunk", "q")) {
            for (String blank : List.of("", "  ")) {
                assertRefused(tenant.post(BULK, Map.of("filter", Map.of(field, blank),
                        "set", Map.of("status", "inactive"))), "filter." + field + ": ");
            }
        }
        assertThat(total(tenant, "status=inactive")).isZero();
    }

    private static void assertRefused(ApiClient.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains(detail);
    }
}
