package io.didpool.dialing;

import static io.didpool.testsupport.EnumColumns.assertHolds;

import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Java's states and outcomes of a call and what the {@code calls} table admits cannot drift apart. */
class CallColumnsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theStateColumnAdmitsExactlyTheCallStates() {
        assertHolds(jdbc, "calls", "state", CallState.values(), true);
    }

    @Test
    void theWaitingReasonColumnAdmitsExactlyTheWaitReasons() {
        assertHolds(jdbc, "calls", "waiting_reason", WaitReason.values(), true);
    }

    @Test
    void theOutcomeColumnHoldsEveryOutcome() {
        assertHolds(jdbc, "calls", "outcome", DialOutcome.values(), false);
    }
}
