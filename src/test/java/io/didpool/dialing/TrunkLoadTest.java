package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The gauges of calls in progress and queued per trunk are read every 5 s on every instance: they count from the two
 * states' partial indexes and never read the calls that ended, which are nearly all of them.
 */
class TrunkLoadTest extends IntegrationTest {

    private static final Pattern INDEX = Pattern.compile("(?:using|Bitmap Index Scan on) (\\w+)");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CallReads calls;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void eachTrunksCallsInProgressAndQueuedAreCountedFromTheirStatesPartialIndexesAlone() {
        String busy = "LOAD-" + UUID.randomUUID().toString().substring(0, 8);
        String waiting = "LOAD-" + UUID.randomUUID().toString().substring(0, 8);
        // in a transaction rolled back: the rows are this test's alone, and no other test or sweeper ever sees them
        transactions.executeWithoutResult(status -> {
            status.setRollbackOnly();
            UUID tenant = UUID.randomUUID();
            jdbc.sql("INSERT INTO tenants (id, name) VALUES (:id, 'trunk load')").param("id", tenant).update();
            UUID execution = execution(tenant);
            insert(tenant, execution, busy, "DIALING", 3);
            insert(tenant, execution, busy, "QUEUED", 2);
            insert(tenant, execution, busy, "ENDED", 4);
            insert(tenant, execution, waiting, "QUEUED", 1);
            insert(tenant, execution, waiting, "CANCELLED", 2);

            List<CallReads.TrunkLoad> load = calls.load().stream()
                    .filter(t -> t.trunk().equals(busy) || t.trunk().equals(waiting)).toList();
            assertThat(load).containsExactlyInAnyOrder(new CallReads.TrunkLoad(busy, 3, 2),
                    new CallReads.TrunkLoad(waiting, 0, 1));

            // with a sequential scan ruled out, what is left to read must be the two partial indexes
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            String plan = String.join("\n", jdbc.sql("EXPLAIN " + CallReads.LOAD).query(String.class).list());
            Matcher used = INDEX.matcher(plan);
            Set<String> indexes = used.results().map(m -> m.group(1)).collect(Collectors.toSet());
            assertThat(plan).doesNotContain("Seq Scan on calls");
            assertThat(indexes).as(plan).containsExactlyInAnyOrder("calls_dialing", "calls_ready");
        });
    }

    private UUID execution(UUID tenant) {
        UUID journey = UUID.randomUUID();
        UUID execution = UUID.randomUUID();
        jdbc.sql("INSERT INTO journeys (id, tenant_id, name) VALUES (:id, :tenant, 'load')")
                .param("id", journey).param("tenant", tenant).update();
        jdbc.sql("""
                        INSERT INTO journey_executions (id, tenant_id, journey_id, contact_number, status)
                        VALUES (:id, :tenant, :journey, '+12125550199', 'RUNNING')""")
                .param("id", execution).param("tenant", tenant).param("journey", journey).update();
        return execution;
    }

    private void insert(UUID tenant, UUID execution, String trunk, String state, int count) {
        jdbc.sql("""
                        INSERT INTO calls (id, tenant_id, execution_id, step, node_id, flow_id, trunk, state,
                                           destination)
                        SELECT gen_random_uuid(), :tenant, :execution, n, gen_random_uuid(), :execution, :trunk,
                               :state, '+12125550199'
                          FROM generate_series(1, :count) AS n""")
                .param("tenant", tenant).param("execution", execution).param("trunk", trunk).param("state", state)
                .param("count", count).update();
    }
}
