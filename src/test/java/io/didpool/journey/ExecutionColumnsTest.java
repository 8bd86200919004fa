package io.didpool.journey;

import static io.didpool.testsupport.EnumColumns.assertHolds;

import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The statuses of executions and their steps in Java and what their tables admit cannot drift apart. */
class ExecutionColumnsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theExecutionStatusColumnAdmitsExactlyTheExecutionStatuses() {
        assertHolds(jdbc, "journey_executions", "status", ExecutionStatus.values(), true);
    }

    @Test
    void theStepStatusColumnAdmitsExactlyTheStepStatuses() {
        assertHolds(jdbc, "journey_execution_steps", "status", StepStatus.stored(), true);
    }
}
