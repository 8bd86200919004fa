package io.didpool.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Undo of a bulk change or a CSV import: exactly the DIDs it changed get their values back; a DID changed since is
 * skipped with the reason, never overwritten; a dry run changes nothing; an entry is undone once, and only those
 * entries can be; another tenant's entry is unknown.
 */
class AuditUndoTest extends IntegrationTest {

    private static final String BULK = "/api/asterisk-dids/bulk";

    @Test
    void undoOfABulkChangeRestoresThePreviousSegmentsOfExactlyThoseDidsAndSkipsOneChangedSince() {
        ApiClient tenant = newTenant();
        String csv = """
                number,segment
                +12125550100,ny-metro
                +12125550101,ny-metro
                +12125550102,queens
                +12125550103,queens
                +12125550104,manhattan
                +14155550100,ny-metro
                """;
        tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv", csv).expect(200);
        tenant.post(BULK, Map.of("filter", Map.of("q", "(212)"), "set", Map.of("segment", "manhattan")))
                .expect(200);
        JsonNode bulk = tenant.get("/api/audit?entity=did&size=1").expect(200).json().get("items").get(0);
        assertThat(bulk.get("action").asString()).isEqualTo("bulk-update");
        long entryId = bulk.get("entryId").asLong();
        assertThat(bulk.get("id").isNull()).as("id stays the changed entity's: none for many").isTrue();
        // changed by hand after the bulk change: the undo must not overwrite it
        put(tenant, "+12125550103", Map.of("segment", "brooklyn"));

        JsonNode dry = tenant.post("/api/audit/" + entryId + "/undo?dryRun=true", null).expect(200).json();

        assertThat(dry.get("matched").asLong()).isEqualTo(4);
        assertThat(dry.get("reverted").asLong()).isEqualTo(3);
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("skipped").toString()).isEqualTo("[{\"number\":\"+12125550103\",\"reason\":"
                + "\"segment changed since: it is brooklyn, the change set manhattan\"}]");
        assertThat(segments(tenant)).as("a dry run changes nothing").containsExactly("manhattan", "manhattan",
                "manhattan", "brooklyn", "manhattan", "ny-metro");
        assertThat(tenant.get("/api/audit?entity=did&size=1").json().get("items").get(0).get("action").asString())
                .as("nor is it audited").isEqualTo("update");

        JsonNode undone = tenant.post("/api/audit/" + entryId + "/undo", null).expect(200).json();

        assertThat(undone.get("reverted").asLong()).isEqualTo(3);
        assertThat(undone.get("skipped")).isEqualTo(dry.get("skipped"));
        // the one that was in manhattan already was not changed by the bulk change, so the undo leaves it there
        assertThat(segments(tenant)).containsExactly("ny-metro", "ny-metro", "queens", "brooklyn", "manhattan",
                "ny-metro");
        JsonNode undo = tenant.get("/api/audit?entity=did&size=1").json().get("items").get(0);
        assertThat(undo.get("action").asString()).isEqualTo("undo");
        assertThat(undo.get("after").get("entryId").asLong()).isEqualTo(entryId);
        assertThat(undo.get("after").get("reverted").asLong()).isEqualTo(3);
        assertThat(undo.get("after").get("skipped").asLong()).isEqualTo(1);

