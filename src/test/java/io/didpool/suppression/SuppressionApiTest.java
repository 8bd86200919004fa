package io.didpool.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The do-not-call list through the API: entries, validation, tenants, expiry, CSV and the audit trail. */
class SuppressionApiTest extends IntegrationTest {

    @Test
    void anEntryIsAddedChangedListedAndRemoved() {
        ApiClient tenant = newTenant();

        JsonNode added = tenant.put("/api/suppression/+14155550101", Map.of("reason", "asked not to be called"))
                .expect(200).json();
        assertThat(added.get("number").asString()).isEqualTo("+14155550101");
        assertThat(added.get("reason").asString()).isEqualTo("asked not to be called");
        assertThat(added.get("expiresAt").isNull()).isTrue();
        assertThat(added.get("active").asBoolean()).isTrue();

        String later = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode changed = tenant.put("/api/suppression/+14155550101", Map.of("reason", "complaint", "expiresAt",
                later)).expect(200).json();
        assertThat(changed.get("reason").asString()).isEqualTo("complaint");
        assertThat(Instant.parse(changed.get("expiresAt").asString())).isEqualTo(Instant.parse(later));
        tenant.put("/api/suppression/+14155550102", Map.of()).expect(200);

        JsonNode list = tenant.get("/api/suppression").expect(200).json();
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("items").findValuesAsString("number")).containsExactly("+14155550101", "+14155550102");
        assertThat(tenant.get("/api/suppression?q=compl").expect(200).json().get("items")
                .findValuesAsString("number")).containsExactly("+14155550101");
        assertThat(tenant.get("/api/suppression?q=0102").expect(200).json().get("total").asLong()).isEqualTo(1);
        assertThat(tenant.get("/api/suppression?page=1&size=1").expect(200).json().get("items")
                .findValuesAsString("number")).containsExactly("+14155550102");

