package io.didpool.platform;

import static io.didpool.platform.Migrations.flyway;
import static io.didpool.platform.Migrations.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.testsupport.TestDatabase;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V26: trunk names become unique regardless of case; a database that configures one name in two cases is told which
 * (with their limits) and the SQL that fixes it, and is left as it was until then.
 */
class TrunkNamesRegardlessOfCaseMigrationTest {

    private static final String INDEX = "trunk_names_are_unique_regardless_of_case";

    @Test
    void namesConfiguredInSeveralCasesAreReportedWithTheSqlThatFixesThemAndNothingChangesUntilThen() {
        String url = TestDatabase.newDatabase("trunkcase");
        flyway(url, "24").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
        jdbc.update("INSERT INTO trunks (name, calls_per_second, max_concurrent_calls) VALUES ('priv', 5, 10),"
                + " ('PRIV', 1, NULL), ('other', 2, NULL), ('Other-2', 2, NULL)");

        ServerErrorMessage refusal = refusal(() -> flyway(url, null).migrate());

        assertThat(refusal.getMessage()).contains("trunk names must be unique regardless of case from this version on,"
                + " and 1 name(s) are configured in several cases; nothing was changed:"
                + " 'PRIV' (1.000 calls/s, cap none, tenants all), 'priv' (5.000 calls/s, cap 10, tenants all)")
                .doesNotContain("other", "Other-2");
        assertThat(refusal.getHint()).contains("DELETE FROM trunks WHERE name =");
        assertThat(flyway(url, null).info().current().getVersion())
                .isLessThan(MigrationVersion.fromVersion("26"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_indexes WHERE indexname = ?", Long.class, INDEX))
                .isZero();

        jdbc.update("DELETE FROM trunks WHERE name = 'PRIV'");
        flyway(url, null).migrate();

        assertThat(jdbc.queryForList("SELECT name FROM trunks ORDER BY name COLLATE \"C\"", String.class))
                .containsExactly("Other-2", "other", "priv");
        assertThatThrownBy(() -> jdbc.update("INSERT INTO trunks (name, calls_per_second) VALUES ('OTHER', 1)"))
                .isInstanceOf(DuplicateKeyException.class).hasMessageContaining(INDEX);
    }

    @Test
    void startUpShowsWhatPostgreSqlSaidAndItsHintNotFlywaysReport() {
        String url = TestDatabase.newDatabase("trunkcasestart");
        flyway(url, "24").migrate();
        new JdbcTemplate(new DriverManagerDataSource(url))
                .update("INSERT INTO trunks (name, calls_per_second) VALUES ('Sip-A', 1), ('SIP-A', 1)");

        FlywayException failure = null;
        try {
            flyway(url, null).migrate();
        } catch (FlywayException e) {
            failure = e;
        }
        FailureAnalysis analysis = new MigrationRefusedAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).startsWith("The database refused migration"
                + " V26__trunk_names_unique_regardless_of_case.sql: trunk names must be unique regardless of case")
                .contains("'SIP-A'", "'Sip-A'", "the database is as it was before");
        assertThat(analysis.getAction()).contains("DELETE FROM trunks WHERE name =");
    }
}
