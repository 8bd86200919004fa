package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class AllocationApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    String create(ApiClient tenant, String number, String segment) {
        return tenant.createDid(number, segment).get("id").asString();
    }

    void setUsage(String id, long count, String lastUsed) {
        jdbc.sql("UPDATE asterisk_dids SET usage_count = :c, last_used_at = CAST(:l AS timestamptz) WHERE id = CAST(:id AS uuid)")
                .param("c", count).param("l", lastUsed).param("id", id).update();
    }

    @Test
    void allocatesLeastUsedDidOfSegmentThenLeastRecentlyUsedThenNumber() {
        ApiClient tenant = newTenant();
        String busy = create(tenant, "+14155550001", "s");
        String recent = create(tenant, "+14155550002", "s");
        String older = create(tenant, "+14155550003", "s");
        String never = create(tenant, "+14155550004", "s");
        String neverHigherNumber = create(tenant, "+14155550005", "s");
        setUsage(busy, 9, "2026-01-01T00:00:00Z");
        setUsage(recent, 3, "2026-11-01T00:00:00Z");
        setUsage(older, 3, "2026-10-01T00:00:00Z");
        setUsage(never, 3, null);
        setUsage(neverHigherNumber, 3, null);

        assertThat(allocate(tenant, Map.of("segment", "s"))).isEqualTo(never);
        assertThat(allocate(tenant, Map.of("segment", "s"))).isEqualTo(neverHigherNumber);
        assertThat(allocate(tenant, Map.of("segment", "s"))).isEqualTo(older);
        assertThat(allocate(tenant, Map.of("segment", "s"))).isEqualTo(recent);
        // all four at 4 now, the busy one still at 9: back to the one used longest ago
        assertThat(allocate(tenant, Map.of("segment", "s"))).isEqualTo(never);
    }

    @Test
    void countsTheUseAndSaysHowTheDidWasSelected() {
        ApiClient tenant = newTenant();
        String id = create(tenant, "+14155550010", "main");
        JsonNode allocation = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "main")).expect(200).json();
        assertThat(allocation.get("selectedBy").asString()).isEqualTo("SEGMENT");
        assertThat(allocation.get("did").get("usageCount").asLong()).isEqualTo(1);
        assertThat(allocation.get("did").get("lastUsedAt").isNull()).isFalse();

        JsonNode pinned = tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id)).expect(200).json();
        assertThat(pinned.get("selectedBy").asString()).isEqualTo("DID_ID");
        assertThat(pinned.get("did").get("usageCount").asLong()).isEqualTo(2);

        JsonNode byDefault = tenant.post("/api/asterisk-dids/allocate", Map.of()).expect(200).json();
        assertThat(byDefault.get("selectedBy").asString()).isEqualTo("DEFAULT");
        assertThat(tenant.get("/api/asterisk-dids/" + id).json().get("usageCount").asLong()).isEqualTo(3);
    }

    @Test
    void didIdWinsOverSegment() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550020", "main");
        String pinned = create(tenant, "+14155550021", "other");
        JsonNode allocation = tenant.post("/api/asterisk-dids/allocate", Map.of("didId", pinned, "segment", "main"))
                .expect(200).json();
        assertThat(allocation.get("did").get("id").asString()).isEqualTo(pinned);
        assertThat(allocation.get("selectedBy").asString()).isEqualTo("DID_ID");
    }

    @Test
    void refusesPinnedDidThatIsNotSelectableInsteadOfSubstituting() {
        ApiClient tenant = newTenant();
        String id = create(tenant, "+14155550030", "main");
        create(tenant, "+14155550031", "main");
        tenant.put("/api/asterisk-dids/" + id, Map.of("status", "quarantined")).expect(200);

        ApiClient.Response refused = tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("+14155550030", "quarantined");
        assertThat(tenant.post("/api/asterisk-dids/allocate",
                Map.of("didId", "00000000-0000-0000-0000-000000000000")).status()).isEqualTo(404);
        assertThat(tenant.get("/api/asterisk-dids?segment=main").json().get("items").toString())
                .doesNotContain("\"usageCount\":1");
    }

    @Test
    void answers409WhenNothingIsSelectable() {
        ApiClient tenant = newTenant();
        String id = create(tenant, "+14155550040", "main");
        tenant.put("/api/asterisk-dids/" + id, Map.of("status", "released")).expect(200);
        ApiClient.Response segment = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "main"));
        assertThat(segment.status()).isEqualTo(409);
        assertThat(segment.json().get("detail").asString()).contains("main");
        assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void peekAndAllocationAgreeOnOrder() {
        ApiClient tenant = newTenant();
        for (int i = 0; i < 6; i++) {
            create(tenant, "+1415555006" + i, "agree");
        }
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId",
                tenant.get("/api/asterisk-dids?segment=agree").json().get("items").get(2).get("id").asString()))
                .expect(200);
        for (int i = 0; i < 20; i++) {
            JsonNode peek = tenant.get("/api/asterisk-dids/next-available-by-segment?segment=agree").json();
            JsonNode allocated = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "agree")).json();
            assertThat(allocated.get("did").get("id")).isEqualTo(peek.get("did").get("id"));
            assertThat(allocated.get("did").get("usageCount").asLong())
                    .isEqualTo(peek.get("did").get("usageCount").asLong() + 1);
        }
    }

    @Test
    void reportsUsagePerSegmentAndResetsASegmentOrAll() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550070", "a");
        create(tenant, "+14155550071", "a");
        String inactive = create(tenant, "+14155550072", "a");
        create(tenant, "+14155550073", "b");
        tenant.put("/api/asterisk-dids/" + inactive, Map.of("status", "inactive")).expect(200);
        for (int i = 0; i < 5; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "a")).expect(200);
        }
        tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "b")).expect(200);

        JsonNode a = tenant.get("/api/asterisk-dids/usage?segment=a").expect(200).json().get("segments").get(0);
        assertThat(a.get("segment").asString()).isEqualTo("a");
        assertThat(a.get("totalDids").asLong()).isEqualTo(3);
        assertThat(a.get("selectableDids").asLong()).isEqualTo(2);
        assertThat(a.get("totalUsage").asLong()).isEqualTo(5);
        // min and max are over the selectable DIDs: the inactive one's 0 is no sign of uneven rotation
        assertThat(a.get("maxUsage").asLong()).isEqualTo(3);
        assertThat(a.get("minUsage").asLong()).isEqualTo(2);
        assertThat(a.get("avgUsage").asDouble()).isEqualTo(1.67);
        assertThat(tenant.get("/api/asterisk-dids/usage").json().get("segments")).hasSize(2);

        assertThat(tenant.post("/api/asterisk-dids/usage/reset?segment=a", null).expect(200).json().get("reset")
                .asInt()).isEqualTo(2);
        assertThat(tenant.get("/api/asterisk-dids/usage?segment=b").json().get("segments").get(0).get("totalUsage")
                .asLong()).isEqualTo(1);
        assertThat(tenant.post("/api/asterisk-dids/usage/reset", null).expect(200).json().get("reset").asInt())
                .isEqualTo(1);
        assertThat(tenant.get("/api/asterisk-dids/usage").json().toString()).doesNotContain("\"totalUsage\":1");
    }

    @Test
    void refusesAnEmptySegmentOnResetRatherThanResettingEveryDid() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550080", "a");
        tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "a")).expect(200);
        ApiClient.Response refused = tenant.post("/api/asterisk-dids/usage/reset?segment=", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("segment");
        assertThat(tenant.get("/api/asterisk-dids/usage?segment=a").json().get("segments").get(0).get("totalUsage")
                .asLong()).isEqualTo(1);
    }

    String allocate(ApiClient tenant, Map<String, Object> body) {
        return tenant.post("/api/asterisk-dids/allocate", body).expect(200).json().get("did").get("id").asString();
    }
}
