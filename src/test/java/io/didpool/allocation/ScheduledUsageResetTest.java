package io.didpool.allocation;

import static io.didpool.allocation.AllocationTestSupport.counts;
import static io.didpool.allocation.AllocationTestSupport.dids;
import static io.didpool.allocation.AllocationTestSupport.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.did.UsageStore;
import io.didpool.tenant.TenantId;
import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ScheduledUsageResetTest extends IntegrationTest {

    @Autowired
    AllocationRepository repository;

    @Autowired
    UsageStore usage;

    @Autowired
    AllocationService allocations;

    @Autowired
    JdbcClient jdbc;

    @Test
    void resetsEveryTenantOnceWhenSeveralInstancesFireTheSameSchedule() {
        TenantId first = tenant(jdbc);
        TenantId second = tenant(jdbc);
        dids(jdbc, first, "nightly", 3, "+1415556");
        dids(jdbc, second, "nightly", 2, "+1415557");
        for (int i = 0; i < 7; i++) {
            allocations.allocate(first, AllocationRequest.rotation("nightly", null));
            allocations.allocate(second, AllocationRequest.rotation("nightly", null));
        }
        long claimsBefore = jdbc.sql("SELECT count(*) FROM usage_resets").query(Long.class).single();

        // two instances whose cron fires in the same minute
        new ScheduledUsageReset(repository, usage).reset();
        new ScheduledUsageReset(repository, usage).reset();

        assertThat(counts(jdbc, first, "nightly")).containsOnly(0L);
        assertThat(counts(jdbc, second, "nightly")).containsOnly(0L);
        assertThat(jdbc.sql("SELECT count(*) FROM usage_resets").query(Long.class).single())
                .as("one claim for the firing, whoever made it").isEqualTo(claimsBefore + 1);
    }
}
