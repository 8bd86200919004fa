package io.didpool.callinghours;

import static io.didpool.testsupport.EnumColumns.assertHolds;

import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The scopes of calling hours in Java and what the {@code calling_hours} table admits cannot drift apart. */
class CallingHoursColumnsTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theScopeColumnAdmitsExactlyTheScopes() {
        assertHolds(jdbc, "calling_hours", "scope", Scope.values(), true);
    }
}
