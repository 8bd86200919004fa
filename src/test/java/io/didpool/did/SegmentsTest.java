package io.didpool.did;

import static io.didpool.did.DidCsvTest.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Segments as things of their own: declared before they hold DIDs, renamed with what names them, deleted empty. */
class SegmentsTest extends IntegrationTest {

    private static final String SEGMENTS = "/api/asterisk-dids/segments";

    @Test
    void aDeclaredSegmentExistsEmptyAndAJourneyMayNameIt() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "held");

        JsonNode declared = tenant.put(SEGMENTS + "/spring-campaign", Map.of("description", "numbers for spring"))
                .expect(200).json();

        assertThat(declared.get("name").asString()).isEqualTo("spring-campaign");
        assertThat(declared.get("description").asString()).isEqualTo("numbers for spring");
        assertThat(declared.get("totalDids").asLong()).isZero();
        assertThat(declared.get("selectableDids").asLong()).isZero();
        assertThat(tenant.get(SEGMENTS).json().get("segments").valueStream().map(JsonNode::asString))
                .containsExactly("held", "spring-campaign");
        tenant.post("/api/journeys", Map.of("name", "spring", "nodes", List.of(Map.of("type", "MAKE_CALL",
                "config", Map.of("didSegment", "spring-campaign"))))).expect(201);
        // a segment neither declared nor holding DIDs is still no segment
        assertThat(tenant.post("/api/journeys", Map.of("name", "x", "nodes", List.of(Map.of("type", "MAKE_CALL",
                "config", Map.of("didSegment", "ghost"))))).status()).isEqualTo(422);

        // a segment that holds DIDs is one whether declared or not; declaring it adds a description
        JsonNode held = tenant.get(SEGMENTS + "/held").expect(200).json();
        assertThat(held.get("description").isNull()).isTrue();
        assertThat(held.get("totalDids").asLong()).isEqualTo(1);
        JsonNode described = tenant.put(SEGMENTS + "/held", Map.of("description", "the old ones")).expect(200).json();
        assertThat(described.get("selectableDids").asLong()).isEqualTo(1);
        assertThat(tenant.put(SEGMENTS + "/held", Map.of("description", "changed")).expect(200).json()
                .get("description").asString()).isEqualTo("changed");

        assertThat(tenant.get(SEGMENTS + "/ghost").status()).isEqualTo(404);
        assertThat(newTenant().get(SEGMENTS + "/spring-campaign").status()).isEqualTo(404);
        assertThat(tenant.put(SEGMENTS + "/Not-Valid", Map.of("description", "x")).status()).isEqualTo(400);
    }

    @Test
    void renamingMovesItsDidsJourneyNodesPolicyAndStickyChoicesInOneGo() {
        ApiClient tenant = newTenant();
        tenant.put(SEGMENTS + "/old-name", Map.of("description", "kept")).expect(200);
        tenant.createDid("+14155550100", "old-name");
        tenant.createDid("+14155550101", "old-name");
        tenant.createDid("+14155550102", "other");
        JsonNode journey = tenant.post("/api/journeys", Map.of("name", "renewal", "nodes", List.of(
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "old-name")),
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "other"))))).expect(201).json();
        ApiClient stranger = newTenant();
        stranger.createDid("+14155550100", "old-name");
        String strangersJourney = stranger.post("/api/journeys", Map.of("name", "theirs", "nodes", List.of(
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "old-name"))))).expect(201).json()
                .get("id").asString();

        Map<String, Object> policy = Map.of("localPresence", true, "maxCallsPerHour", 7, "stickyDays", 3);
        tenant.put(SEGMENTS + "/old-name/policy", policy).expect(200);
        stranger.put(SEGMENTS + "/old-name/policy", Map.of("maxCallsPerHour", 9)).expect(200);
        String stickyDid = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "old-name",
                "destination", "+14155550199")).expect(200).json().get("did").get("id").asString();

        JsonNode renamed = tenant.post(SEGMENTS + "/old-name/rename", Map.of("to", "new-name")).expect(200).json();

        assertThat(renamed.get("name").asString()).isEqualTo("new-name");
        assertThat(renamed.get("description").asString()).isEqualTo("kept");
        assertThat(renamed.get("totalDids").asLong()).isEqualTo(2);
        assertThat(total(tenant, "segment=old-name")).isZero();
        assertThat(tenant.get(SEGMENTS).json().get("segments").valueStream().map(JsonNode::asString))
                .containsExactly("new-name", "other");
        JsonNode nodes = tenant.get("/api/journeys/" + journey.get("id").asString()).json().get("nodes");
        assertThat(nodes.get(0).get("config").get("didSegment").asString()).isEqualTo("new-name");
        assertThat(nodes.get(1).get("config").get("didSegment").asString()).isEqualTo("other");
        // the policy and the sticky choices follow the segment
        JsonNode policyAfter = tenant.get(SEGMENTS + "/new-name/policy").expect(200).json();
        assertThat(policyAfter.get("localPresence").asBoolean()).isTrue();
        assertThat(policyAfter.get("maxCallsPerHour").asInt()).isEqualTo(7);
        assertThat(policyAfter.get("stickyDays").asInt()).isEqualTo(3);
        JsonNode again = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "new-name",
                "destination", "+14155550199")).expect(200).json();
        assertThat(again.get("match").asString()).isEqualTo("STICKY");
        assertThat(again.get("did").get("id").asString()).isEqualTo(stickyDid);
        assertThat(again.get("did").get("segment").asString()).isEqualTo("new-name");
        // another tenant's segment of the same name is another segment
        assertThat(total(stranger, "segment=old-name")).isEqualTo(1);
        assertThat(stranger.get(SEGMENTS + "/old-name/policy").expect(200).json().get("maxCallsPerHour").asInt())
                .isEqualTo(9);
        assertThat(stranger.get("/api/journeys/" + strangersJourney).json().get("nodes").get(0).get("config")
                .get("didSegment").asString()).isEqualTo("old-name");

        JsonNode audit = tenant.get("/api/audit?entity=journey&id=" + journey.get("id").asString()).json();
        assertThat(audit.get("items").get(0).get("action").asString()).isEqualTo("segment-renamed");
        JsonNode segmentAudit = tenant.get("/api/audit?entity=segment&id=old-name").json().get("items").get(0);
        assertThat(segmentAudit.get("action").asString()).isEqualTo("rename");
        assertThat(segmentAudit.get("after").get("name").asString()).isEqualTo("new-name");
    }

    @Test
    void aNameWhoseDidsAllLeftItIsFreeAndItsOldPolicyDoesNotPassToTheSegmentRenamedOntoIt() {
        ApiClient tenant = newTenant();
        String leaving = tenant.createDid("+14155550109", "left").get("id").asString();
        tenant.createDid("+14155550110", "a");
        tenant.put(SEGMENTS + "/left/policy", Map.of("maxCallsPerHour", 4)).expect(200);
        tenant.put(SEGMENTS + "/a/policy", Map.of("stickyDays", 2)).expect(200);
        tenant.put("/api/asterisk-dids/" + leaving, Map.of("segment", "b")).expect(200);

        tenant.post(SEGMENTS + "/a/rename", Map.of("to", "left")).expect(200);

        JsonNode policy = tenant.get(SEGMENTS + "/left/policy").expect(200).json();
        assertThat(policy.get("maxCallsPerHour").isNull()).isTrue();
        assertThat(policy.get("stickyDays").asInt()).isEqualTo(2);
    }

    @Test
    void renamingOntoAnExistingSegmentOrFromAnUnknownOneIsRefusedAndChangesNothing() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "a");
        tenant.createDid("+14155550101", "b");
        tenant.put(SEGMENTS + "/declared", Map.of("description", "empty")).expect(200);

        assertThat(tenant.post(SEGMENTS + "/a/rename", Map.of("to", "b")).status()).isEqualTo(409);
        assertThat(tenant.post(SEGMENTS + "/a/rename", Map.of("to", "declared")).status()).isEqualTo(409);
        assertThat(tenant.post(SEGMENTS + "/ghost/rename", Map.of("to", "c")).status()).isEqualTo(404);
        assertThat(tenant.post(SEGMENTS + "/a/rename", Map.of("to", "Bad Name")).status()).isEqualTo(400);
        assertThat(total(tenant, "segment=a")).isEqualTo(1);
        assertThat(total(tenant, "segment=b")).isEqualTo(1);
        // a declared empty segment renames too
        assertThat(tenant.post(SEGMENTS + "/declared/rename", Map.of("to", "c")).expect(200).json()
                .get("description").asString()).isEqualTo("empty");
    }

    @Test
    void aSegmentIsDeletedOnlyWhenItHoldsNoDid() {
        ApiClient tenant = newTenant();
        String did = tenant.createDid("+14155550100", "busy").get("id").asString();
        tenant.put(SEGMENTS + "/busy", Map.of("description", "declared and used")).expect(200);
        tenant.put(SEGMENTS + "/idle", Map.of("description", "never used")).expect(200);

        ApiClient.Response refused = tenant.delete(SEGMENTS + "/busy");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("holds 1 DID");
        tenant.put(SEGMENTS + "/idle/policy", Map.of("maxCallsPerHour", 3)).expect(200);
        tenant.delete(SEGMENTS + "/idle").expect(204);
        assertThat(tenant.get(SEGMENTS + "/idle").status()).isEqualTo(404);
        assertThat(tenant.get(SEGMENTS + "/idle/policy").status()).isEqualTo(404);
        assertThat(tenant.delete(SEGMENTS + "/idle").status()).isEqualTo(404);
        // a segment of that name made again starts without the deleted one's policy
        tenant.put(SEGMENTS + "/idle", Map.of("description", "again")).expect(200);
        assertThat(tenant.get(SEGMENTS + "/idle/policy").expect(200).json().get("maxCallsPerHour").isNull()).isTrue();

        tenant.put("/api/asterisk-dids/" + did, Map.of("segment", "elsewhere")).expect(200);
        tenant.delete(SEGMENTS + "/busy").expect(204);
        assertThat(tenant.get(SEGMENTS).json().get("segments").valueStream().map(JsonNode::asString))
                .containsExactly("elsewhere", "idle");
    }

    @Test
    void usageListsDeclaredSegmentsAndTheHistogramAgreesWithMinAndMax() {
        ApiClient tenant = newTenant();
        tenant.put(SEGMENTS + "/empty", Map.of("description", "nothing yet")).expect(200);
        for (int i = 0; i < 6; i++) {
            tenant.createDid("+1415555010" + i, "spread");
        }
        String inactive = tenant.createDid("+14155550109", "spread").get("id").asString();
        for (int i = 0; i < 9; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "spread")).expect(200);
        }
        String busy = tenant.get("/api/asterisk-dids?segment=spread&size=1").json().get("items").get(0).get("id")
                .asString();
        for (int i = 0; i < 4; i++) {
            tenant.post("/api/asterisk-dids/allocate", Map.of("didId", busy)).expect(200);
        }
        tenant.put("/api/asterisk-dids/" + inactive, Map.of("status", "inactive")).expect(200);
        // the 6 selectable DIDs were used 6, 2, 2, 1, 1, 1 times (9 rotated, then 4 on the first); the inactive one 0

        JsonNode usage = tenant.get("/api/asterisk-dids/usage").expect(200).json().get("segments");
        JsonNode empty = usage.get(0);
        assertThat(empty.get("segment").asString()).isEqualTo("empty");
        assertThat(empty.get("description").asString()).isEqualTo("nothing yet");
        assertThat(empty.get("totalDids").asLong()).isZero();
        JsonNode spread = usage.get(1);
        JsonNode histogram = tenant.get("/api/asterisk-dids/usage/histogram?segment=spread").expect(200).json()
                .get("segments").get(0);

        assertThat(histogram.get("segment").asString()).isEqualTo("spread");
        assertThat(histogram.get("selectableDids").asLong()).isEqualTo(spread.get("selectableDids").asLong())
                .isEqualTo(6);
        assertThat(histogram.get("minUsage").asLong()).isEqualTo(spread.get("minUsage").asLong());
        assertThat(histogram.get("maxUsage").asLong()).isEqualTo(spread.get("maxUsage").asLong());
        assertThat(spread.get("minUsage").asLong()).as("over the selectable DIDs only").isEqualTo(1);
        assertThat(spread.get("maxUsage").asLong()).isEqualTo(6);
        long lo = histogram.get("minUsage").asLong();
        long hi = histogram.get("maxUsage").asLong();
        JsonNode buckets = histogram.get("buckets");
        assertThat(buckets.size()).isEqualTo((int) (hi - lo + 1));
        assertThat(buckets.valueStream().mapToLong(b -> b.get("dids").asLong()).sum()).isEqualTo(6);
        List<Long> counts = tenant.get("/api/asterisk-dids?segment=spread&status=active&size=50").json().get("items")
                .valueStream().map(d -> d.get("usageCount").asLong()).toList();
        for (JsonNode bucket : buckets) {
            long from = bucket.get("from").asLong();
            assertThat(bucket.get("to").asLong()).isEqualTo(from);
            assertThat(bucket.get("dids").asLong()).as("DIDs used %d times", from)
                    .isEqualTo(counts.stream().filter(c -> c == from).count());
        }

        // fewer buckets than counts: equal widths that cover min..max, every DID in one
        JsonNode coarse = tenant.get("/api/asterisk-dids/usage/histogram?segment=spread&buckets=2").json()
                .get("segments").get(0);
        assertThat(coarse.get("buckets").size()).isLessThanOrEqualTo(2);
        assertThat(coarse.get("buckets").get(0).get("from").asLong()).isEqualTo(lo);
        assertThat(coarse.get("buckets").get(coarse.get("buckets").size() - 1).get("to").asLong()).isEqualTo(hi);
        assertThat(coarse.get("buckets").valueStream().mapToLong(b -> b.get("dids").asLong()).sum()).isEqualTo(6);
    }
}
