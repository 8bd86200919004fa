package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DidApiTest extends IntegrationTest {

    static JsonNode create(ApiClient tenant, String number, String segment) {
        return tenant.createDid(number, segment);
    }

    @Test
    void createsDidWithContractDefaultsAndShape() {
        ApiClient tenant = newTenant();
        JsonNode did = tenant.post("/api/asterisk-dids",
                Map.of("number", "+14155550100", "segment", "twilio-main", "friendlyName", "(415) 555-0100"))
                .expect(201).json();

        assertThat(did.get("id").asString()).hasSize(36);
        assertThat(did.get("number").asString()).isEqualTo("+14155550100");
        assertThat(did.get("segment").asString()).isEqualTo("twilio-main");
        assertThat(did.get("trunk").asString()).isEqualTo("TWILIO");
        assertThat(did.get("status").asString()).isEqualTo("active");
        assertThat(did.get("usageCount").asLong()).isZero();
        assertThat(did.get("lastUsedAt").isNull()).isTrue();
        assertThat(did.get("friendlyName").asString()).isEqualTo("(415) 555-0100");
        assertThat(did.has("createdAt") && did.has("updatedAt") && did.has("capabilities")
                && did.has("providerSid") && did.has("importSource") && did.has("provider")).isTrue();

        JsonNode fetched = tenant.get("/api/asterisk-dids/" + did.get("id").asString()).expect(200).json();
        assertThat(fetched).isEqualTo(did);
    }

    @Test
    void listsFilteredByDidSegmentStatusAndTrunkOrderedByNumber() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550103", "twilio-main");
        create(tenant, "+14155550101", "twilio-main");
        create(tenant, "+14155550102", "twilio-backup");
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550104", "segment", "twilio-main",
                "status", "inactive", "trunk", "OTHER")).expect(201);

        JsonNode main = tenant.get("/api/asterisk-dids?segment=twilio-main").expect(200).json();
        assertThat(numbers(main)).containsExactly("+14155550101", "+14155550103", "+14155550104");
        assertThat(main.get("total").asLong()).isEqualTo(3);

        JsonNode active = tenant.get("/api/asterisk-dids?segment=twilio-main&status=active").expect(200).json();
        assertThat(numbers(active)).containsExactly("+14155550101", "+14155550103");

        JsonNode other = tenant.get("/api/asterisk-dids?trunk=OTHER").expect(200).json();
        assertThat(numbers(other)).containsExactly("+14155550104");

        JsonNode all = tenant.get("/api/asterisk-dids?segment=&status=&trunk=").expect(200).json();
        assertThat(all.get("total").asLong()).isEqualTo(4);
    }

    @Test
    void pagesThroughTheListWithTotal() {
        ApiClient tenant = newTenant();
        for (int i = 0; i < 7; i++) {
            create(tenant, "+1415555020" + i, "paged");
        }
        JsonNode page0 = tenant.get("/api/asterisk-dids?page=0&size=3").expect(200).json();
        JsonNode page2 = tenant.get("/api/asterisk-dids?page=2&size=3").expect(200).json();
        assertThat(numbers(page0)).containsExactly("+14155550200", "+14155550201", "+14155550202");
        assertThat(numbers(page2)).containsExactly("+14155550206");
        assertThat(page2.get("total").asLong()).isEqualTo(7);
        assertThat(page2.get("page").asInt()).isEqualTo(2);
        assertThat(page2.get("size").asInt()).isEqualTo(3);
    }

    @Test
    void movesDidToAnotherSegmentChangingOnlyTheGivenFields() {
        ApiClient tenant = newTenant();
        JsonNode did = tenant.post("/api/asterisk-dids", Map.of("number", "+14155550300", "segment", "twilio-main",
                "friendlyName", "keep me")).expect(201).json();
        String id = did.get("id").asString();

        JsonNode moved = tenant.put("/api/asterisk-dids/" + id, Map.of("segment", "twilio-backup")).expect(200).json();
        assertThat(moved.get("segment").asString()).isEqualTo("twilio-backup");
        assertThat(moved.get("friendlyName").asString()).isEqualTo("keep me");
        assertThat(moved.get("status").asString()).isEqualTo("active");
        assertThat(moved.get("trunk").asString()).isEqualTo("TWILIO");

        JsonNode retired = tenant.put("/api/asterisk-dids/" + id, Map.of("status", "inactive", "trunk", "T2"))
                .expect(200).json();
        assertThat(retired.get("status").asString()).isEqualTo("inactive");
        assertThat(retired.get("trunk").asString()).isEqualTo("T2");
        assertThat(retired.get("segment").asString()).isEqualTo("twilio-backup");
    }

    @Test
    void clearsSegmentWhenSentAsNull() {
        ApiClient tenant = newTenant();
        String id = create(tenant, "+14155550400", "twilio-main").get("id").asString();
        JsonNode cleared = tenant.put("/api/asterisk-dids/" + id, "{\"segment\":null}").expect(200).json();
        assertThat(cleared.get("segment").isNull()).isTrue();
        assertThat(tenant.get("/api/asterisk-dids/segments").expect(200).json().get("segments")).isEmpty();
    }

    @Test
    void deletesDid() {
        ApiClient tenant = newTenant();
        String id = create(tenant, "+14155550500", "twilio-main").get("id").asString();
        tenant.delete("/api/asterisk-dids/" + id).expect(204);
        tenant.get("/api/asterisk-dids/" + id).expect(404);
        tenant.delete("/api/asterisk-dids/" + id).expect(404);
    }

    @Test
    void listsSortedSegmentsThatHoldDids() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550600", "twilio-main");
        create(tenant, "+14155550601", "twilio-backup");
        create(tenant, "+14155550602", "twilio-main");
        create(tenant, "+14155550603", null);
        JsonNode segments = tenant.get("/api/asterisk-dids/segments").expect(200).json();
        assertThat(segments.get("segments").valueStream().map(JsonNode::asString).toList())
                .containsExactly("twilio-backup", "twilio-main");
    }

    @Test
    void showsNextAvailableOfSegmentWithoutCountingIt() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550702", "twilio-main");
        create(tenant, "+14155550701", "twilio-main");
        JsonNode inactive = create(tenant, "+14155550700", "twilio-main");
        tenant.put("/api/asterisk-dids/" + inactive.get("id").asString(), Map.of("status", "inactive")).expect(200);

        JsonNode first = tenant.get("/api/asterisk-dids/next-available-by-segment?segment=twilio-main")
                .expect(200).json();
        JsonNode again = tenant.get("/api/asterisk-dids/next-available-by-segment?segment=twilio-main")
                .expect(200).json();
        assertThat(first.get("available").asBoolean()).isTrue();
        assertThat(first.get("did").get("number").asString()).isEqualTo("+14155550701");
        assertThat(again).isEqualTo(first);
        assertThat(first.get("did").get("usageCount").asLong()).isZero();

        JsonNode none = tenant.get("/api/asterisk-dids/next-available-by-segment?segment=empty").expect(200).json();
        assertThat(none.get("available").asBoolean()).isFalse();
        assertThat(none.get("did").isNull()).isTrue();
    }

    static List<String> numbers(JsonNode page) {
        List<String> numbers = new ArrayList<>();
        page.get("items").forEach(d -> numbers.add(d.get("number").asString()));
        return numbers;
    }
}
