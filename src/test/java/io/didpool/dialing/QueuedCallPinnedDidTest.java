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
 * A queued call pinned to a DID ({@code calls.want_did_id}) keeps the id when the DID is deleted: it fails at its
 * set-up slot saying so, and never dials with another number of the segment (see docs/references.md).
 */
class QueuedCallPinnedDidTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCallQueuedForAPinnedDidThatIsDeletedFailsSayingSoAndDialsNoOtherNumber() {
        ApiClient admin = api().withToken(ADMIN_TOKEN);
        String slow = "PINNED_" + System.nanoTime();
        trunk(admin, slow, 1, null);
        ApiClient tenant = newTenant();
        String pinned = tenant.post("/api/asterisk-dids", Map.of("number", "+14155570000", "segment", "pinned",
                "trunk", slow)).expect(201).json().get("id").asString();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155570001", "segment", "pinned", "trunk", slow))
                .expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "pinned", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didId", pinned, "didSegment", "pinned"))))).expect(201)
                .json().get("id").asString();
        String campaign = campaign(tenant, journey, contacts(14165570000L, 4)).get("id").asString();

        tenant.delete("/api/asterisk-dids/" + pinned).expect(204);
        long waiting = jdbc.sql("SELECT count(*) FROM calls WHERE trunk = :trunk AND state = 'QUEUED'"
                        + " AND did_id IS NULL")
                .param("trunk", slow)
                .query(Long.class)
                .single();
        assertThat(waiting).as("calls wait behind the 1 call/s trunk, their DID not chosen yet").isPositive();
        trunk(admin, slow, 1000, null);

        JsonNode done = finished(tenant, campaign, Duration.ofSeconds(30));
        assertThat(done.get("failed").asLong()).as(done.toString()).isGreaterThanOrEqualTo(waiting);
        for (JsonNode execution : DialingInstances.executions(tenant, campaign)) {
            JsonNode step = execution.get("steps").get(0);
            if (execution.get("status").asString().equals("FAILED")) {
                assertThat(step.get("error").asString()).contains("no DID with id " + pinned);
                assertThat(step.get("did") == null || step.get("did").isNull()).as("no other number").isTrue();
            } else {
                assertThat(step.get("did").get("number").asString()).isEqualTo("+14155570000");
            }
        }
    }
}
