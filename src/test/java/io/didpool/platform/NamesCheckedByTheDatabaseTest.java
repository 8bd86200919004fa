package io.didpool.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.DidpoolApplication;
import io.didpool.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** V7: the database refuses the names the API refuses, and a database that already holds some is told what to fix. */
@ExtendWith(OutputCaptureExtension.class)
class NamesCheckedByTheDatabaseTest {

    private static final String TENANT = "11111111-1111-1111-1111-111111111111";

    @TempDir
    Path dataDir;

    @Test
    void anOperatorsSqlEditWithANameTheApiRefusesIsRefusedSayingTheRule() {
        JdbcTemplate jdbc = migrated(TestDatabase.newDatabase("names"), null);
        tenantWithDid(jdbc, "twilio-main", "TWILIO");
        jdbc.update("INSERT INTO journeys (id, tenant_id, name) VALUES ('44444444-4444-4444-4444-444444444444', ?::uuid,"
                + " 'renewal')", TENANT);

        assertThatThrownBy(() -> jdbc.update("UPDATE asterisk_dids SET segment = 'Region-US' WHERE number = '+14155550100'"))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("violates check constraint \"segment_is_lowercase_letters_digits_dot_underscore_dash\"");
        assertThatThrownBy(() -> jdbc.update("UPDATE asterisk_dids SET trunk = 'Twilio Main' WHERE number = '+14155550100'"))
                .hasMessageContaining("violates check constraint \"trunk_is_letters_digits_underscore_dash\"");
        assertThatThrownBy(() -> jdbc.update("UPDATE asterisk_dids SET status = 'Active' WHERE number = '+14155550100'"))
                .hasMessageContaining(
                        "violates check constraint \"status_is_active_available_inactive_quarantined_or_released\"");
        assertThatThrownBy(() -> jdbc.update("""
                INSERT INTO journey_nodes (id, journey_id, tenant_id, position, type, did_segment)
                VALUES (gen_random_uuid(), '44444444-4444-4444-4444-444444444444', ?::uuid, 0, 'MAKE_CALL', 'Region-US')
                """, TENANT))
                .hasMessageContaining(
                        "violates check constraint \"did_segment_is_lowercase_letters_digits_dot_underscore_dash\"");

        // what the API accepts, the database accepts: the longest segment, every allowed character, no segment
        String longest = "a" + "b".repeat(62);
        for (String segment : new String[] {"region-us", "r.e_g-1", longest, null}) {
            jdbc.update("UPDATE asterisk_dids SET segment = ? WHERE number = '+14155550100'", segment);
        }
        assertThatThrownBy(() -> jdbc.update("UPDATE asterisk_dids SET segment = ? WHERE number = '+14155550100'",
                longest + "c")).isInstanceOf(DataIntegrityViolationException.class);
        jdbc.update("UPDATE asterisk_dids SET trunk = 'Twilio_Main-2' WHERE number = '+14155550100'");
        assertThat(jdbc.queryForObject("""
                SELECT obj_description(oid, 'pg_constraint') FROM pg_constraint
                 WHERE conname = 'segment_is_lowercase_letters_digits_dot_underscore_dash'""", String.class))
                .contains("lowercase letters, digits, dots, underscores and dashes");
    }

