package io.didpool.allocation;

import static io.didpool.testsupport.Dids.dids;
import static io.didpool.testsupport.Dids.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The sticky choice of each destination: rewritten at each call, where it is, and pruned after a year. */
class StickyChoicesTest extends IntegrationTest {

    @Autowired
    AllocationService allocations;
    @Autowired
    CallHistoryPruning pruning;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aDestinationsChoiceIsRewrittenOnItsPageWithoutANewIndexEntry() {
        TenantId tenant = stickySegment();
        AllocationRequest call = AllocationRequest.rotation("sticky", "+14155550100");

        // In one transaction: its statistics count its own work, on top of what earlier transactions of the same
        // connection may not have reported yet (PostgreSQL before 15), which the difference leaves out.
        long[] rewrites = transactions.execute(status -> {
            allocations.allocateNow(tenant, List.of(call));
            Map<String, Object> before = stickyUpdates();
            allocations.allocateNow(tenant, List.of(call));
            Map<String, Object> after = stickyUpdates();
            return new long[] {(Long) after.get("n_tup_upd") - (Long) before.get("n_tup_upd"),
                (Long) after.get("n_tup_hot_upd") - (Long) before.get("n_tup_hot_upd")};
        });

        assertThat(rewrites[0]).as("the choice rewritten").isEqualTo(1);
        assertThat(rewrites[1]).as("heap-only").isEqualTo(1);
    }

    private Map<String, Object> stickyUpdates() {
        return jdbc.sql("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables"
                + " WHERE relname = 'sticky_caller_ids'").query().singleRow();
    }

    @Test
    void choicesOlderThanAYearArePrunedAndNewerOnesKept() {
        TenantId tenant = stickySegment();
        allocations.allocate(tenant, AllocationRequest.rotation("sticky", "+14155550100"));
        allocations.allocate(tenant, AllocationRequest.rotation("sticky", "+14155550101"));
        jdbc.sql("UPDATE sticky_caller_ids SET at = now() - INTERVAL '367 days'"
                + " WHERE tenant_id = :t AND destination = '+14155550100'").param("t", tenant.value()).update();

        pruning.prune(null);
        assertThat(destinations(tenant)).as("not in the pruning of calls").hasSize(2);
        pruning.pruneStickyChoices();

        assertThat(destinations(tenant)).containsExactly("+14155550101");
    }

    private TenantId stickySegment() {
        TenantId tenant = tenant(jdbc);
        dids(jdbc, tenant, "sticky", 3, "+1415555");
        jdbc.sql("INSERT INTO segment_policies (tenant_id, segment, sticky_days) VALUES (:t, 'sticky', 365)")
                .param("t", tenant.value()).update();
        return tenant;
    }

    private List<String> destinations(TenantId tenant) {
        return jdbc.sql("SELECT destination FROM sticky_caller_ids WHERE tenant_id = :t ORDER BY destination")
                .param("t", tenant.value()).query(String.class).list();
    }
}