        tenant.delete("/api/suppression/+14155550101").expect(204);
        assertThat(tenant.delete("/api/suppression/+14155550101").status()).isEqualTo(404);
        assertThat(tenant.get("/api/suppression").expect(200).json().get("items").findValuesAsString("number"))
                .containsExactly("+14155550102");
    }

    @Test
    void invalidNumbersReasonsAndExpiriesAreRefusedNamingTheField() {
        ApiClient tenant = newTenant();

        ApiClient.Response number = tenant.put("/api/suppression/4155550101", Map.of());
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.contentType()).startsWith("application/problem+json");
        assertThat(number.json().get("errors").get(0).get("field").asString()).isEqualTo("number");
        assertThat(number.body()).contains("E.164");

        ApiClient.Response reason = tenant.put("/api/suppression/+14155550101", Map.of("reason", "evil\u202Etxt"));
        assertThat(reason.status()).isEqualTo(400);
        assertThat(reason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");

        ApiClient.Response tooLong = tenant.put("/api/suppression/+14155550101", Map.of("reason", "x".repeat(201)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");

        ApiClient.Response expiry = tenant.put("/api/suppression/+14155550101", Map.of("expiresAt", "tomorrow"));
        assertThat(expiry.status()).isEqualTo(400);
        assertThat(expiry.body()).contains("expiresAt").contains("tomorrow");

        assertThat(tenant.put("/api/suppression/+14155550101", Map.of("why", "x")).status()).isEqualTo(400);
        assertThat(tenant.get("/api/suppression").expect(200).json().get("total").asLong()).isZero();
    }

    @Test
    void aTenantSeesAndChangesOnlyItsOwnList() {
        ApiClient owner = newTenant();
        ApiClient other = newTenant();
        owner.put("/api/suppression/+14155550101", Map.of("reason", "mine")).expect(200);

        assertThat(other.get("/api/suppression").expect(200).json().get("total").asLong()).isZero();
        assertThat(other.delete("/api/suppression/+14155550101").status()).isEqualTo(404);
        assertThat(other.get("/api/suppression/export").expect(200).body()).doesNotContain("+14155550101");
        other.put("/api/suppression/+14155550101", Map.of("reason", "theirs")).expect(200);

        assertThat(owner.get("/api/suppression").expect(200).json().get("items").get(0).get("reason").asString())
                .isEqualTo("mine");
    }

    @Test
    void anEntryWhoseExpiryHasPassedIsListedButNoLongerActive() {
        ApiClient tenant = newTenant();
        String past = Instant.now().minus(1, ChronoUnit.HOURS).toString();
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();

        assertThat(tenant.put("/api/suppression/+14155550101", Map.of("expiresAt", past)).expect(200).json()
                .get("active").asBoolean()).isFalse();
        assertThat(tenant.put("/api/suppression/+14155550102", Map.of("expiresAt", future)).expect(200).json()
                .get("active").asBoolean()).isTrue();
        assertThat(tenant.get("/api/suppression").expect(200).json().get("items").findValuesAsString("number"))
                .containsExactly("+14155550101", "+14155550102");
    }

    @Test
    void aCsvImportCountsAndListsItsRowsAndTheExportImportsBackTheSame() {
        ApiClient tenant = newTenant();
        String csv = """
                number,reason,expiresAt
                +14155550101,"=HYPERLINK(""http://x"")",
                +14155550102,'quoted,2099-01-01T00:00:00Z
                +14155550103,,
                4155550104,no plus,
                +14155550105,ok,someday
                +14155550101,again,
                """;

        JsonNode imported = tenant.send("POST", "/api/suppression/import/csv", "text/csv", csv).expect(200).json();
        assertThat(imported.get("fetched").asLong()).isEqualTo(6);
        assertThat(imported.get("created").asLong()).isEqualTo(3);
        assertThat(imported.get("updated").asLong()).isZero();
        assertThat(imported.get("failed").asLong()).isEqualTo(3);
        assertThat(imported.get("errors").findValuesAsString("reason")).containsExactly(
                "row 5: number: must be an E.164 number such as +14155550100",
                "row 6: expiresAt: must be an ISO-8601 time with a zone, such as 2026-11-25T10:00:00Z",
                "row 7: number: already on row 2 of this file");

        String exported = tenant.get("/api/suppression/export").expect(200).body();
        assertThat(exported).contains("'=HYPERLINK").contains("''quoted").contains("2099-01-01T00:00:00Z");

        ApiClient copy = newTenant();
        JsonNode again = copy.send("POST", "/api/suppression/import/csv", "text/csv", exported).expect(200).json();
        assertThat(again.get("created").asLong()).isEqualTo(3);
        assertThat(entries(copy)).isEqualTo(entries(tenant));
        assertThat(entries(copy).get("+14155550101")).isEqualTo("=HYPERLINK(\"http://x\")|null");
        assertThat(entries(copy).get("+14155550102")).isEqualTo("'quoted|2099-01-01T00:00:00Z");

        JsonNode reimported = tenant.send("POST", "/api/suppression/import/csv", "text/csv", exported).expect(200)
                .json();
        assertThat(reimported.get("updated").asLong()).isEqualTo(3);

        assertThat(tenant.send("POST", "/api/suppression/import/csv", "text/csv", "number,colour\n+14155550101,red\n")
                .status()).isEqualTo(400);
    }

    @Test
    void everyChangeIsInTheAuditTrail() {
        ApiClient tenant = newTenant();
        tenant.put("/api/suppression/+14155550101", Map.of("reason", "first")).expect(200);
        tenant.put("/api/suppression/+14155550101", Map.of("reason", "second")).expect(200);
        tenant.delete("/api/suppression/+14155550101").expect(204);
        tenant.send("POST", "/api/suppression/import/csv", "text/csv", "number\n+14155550102\n").expect(200);

        JsonNode items = tenant.get("/api/audit?entity=suppression").expect(200).json().get("items");
        assertThat(items.findValuesAsString("action")).containsExactly("csv-import", "delete", "update", "create");
        assertThat(items.get(1).get("id").asString()).isEqualTo("+14155550101");
        assertThat(items.get(1).get("before").get("reason").asString()).isEqualTo("second");
        assertThat(items.get(2).get("before").get("reason").asString()).isEqualTo("first");
        assertThat(items.get(2).get("after").get("reason").asString()).isEqualTo("second");
        assertThat(items.get(0).get("after").get("created").asLong()).isEqualTo(1);
    }

    /** The tenant's entries: number to "reason|expiresAt". */
    private static Map<String, String> entries(ApiClient tenant) {
        Map<String, String> entries = new HashMap<>();
        for (JsonNode item : tenant.get("/api/suppression?size=500").expect(200).json().get("items")) {
            entries.put(item.get("number").asString(), (item.get("reason").isNull() ? "null"
                    : item.get("reason").asString()) + "|" + (item.get("expiresAt").isNull() ? "null"
                    : Instant.parse(item.get("expiresAt").asString()).toString()));
        }
        return entries;
    }

}