    @Test
    void theMigrationReportsRowsThatBreakARuleChangesNothingAndRunsOnceTheyAreFixed() {
        String url = TestDatabase.newDatabase("badnames");
        JdbcTemplate jdbc = migrated(url, "6");
        tenantWithDid(jdbc, "Region-US", "Twilio Main");
        jdbc.update("""
                INSERT INTO asterisk_dids (id, tenant_id, number, segment) VALUES
                    (gen_random_uuid(), ?::uuid, '+14155550101', 'twilio-main'),
                    (gen_random_uuid(), ?::uuid, '+14155550102', 'Region-US')""", TENANT, TENANT);
        jdbc.update("INSERT INTO journeys (id, tenant_id, name) VALUES ('44444444-4444-4444-4444-444444444444', ?::uuid,"
                + " 'renewal')", TENANT);
        jdbc.update("""
                INSERT INTO journey_nodes (id, journey_id, tenant_id, position, type, did_segment)
                VALUES ('55555555-5555-5555-5555-555555555555', '44444444-4444-4444-4444-444444444444', ?::uuid, 0,
                        'MAKE_CALL', 'Region-US')""", TENANT);

        ServerErrorMessage refusal = refusal(() -> flyway(url, null).migrate());

        assertThat(refusal.getMessage())
                .contains("2 DID(s) with a segment the API refuses, e.g. tenant " + TENANT
                        + ", number +14155550100, segment 'Region-US'; tenant " + TENANT
                        + ", number +14155550102, segment 'Region-US'")
                .contains("1 journey node(s) naming a segment the API refuses, e.g. tenant " + TENANT
                        + ", journey 44444444-4444-4444-4444-444444444444, node 55555555-5555-5555-5555-555555555555,"
                        + " didSegment 'Region-US'")
                .contains("1 DID(s) with a trunk the API refuses, e.g. tenant " + TENANT
                        + ", number +14155550100, trunk 'Twilio Main'")
                .doesNotContain("+14155550101");
        assertThat(refusal.getHint())
                .contains("UPDATE asterisk_dids SET segment = lower(segment) WHERE segment !~ '^[a-z0-9][a-z0-9._-]{0,62}$';")
                .contains("UPDATE journey_nodes SET did_segment = lower(did_segment) WHERE did_segment !~")
                .contains("UPDATE asterisk_dids SET trunk = 'TWILIO' WHERE trunk = ");
        // nothing of V7 was applied: still at V6, V1's constraint names unchanged, no new constraint
        assertThat(flyway(url, null).info().current().getVersion().getVersion()).isEqualTo("6");
        assertThat(jdbc.queryForList("SELECT conname FROM pg_constraint WHERE conrelid = 'asterisk_dids'::regclass"
                + " AND contype = 'c'", String.class))
                .containsExactlyInAnyOrder("asterisk_dids_status_check", "asterisk_dids_usage_count_check");

        // the hint's own statements fix the segments; the trunk gets its endpoint's name
        Arrays.stream(refusal.getHint().split("\n")).map(String::strip)
                .filter(line -> line.startsWith("UPDATE") && line.contains("lower("))
                .forEach(jdbc::update);
        jdbc.update("UPDATE asterisk_dids SET trunk = 'TWILIO' WHERE trunk = 'Twilio Main'");
        flyway(url, null).migrate();

        // V7 and every migration after it applied
        assertThat(flyway(url, null).info().pending()).isEmpty();
        assertThat(flyway(url, null).info().applied()).anySatisfy(m -> assertThat(m.getVersion().getVersion())
                .isEqualTo("7"));
        assertThat(jdbc.queryForList("SELECT DISTINCT segment FROM asterisk_dids ORDER BY 1", String.class))
                .containsExactly("region-us", "twilio-main");
        assertThat(jdbc.queryForObject("SELECT did_segment FROM journey_nodes", String.class)).isEqualTo("region-us");
    }

    @Test
    void aServiceStartingOnSuchADatabaseSaysWhatToFixInOneBlock(CapturedOutput output) {
        String url = TestDatabase.newDatabase("badstart");
        JdbcTemplate jdbc = migrated(url, "6");
        tenantWithDid(jdbc, "Region-US", "TWILIO");

        assertThatThrownBy(() -> new SpringApplicationBuilder(DidpoolApplication.class)
                .properties("server.port=0", "didpool.data-dir=" + dataDir, "didpool.db.url=" + url)
                .run()).isInstanceOf(RuntimeException.class);

        String report = output.getAll().substring(output.getAll().indexOf("APPLICATION FAILED TO START"));
        assertThat(report)
                .contains("The database refused migration V7__names_checked_by_the_database.sql: rows break the naming"
                        + " rules of the API")
                .contains("1 DID(s) with a segment the API refuses, e.g. tenant " + TENANT
                        + ", number +14155550100, segment 'Region-US'")
                .contains("PostgreSQL rolled it back")
                .contains("Action:")
                .contains("UPDATE asterisk_dids SET segment = lower(segment)")
                .doesNotContain("could not connect", "DO $$");
    }

    private static void tenantWithDid(JdbcTemplate jdbc, String segment, String trunk) {
        jdbc.update("INSERT INTO tenants (id, name) VALUES (?::uuid, 'legacy')", TENANT);
        jdbc.update("""
                INSERT INTO asterisk_dids (id, tenant_id, number, segment, trunk)
                VALUES (gen_random_uuid(), ?::uuid, '+14155550100', ?, ?)""", TENANT, segment, trunk);
    }

    /** The database at {@code url} migrated up to {@code target} (null: every migration). */
    private static JdbcTemplate migrated(String url, String target) {
        flyway(url, target).migrate();
        return new JdbcTemplate(new DriverManagerDataSource(url));
    }

    private static Flyway flyway(String url, String target) {
        var config = Flyway.configure().dataSource(new DriverManagerDataSource(url));
        return (target == null ? config : config.target(target)).load();
    }

    private static ServerErrorMessage refusal(Runnable migration) {
        try {
            migration.run();
        } catch (FlywayException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                    return psql.getServerErrorMessage();
                }
            }
            throw new AssertionError("refused without a message of PostgreSQL", e);
        }
        throw new AssertionError("the migration was not refused");
    }
}
