package io.didpool.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.didpool.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Every change through the API is in the audit trail: which key, when, what, before and after; nothing else is. */
class AuditTrailTest extends IntegrationTest {

    @Test
    void recordsEachChangeOfADidWithTheKeyThatMadeIt() {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "audited-" + UUID.randomUUID()))
                .expect(201).json();
        ApiClient tenant = api().withToken(created.get("apiKey").asString());
        String id = tenant.createDid("+14155550100", "a").get("id").asString();
        tenant.put("/api/asterisk-dids/" + id, Map.of("segment", "b", "status", "inactive")).expect(200);
        tenant.delete("/api/asterisk-dids/" + id).expect(204);

        JsonNode page = tenant.get("/api/audit?entity=did&id=" + id).expect(200).json();

        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(50);
        JsonNode items = page.get("items");
        assertThat(items.valueStream().map(e -> e.get("action").asString())).containsExactly("delete", "update", "create");
        JsonNode update = items.get(1);
        assertThat(update.propertyNames()).contains("at", "key", "entity", "id", "action", "before", "after");
        assertThat(update.get("entity").asString()).isEqualTo("did");
        assertThat(update.get("id").asString()).isEqualTo(id);
        assertThat(update.get("key").get("name").asString()).isEqualTo("default");
        assertThat(update.get("key").get("id").asString()).isNotEmpty();
        assertThat(update.get("before").get("segment").asString()).isEqualTo("a");
        assertThat(update.get("before").get("status").asString()).isEqualTo("active");
        assertThat(update.get("after").get("segment").asString()).isEqualTo("b");
        assertThat(update.get("after").get("status").asString()).isEqualTo("inactive");
        assertThat(items.get(0).get("after").isNull()).isTrue();
        assertThat(items.get(2).get("before").isNull()).isTrue();
        assertThat(items.get(0).get("at").asString()).isNotEmpty();
    }

    @Test
    void recordsJourneysSegmentsPoliciesCsvImportsAndUsageResetsButNotReads() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "main");
        tenant.put("/api/asterisk-dids/segments/spare", Map.of("description", "for later")).expect(200);
        tenant.put("/api/asterisk-dids/segments/main/policy", Map.of("maxCallsPerHour", 5)).expect(200);
        tenant.put("/api/asterisk-dids/segments/main/policy", Map.of("maxCallsPerHour", 8, "stickyDays", 2))
                .expect(200);
        String journey = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of(Map.of("type",
                "MAKE_CALL", "config", Map.of("didSegment", "main"))))).expect(201).json().get("id").asString();
        tenant.put("/api/journeys/" + journey, Map.of("name", "renamed", "nodes", List.of())).expect(200);
        tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv", "number\n+14155550101\n+14155550102\n")
                .expect(200);
        tenant.delete("/api/asterisk-dids/segments/spare").expect(204);
        tenant.delete("/api/journeys/" + journey).expect(204);
        long before = total(tenant, "");
        tenant.get("/api/asterisk-dids").expect(200);
        tenant.get("/api/journeys").expect(200);
        tenant.send("POST", "/api/asterisk-dids/import/csv?dryRun=true", "text/csv", "number\n+14155550103\n")
                .expect(200);
        assertThat(total(tenant, "")).as("reads and dry runs are no changes").isEqualTo(before);

        assertThat(actions(tenant, "entity=journey&id=" + journey)).containsExactly("delete", "update", "create");
        JsonNode journeyUpdate = tenant.get("/api/audit?entity=journey&id=" + journey).json().get("items").get(1);
        assertThat(journeyUpdate.get("before").get("name").asString()).isEqualTo("j");
        assertThat(journeyUpdate.get("after").get("name").asString()).isEqualTo("renamed");
        assertThat(actions(tenant, "entity=segment&id=spare")).containsExactly("delete", "declare");
        assertThat(actions(tenant, "entity=policy&id=main")).containsExactly("update", "set");
        JsonNode policyUpdate = tenant.get("/api/audit?entity=policy&id=main").json().get("items").get(0);
        assertThat(policyUpdate.get("before").get("maxCallsPerHour").asInt()).isEqualTo(5);
        assertThat(policyUpdate.get("after").get("maxCallsPerHour").asInt()).isEqualTo(8);
        assertThat(policyUpdate.get("after").get("stickyDays").asInt()).isEqualTo(2);
        JsonNode csv = tenant.get("/api/audit?entity=did").json().get("items").get(0);
        assertThat(csv.get("action").asString()).isEqualTo("csv-import");
        assertThat(csv.get("after").get("created").asLong()).isEqualTo(2);

        tenant.post("/api/asterisk-dids/allocate", Map.of()).expect(200);
        tenant.post("/api/asterisk-dids/usage/reset", null).expect(200);
        assertThat(tenant.get("/api/audit?entity=did").json().get("items").get(0).get("action").asString())
                .isEqualTo("usage-reset");
    }

    @Autowired
    Audit audit;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void anEntryIsWrittenInTheTransactionOfItsChangeAndRollsBackWithIt() {
        ApiClient tenant = newTenant();
        TenantId id = new TenantId(UUID.fromString(tenant.get("/api/audit?size=1").json().get("items").get(0)
                .get("tenantId").asString()));

        transactions.executeWithoutResult(tx -> {
            audit.record(id, AuditEntity.SEGMENT, "kept", "declare", null, Map.of("name", "kept"));
        });
        transactions.executeWithoutResult(tx -> {
            audit.record(id, AuditEntity.SEGMENT, "rolled-back", "declare", null, Map.of("name", "rolled-back"));
            tx.setRollbackOnly();
        });

        assertThat(actions(tenant, "entity=segment&id=kept")).containsExactly("declare");
        assertThat(actions(tenant, "entity=segment&id=rolled-back")).isEmpty();
        // outside a request, the actor is didpool itself
        assertThat(tenant.get("/api/audit?entity=segment&id=kept").json().get("items").get(0).get("key").get("name")
                .asString()).isEqualTo("system");
    }

    @Test
    void aRefusedChangeLeavesNoEntry() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "main");
        String journey = tenant.post("/api/journeys", Map.of("name", "j", "nodes", List.of())).expect(201).json()
                .get("id").asString();

        // the journey's name is written before its nodes are checked; the 422 rolls back the name and the entry
        assertThat(tenant.put("/api/journeys/" + journey, Map.of("name", "changed", "nodes", List.of(Map.of("type",
                "MAKE_CALL", "config", Map.of("didSegment", "ghost"))))).status()).isEqualTo(422);

        assertThat(tenant.get("/api/journeys/" + journey).json().get("name").asString()).isEqualTo("j");
        assertThat(actions(tenant, "entity=journey&id=" + journey)).containsExactly("create");
    }

    @Test
    void aTenantSeesOnlyItsOwnEntriesAndTheAdminTokenSeesEveryTenantsAndItsOwn() {
        JsonNode first = admin().post("/api/admin/tenants", Map.of("name", "first-" + UUID.randomUUID())).expect(201)
                .json();
        ApiClient tenant = api().withToken(first.get("apiKey").asString());
        ApiClient other = newTenant();
        String mine = tenant.createDid("+14155550100", "a").get("id").asString();
        String theirs = other.createDid("+14155550100", "a").get("id").asString();

        assertThat(tenant.get("/api/audit?entity=did&id=" + theirs).json().get("total").asLong()).isZero();
        assertThat(tenant.get("/api/audit").json().get("items").valueStream().map(e -> e.get("id").asString()))
                .contains(mine).doesNotContain(theirs);
        JsonNode everyone = admin().get("/api/admin/audit?entity=did&id=" + theirs).expect(200).json();
        assertThat(everyone.get("total").asLong()).isEqualTo(1);
        JsonNode narrowed = admin().get("/api/admin/audit?tenantId=" + first.get("id").asString()).expect(200).json();
        assertThat(narrowed.get("items").valueStream().map(e -> e.get("tenantId").asString()))
                .containsOnly(first.get("id").asString());
        // the admin's own changes are there, as the admin's: this tenant's creation and its first key
        assertThat(narrowed.get("items").valueStream().filter(e -> e.get("key").get("name").asString().equals("admin"))
                .map(e -> e.get("entity").asString())).contains("tenant", "key");
        // the tenant's own view of the admin's changes to it
        assertThat(actions(tenant, "entity=key")).containsExactly("create");
        // a tenant key is no admin token
        assertThat(tenant.get("/api/admin/audit").status()).isEqualTo(403);
    }

    @Test
    void refusesAnUnknownEntityAndPagesNewestFirst() {
        ApiClient tenant = newTenant();
        for (int i = 0; i < 5; i++) {
            tenant.createDid("+1415555010" + i, "a");
        }
        assertThat(tenant.get("/api/audit?entity=number").status()).isEqualTo(400);
        assertThat(tenant.get("/api/audit?entity=number").json().get("detail").asString())
                .isEqualTo("entity: must be one of did, segment, policy, trunk, journey, key, tenant, suppression,"
                        + " calling_hours, dialing_limits, inbound, campaign; got \"number\"");
        JsonNode second = tenant.get("/api/audit?entity=did&page=1&size=2").expect(200).json();
        assertThat(second.get("total").asLong()).isEqualTo(5);
        assertThat(second.get("items").valueStream().map(e -> e.get("after").get("number").asString()))
                .containsExactly("+14155550102", "+14155550101");
    }

    private static List<String> actions(ApiClient tenant, String query) {
        return tenant.get("/api/audit?" + query).expect(200).json().get("items").valueStream()
                .map(e -> e.get("action").asString()).toList();
    }

    private static long total(ApiClient tenant, String query) {
        return tenant.get("/api/audit?" + query).expect(200).json().get("total").asLong();
    }
}
