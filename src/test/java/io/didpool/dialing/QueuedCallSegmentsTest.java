package io.didpool.dialing;

import static io.didpool.dialing.DialingInstances.campaign;
import static io.didpool.dialing.DialingInstances.contacts;
import static io.didpool.dialing.DialingInstances.finished;
import static io.didpool.dialing.DialingInstances.trunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A call's DID is chosen when it gets its set-up slot, so calls queued behind a slow trunk must follow a rename of the
 * segments they ask for ({@link QueuedCallSegments}); without it they failed "no usable DID in segment …". Each test
 * queues a campaign behind a trunk of its own at 1 call/s, renames, then opens the trunk so that the rest go at once.
 */
class QueuedCallSegmentsTest extends IntegrationTest {

    private static final String SEGMENTS = "/api/asterisk-dids/segments";

    @Autowired
    JdbcClient jdbc;

    @Test
    void queuedCallsFollowTheRenameOfTheSegmentTheyAskFor() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        String slow = "RENAME_" + System.nanoTime();
        trunk(admin, slow, 1, null);
        ApiClient tenant = newTenant();
        String journey = DialingInstances.journeyOnTrunk(tenant, slow, "ren-src", 14155530000L, 2);
        String campaign = campaign(tenant, journey, contacts(14165530000L, 6)).get("id").asString();
        assertThat(queued(slow, "want_segment = 'ren-src'")).as("calls wait behind the 1 call/s trunk")
                .isPositive();

        tenant.post(SEGMENTS + "/ren-src/rename", Map.of("to", "ren-dst")).expect(200);
        assertThat(queued(slow, "want_segment = 'ren-src'")).isZero();
        trunk(admin, slow, 1000, null);

        JsonNode done = finished(tenant, campaign, Duration.ofSeconds(30));
        assertThat(done.get("failed").asLong()).as(done.toString()).isZero();
        assertThat(done.get("completed").asLong()).isEqualTo(6);
        assertThat(DialingInstances.executions(tenant, campaign).stream()
                .map(e -> e.get("steps").get(0).get("segment").asString()))
                .as("calls dialled after the rename took their DID from the renamed segment").contains("ren-dst");
    }

    @Test
    void queuedCallsFollowTheRenameOfAFallbackSegmentWhereItStandsInTheirList() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        String slow = "RENAME_FB_" + System.nanoTime();
        trunk(admin, slow, 1, null);
        ApiClient tenant = newTenant();
        // the node's own segment and its last fallback hold no DID: every call is served by the first fallback
        tenant.put(SEGMENTS + "/fb-primary", Map.of("description", "empty")).expect(200);
        tenant.put(SEGMENTS + "/fb-last", Map.of("description", "empty")).expect(200);
        for (int i = 0; i < 2; i++) {
            tenant.post("/api/asterisk-dids", Map.of("number", "+" + (14155540000L + i), "segment", "fb-src",
                    "trunk", slow)).expect(201);
        }
        String journey = tenant.post("/api/journeys", Map.of("name", "fallback", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "fb-primary",
                        "fallbackSegments", List.of("fb-src", "fb-last")))))).expect(201).json().get("id").asString();
        String campaign = campaign(tenant, journey, contacts(14165540000L, 6)).get("id").asString();
        assertThat(queued(slow, "want_fallbacks = '{fb-src,fb-last}'")).as("calls wait behind the 1 call/s trunk")
                .isPositive();

        tenant.post(SEGMENTS + "/fb-src/rename", Map.of("to", "fb-dst")).expect(200);
        assertThat(queued(slow, "'fb-src' = ANY(want_fallbacks)")).isZero();
        assertThat(queued(slow, "want_fallbacks = '{fb-dst,fb-last}' AND want_segment = 'fb-primary'"))
                .isPositive();
        trunk(admin, slow, 1000, null);

        JsonNode done = finished(tenant, campaign, Duration.ofSeconds(30));
        assertThat(done.get("failed").asLong()).as(done.toString()).isZero();
        assertThat(done.get("completed").asLong()).isEqualTo(6);
    }

    /**
     * Calls still queued on the trunk, with no DID yet, that match the condition (a test's own trunk, so only its
     * calls). A call that has its DID (one that gave its slot back) dials with it whatever its segment is called.
     */
    private long queued(String trunk, String condition) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE trunk = :trunk AND state = 'QUEUED' AND did_id IS NULL"
                        + " AND " + condition)
                .param("trunk", trunk)
                .query(Long.class)
                .single();
    }
}
