package io.didpool.journey;

import static io.didpool.journey.JourneyFixtures.dids;
import static io.didpool.journey.JourneyFixtures.journey;
import static io.didpool.journey.JourneyFixtures.makeCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A run that db-scheduler revives after its instance died mid-execution: the state such a death leaves is written
 * directly, then the runner is given the execution as db-scheduler would give it.
 */
class ExecutionRevivalTest extends IntegrationTest {

    @Autowired
    ExecutionRunner runner;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aStepInterruptedMidCallFailsAsInterruptedAndIsNeverDialledAgain() {
        ApiClient tenant = newTenant();
        List<String> ids = dids(tenant, 14155550100L, 2, "main");
        String journey = journey(tenant, List.of(makeCall(ids.get(0), null), makeCall(ids.get(1), null)))
                .get("id").asString();
        UUID execution = diedDuringStep(journey, "RUNNING");

        runner.run(execution, "reviver");

        JsonNode done = tenant.get("/api/journeys/" + journey + "/executions/" + execution).expect(200).json();
        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("steps")).hasSize(1);
        assertThat(done.get("steps").get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("steps").get(0).get("error").asString()).isEqualTo(ExecutionRunner.INTERRUPTED);
        assertThat(usage(tenant, ids)).containsExactly(0L, 0L);
    }

    @Test
    void aRevivedRunSkipsTheStepsAlreadyDoneAndRunsTheRest() {
        ApiClient tenant = newTenant();
        List<String> ids = dids(tenant, 14155550100L, 2, "main");
        String journey = journey(tenant, List.of(makeCall(ids.get(0), null), makeCall(ids.get(1), null)))
                .get("id").asString();
        UUID execution = diedDuringStep(journey, "COMPLETED");

        runner.run(execution, "reviver");
        runner.run(execution, "late-duplicate");

        JsonNode done = tenant.get("/api/journeys/" + journey + "/executions/" + execution).expect(200).json();
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("steps")).hasSize(2);
        assertThat(done.get("steps").get(1).get("did").get("id").asString()).isEqualTo(ids.get(1));
        assertThat(usage(tenant, ids)).as("node 0 is not dialled again").containsExactly(0L, 1L);
        assertThat(jdbc.sql("SELECT attempts FROM journey_executions WHERE id = :id").param("id", execution)
                .query(Integer.class).single()).as("a finished execution is not started again").isEqualTo(2);
    }

    /** What an instance that died while running node 0 leaves behind (its task row is db-scheduler's concern). */
    private UUID diedDuringStep(String journey, String stepStatus) {
        UUID execution = UUID.randomUUID();
        UUID journeyId = UUID.fromString(journey);
        jdbc.sql("""
                        INSERT INTO journey_executions (id, tenant_id, journey_id, contact_number, status, attempts,
                                                        executed_by, started_at)
                        SELECT :id, tenant_id, id, '+14155550123', 'RUNNING', 1, 'dead-instance', now()
                          FROM journeys WHERE id = :journey""")
                .param("id", execution)
                .param("journey", journeyId)
                .update();
        jdbc.sql("""
                        INSERT INTO journey_execution_steps (execution_id, position, node_id, type, status, destination)
                        SELECT :execution, 0, id, type, :status, '+14155550123'
                          FROM journey_nodes WHERE journey_id = :journey AND position = 0""")
                .param("execution", execution)
                .param("status", stepStatus)
                .param("journey", journeyId)
                .update();
        return execution;
    }

    private static List<Long> usage(ApiClient tenant, List<String> ids) {
        return ids.stream()
                .map(id -> tenant.get("/api/asterisk-dids/" + id).expect(200).json().get("usageCount").asLong())
                .toList();
    }
}
