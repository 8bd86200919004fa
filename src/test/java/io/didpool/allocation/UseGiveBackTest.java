package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@link AllocationService#giveBack}: a use given back leaves the DID as if it had never been counted, its count, its
 * calls (numbered without a gap), the caps that count them, its last use and the destination's sticky choice.
 */
class UseGiveBackTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aUseGivenBackBetweenTwoOthersLeavesCountCallsAndCapsAsIfItHadNeverBeenCounted() {
        ApiClient tenant = newTenant();
        String did = tenant.createDid("+14155557100", "give-back").get("id").asString();
        tenant.put("/api/asterisk-dids/segments/give-back/policy", Map.of("maxCallsPerHour", 3)).expect(200);
        List<JsonNode> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(tenant.post("/api/asterisk-dids/allocate", Map.of("didId", did,
                    "destination", "+1416555710" + i)).expect(200).json().get("did"));
        }

        giveBack(did, taken.get(1), "+14165557101");

        JsonNode after = tenant.get("/api/asterisk-dids/" + did).expect(200).json();
        assertThat(after.get("usageCount").asLong()).isEqualTo(2);
        assertThat(after.get("callsLastHour").asLong()).isEqualTo(2);
        assertThat(after.get("lastUsedAt").asString()).as("the last use stays the last")
                .isEqualTo(taken.get(2).get("lastUsedAt").asString());
        assertThat(jdbc.sql("SELECT seq FROM did_calls WHERE did_id = :did ORDER BY at").param("did",
                UUID.fromString(did)).query(Long.class).list()).as("numbered without a gap").containsExactly(1L, 2L);
        assertThat(jdbc.sql("SELECT last_call_seq FROM asterisk_dids WHERE id = :did").param("did",
                UUID.fromString(did)).query(Long.class).single()).isEqualTo(2L);
        // the cap of 3 an hour sees the two calls left: one more fits, the next does not
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", did)).expect(200);
        tenant.post("/api/asterisk-dids/allocate", Map.of("didId", did)).expect(409);
    }

    @Test
    void theOnlyUseGivenBackLeavesTheDidNeverUsedAndTheDestinationWithoutAStickyChoice() {
        ApiClient tenant = newTenant();
        String did = tenant.createDid("+14155557200", "give-back-only").get("id").asString();
        JsonNode taken = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "give-back-only",
                "destination", "+14165557200")).expect(200).json().get("did");

        giveBack(did, taken, "+14165557200");

        JsonNode after = tenant.get("/api/asterisk-dids/" + did).expect(200).json();
        assertThat(after.get("usageCount").asLong()).isZero();
        assertThat(after.get("callsLastHour").asLong()).isZero();
        assertThat(after.path("lastUsedAt").isNull() || after.path("lastUsedAt").isMissingNode())
                .as("never used: first in rotation again").isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM did_calls WHERE did_id = :did").param("did", UUID.fromString(did))
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM sticky_caller_ids WHERE did_id = :did")
                .param("did", UUID.fromString(did)).query(Long.class).single()).isZero();
        assertThat(tenant.get("/api/asterisk-dids?neverUsed=true&segment=give-back-only").expect(200).json()
                .get("items")).hasSize(1);
    }

    private void giveBack(String did, JsonNode allocated, String destination) {
        Instant usedAt = Instant.parse(allocated.get("lastUsedAt").asString());
        transactions.executeWithoutResult(status -> allocations.giveBack(List.of(
                new AllocationService.CountedUse(UUID.fromString(did), usedAt, destination))));
    }
}
