package io.didpool.campaign;

import static io.didpool.testsupport.EnumColumns.assertHolds;

import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A campaign's statuses in Java and what the {@code campaigns} table admits cannot drift apart. */
class CampaignColumnsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theStatusColumnAdmitsExactlyTheCampaignStatuses() {
        assertHolds(jdbc, "campaigns", "status", CampaignStatus.values(), true);
    }
}