        ApiClient.Response twice = tenant.post("/api/audit/" + entryId + "/undo", null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asString()).isEqualTo("entry " + entryId
                + " was undone already, by entry " + undo.get("entryId").asLong());
        ApiClient.Response undoOfUndo = tenant.post("/api/audit/" + undo.get("entryId").asLong() + "/undo", null);
        assertThat(undoOfUndo.status()).isEqualTo(409);
        assertThat(undoOfUndo.json().get("detail").asString()).endsWith("an undo cannot be undone");
        assertThat(undoneBy(tenant, entryId)).isEqualTo(undo.get("entryId").asLong());
    }

    @Test
    void undoOfACsvImportRestoresTheDidsItUpdatedAndDeletesThoseItCreatedUnlessUsedOrChangedSince() {
        ApiClient tenant = newTenant();
        tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv", """
                number,segment,status
                +13125550100,chicago,active
                +13125550101,chicago,active
                """).expect(200);
        tenant.send("POST", "/api/asterisk-dids/import/csv", "text/csv", """
                number,segment,status
                +13125550100,loop,inactive
                +13125550101,loop,active
                +13125550102,loop,
                +13125550103,loop,
                +13125550104,loop,
                """).expect(200);
        long entryId = tenant.get("/api/audit?entity=did&size=1").json().get("items").get(0).get("entryId").asLong();
        put(tenant, "+13125550101", Map.of("status", "quarantined")); // a field the import did not change
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id(tenant, "+13125550103"))).expect(200);
        put(tenant, "+13125550104", Map.of("friendlyName", "kept by hand"));

        JsonNode undone = tenant.post("/api/audit/" + entryId + "/undo", null).expect(200).json();

        assertThat(undone.get("matched").asLong()).isEqualTo(5);
        assertThat(undone.get("reverted").asLong()).isEqualTo(3);
        assertThat(undone.get("skipped").toString()).isEqualTo("["
                + "{\"number\":\"+13125550103\",\"reason\":\"created by the import and allocated since: delete it by"
                + " hand if it is not wanted\"},"
                + "{\"number\":\"+13125550104\",\"reason\":\"created by the import and changed since: delete it by"
                + " hand if it is not wanted\"}]");
        JsonNode first = did(tenant, "+13125550100");
        assertThat(first.get("segment").asString()).isEqualTo("chicago");
        assertThat(first.get("status").asString()).isEqualTo("active");
        JsonNode second = did(tenant, "+13125550101");
        assertThat(second.get("segment").asString()).isEqualTo("chicago");
        assertThat(second.get("status").asString()).as("its status was changed by hand, not by the import")
                .isEqualTo("quarantined");
        assertThat(tenant.get("/api/asterisk-dids?q=3125550102").json().get("total").asLong())
                .as("created by the import, untouched since: deleted").isZero();
        assertThat(did(tenant, "+13125550103").get("segment").asString()).isEqualTo("loop");
        assertThat(did(tenant, "+13125550104").get("segment").asString()).isEqualTo("loop");
    }

    @Test
    void onlyABulkChangeOrCsvImportOfTheCallersTenantCanBeUndone() {
        ApiClient tenant = newTenant();
        ApiClient other = newTenant();
        tenant.createDid("+14155550100", "a");
        long create = tenant.get("/api/audit?entity=did").json().get("items").get(0).get("entryId").asLong();
        tenant.post(BULK, Map.of("filter", Map.of(), "set", Map.of("segment", "b"))).expect(200);
        long bulk = tenant.get("/api/audit?entity=did&size=1").json().get("items").get(0).get("entryId").asLong();

        ApiClient.Response notUndoable = tenant.post("/api/audit/" + create + "/undo", null);
        assertThat(notUndoable.status()).isEqualTo(409);
        assertThat(notUndoable.json().get("detail").asString()).isEqualTo("entry " + create + " (did create) cannot"
                + " be undone: only a bulk change of DIDs (bulk-update) and a CSV import of DIDs (csv-import) can");
        assertThat(other.post("/api/audit/" + bulk + "/undo", null).status()).isEqualTo(404);
        assertThat(other.post("/api/audit/" + bulk + "/undo?dryRun=true", null).status()).isEqualTo(404);
        assertThat(tenant.post("/api/audit/999999999/undo", null).status()).isEqualTo(404);
        assertThat(tenant.post("/api/audit/" + bulk + "/undo?dry=true", null).status()).isEqualTo(400);
        assertThat(did(tenant, "+14155550100").get("segment").asString()).isEqualTo("b");
        tenant.post("/api/audit/" + bulk + "/undo", null).expect(200);
        assertThat(did(tenant, "+14155550100").get("segment").asString()).isEqualTo("a");
    }

    private static List<String> segments(ApiClient tenant) {
        return tenant.get("/api/asterisk-dids?sort=number").expect(200).json().get("items").valueStream()
                .map(d -> d.get("segment").asString()).toList();
    }

    private static long undoneBy(ApiClient tenant, long entryId) {
        return tenant.get("/api/audit?entity=did").json().get("items").valueStream()
                .filter(e -> e.get("entryId").asLong() == entryId).findFirst().orElseThrow().get("undoneBy").asLong();
    }

    private static JsonNode did(ApiClient tenant, String number) {
        return tenant.get("/api/asterisk-dids?q=" + number.substring(1)).expect(200).json().get("items").get(0);
    }

    private static String id(ApiClient tenant, String number) {
        return did(tenant, number).get("id").asString();
    }

    private static void put(ApiClient tenant, String number, Map<String, Object> fields) {
        tenant.put("/api/asterisk-dids/" + id(tenant, number), fields).expect(200);
    }
}
