package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.asterisk.CallStatus;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What rotation keeps of a DID follows its delete (docs/references.md): its sticky choices stay until pruned but
 * never bring it back, its outcomes go with it, and its calls stay as history until pruned.
 */
class DeletedDidTest extends IntegrationTest {

    private static final Map<String, Object> CALL = Map.of("segment", "gone", "destination", "+13125550000");

    @Autowired
    AllocationService allocations;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aDestinationWhoseStickyDidWasDeletedGetsAnotherDidOfItsSegment() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550400", "gone");
        tenant.createDid("+14155550401", "gone");
        tenant.put("/api/asterisk-dids/segments/gone/policy", Map.of("stickyDays", 30)).expect(200);
        String first = tenant.post("/api/asterisk-dids/allocate", CALL).expect(200).json().get("did").get("id")
                .asString();

        tenant.delete("/api/asterisk-dids/" + first).expect(204);

        JsonNode after = tenant.post("/api/asterisk-dids/allocate", CALL).expect(200).json();
        assertThat(after.get("did").get("id").asString()).isNotEqualTo(first);
        assertThat(after.get("match").asString()).isEqualTo("ANY");
        assertThat(count("SELECT count(*) FROM sticky_caller_ids WHERE did_id = :id", first))
                .as("the deleted DID's choice was replaced, not kept beside the new one").isZero();
    }

    @Test
    void aDeletedDidsOutcomesGoWithItAndItsCallsStayUntilPruned() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550410", "gone");
        JsonNode allocated = tenant.post("/api/asterisk-dids/allocate", CALL).expect(200).json();
        String did = allocated.get("did").get("id").asString();
        allocations.recordOutcome(tenantOf(did), UUID.fromString(did), CallStatus.ANSWERED);
        assertThat(count("SELECT count(*) FROM did_outcomes WHERE did_id = :id", did)).isEqualTo(1);

        tenant.delete("/api/asterisk-dids/" + did).expect(204);

        assertThat(count("SELECT count(*) FROM did_outcomes WHERE did_id = :id", did)).isZero();
        assertThat(count("SELECT count(*) FROM did_calls WHERE did_id = :id", did)).isEqualTo(1);
    }

    private io.didpool.tenant.TenantId tenantOf(String did) {
        return new io.didpool.tenant.TenantId(jdbc.sql("SELECT tenant_id FROM asterisk_dids WHERE id = :id")
                .param("id", UUID.fromString(did)).query(UUID.class).single());
    }

    private long count(String sql, String did) {
        return jdbc.sql(sql).param("id", UUID.fromString(did)).query(Long.class).single();
    }
}
