package io.didpool.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The segmentation migration applied to a database that already holds DIDs from before it. */
class SegmentMigrationTest {

    @Test
    void keepsExistingDidsWithNullSegment() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.newDatabase("premigration"));
        Flyway.configure().dataSource(dataSource).target("1").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO tenants (id, name) VALUES ('11111111-1111-1111-1111-111111111111', 'legacy')");
        jdbc.update("""
                INSERT INTO asterisk_dids (id, tenant_id, number, trunk, status, usage_count)
                VALUES ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111',
                        '+14155550100', 'TWILIO', 'active', 42)""");
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns "
                + "WHERE table_name = 'asterisk_dids' AND column_name = 'segment'")).isEmpty();

        Flyway.configure().dataSource(dataSource).load().migrate();

        List<Map<String, Object>> rows = jdbc.queryForList("SELECT number, segment, usage_count FROM asterisk_dids");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("number", "+14155550100").containsEntry("usage_count", 42L);
        assertThat(rows.get(0).get("segment")).isNull();
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE indexname = 'idx_asterisk_dids_segment'"))
                .hasSize(1);
    }

    /** The seed's statements, on this schema's column names: tenant_id where the seed's index names "tenantId". */
    @Test
    void segmentMigrationIsTheSeedsStatementsOnThisSchemasColumns() throws Exception {
        String sql = new String(getClass().getResourceAsStream("/db/migration/V2__add_segment_to_asterisk_dids.sql")
                .readAllBytes());
        assertThat(sql).contains("ALTER TABLE asterisk_dids ADD COLUMN IF NOT EXISTS segment VARCHAR(255)")
                .contains("CREATE INDEX IF NOT EXISTS idx_asterisk_dids_segment ON asterisk_dids (tenant_id, segment)");
    }

    /**
     * Flyway refuses to start on a database whose applied migrations differ from the files: a shipped migration is
     * never edited, not even its comments (V2's header is corrected in V7's instead).
     */
    @Test
    void shippedMigrationsAreNeverEdited() {
        Map<String, Integer> checksums = new HashMap<>();
        for (MigrationInfo migration : Flyway.configure().dataSource(new DriverManagerDataSource(
                TestDatabase.newDatabase("checksums"))).load().info().all()) {
            checksums.put(migration.getVersion().getVersion(), migration.getChecksum());
        }
        assertThat(checksums).containsAllEntriesOf(Map.of("1", -54633215, "2", 1446148495, "3", -280493399,
                "4", -36548527, "5", -122388239, "6", 1071157823));
    }
}
