package io.didpool.platform;

import static io.didpool.platform.Migrations.flyway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.didpool.testsupport.TestDatabase;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V21 (names as domains, one derivation of the area code) on a database holding DIDs from before it: the rotation reads
 * asterisk_dids through its indexes on every allocation, so the migration must not rewrite the table, and must leave
 * those indexes as they were defined. PostgreSQL builds again every partial index on a column whose type changes
 * (never reusing its file), so the rotation's three on segment are new files of the same definitions.
 */
class OneDefinitionPerRuleMigrationTest {

    private static final String TENANT = "11111111-1111-1111-1111-111111111111";

    /** V21 to V24 turn names into domains; the test checks they rewrite and rebuild nothing they need not. */
    private static final String LAST_OF_THE_CHANGE = "24";
    /** The tables whose columns become domains. */
    private static final String TABLES = "'asterisk_dids', 'journey_nodes', 'segments', 'segment_policies', 'trunks'";

    @Test
    void keepsTheFilesAndDefinitionsOfTheTablesTheirIndexesAndTriggers() {
        String url = TestDatabase.newDatabase("onerule");
        flyway(url, versionBefore21(url)).migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
        jdbc.update("INSERT INTO tenants (id, name) VALUES (?::uuid, 'legacy')", TENANT);
        jdbc.update("INSERT INTO nanp_regions (area_code, region) VALUES ('415', 'CA')");
        jdbc.update("""
                INSERT INTO asterisk_dids (id, tenant_id, number, segment, trunk, usage_count) VALUES
                    (gen_random_uuid(), ?::uuid, '+14155550100', 'twilio-main', 'TWILIO', 3),
                    (gen_random_uuid(), ?::uuid, '+442071234567', null, 'EU_1', 5)""", TENANT, TENANT);
        jdbc.update("INSERT INTO segments (tenant_id, name) VALUES (?::uuid, 'twilio-main')", TENANT);
        jdbc.update("INSERT INTO segment_policies (tenant_id, segment) VALUES (?::uuid, 'twilio-main')", TENANT);
        jdbc.update("INSERT INTO trunks (name, calls_per_second) VALUES ('EU_1', 1)");
        jdbc.execute("ANALYZE asterisk_dids");
        List<Map<String, Object>> before = storage(jdbc);
        List<Map<String, Object>> triggersBefore = triggers(jdbc);
        List<Map<String, Object>> rowsBefore = dids(jdbc);

        // up to the last migration of the change this test guards: later ones (V26's index on trunks) add their own
        flyway(url, LAST_OF_THE_CHANGE).migrate();

        assertThat(jdbc.queryForObject("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'asterisk_dids'::regclass AND attname = 'segment'", String.class))
                .as("the migration ran").isEqualTo("segment_name");
        List<Map<String, Object>> after = storage(jdbc);
        assertThat(definitions(after)).as("the tables' and their indexes' definitions").isEqualTo(definitions(before));
        assertThat(before).extracting(r -> r.get("name") + " " + r.get("relfilenode"))
                .as("the files that are not new: no table is rewritten, no plain index is built again")
                .containsAll(after.stream().map(r -> r.get("name") + " " + r.get("relfilenode")).filter(r ->
                        !r.startsWith("idx_asterisk_dids_rotation_segment ")
                        && !r.startsWith("idx_asterisk_dids_rotation_area_code ")
                        && !r.startsWith("idx_asterisk_dids_rotation_region ")
                        && !r.startsWith("idx_journey_nodes_segment ")).toList());
        assertThat(before).extracting(r -> r.get("name"))
                .contains("idx_asterisk_dids_rotation_segment", "idx_asterisk_dids_rotation_tenant",
                        "idx_asterisk_dids_rotation_area_code", "idx_asterisk_dids_rotation_region");
        assertThat(triggers(jdbc)).as("V17's trigger, dropped and created again")
                .filteredOn(t -> "did_pool_lowered".equals(t.get("tgname")))
                .isEqualTo(triggersBefore.stream().filter(t -> "did_pool_lowered".equals(t.get("tgname"))).toList())
                .hasSize(1);
        assertThat(dids(jdbc)).isEqualTo(rowsBefore);
        assertThat(jdbc.queryForList("SELECT attname FROM pg_stats WHERE tablename = 'asterisk_dids'", String.class))
                .as("the planner's statistics of the columns whose type changed").contains("segment", "trunk");
        assertThat(rowsBefore).extracting(r -> r.get("area_code")).containsExactly("415", null);

        // derived still, by the trigger now: on a new DID, a renumbered one, and whatever is set by hand
        jdbc.update("INSERT INTO asterisk_dids (id, tenant_id, number, area_code, region) VALUES (gen_random_uuid(),"
                + " ?::uuid, '+14155550199', '999', 'ZZ')", TENANT);
        jdbc.update("UPDATE asterisk_dids SET number = '+12125550100' WHERE number = '+442071234567'");
        jdbc.update("UPDATE asterisk_dids SET area_code = '999' WHERE number = '+14155550100'");
        assertThat(jdbc.queryForList("SELECT number || ' ' || coalesce(area_code, '-') || ' ' || coalesce(region, '-')"
                + " FROM asterisk_dids ORDER BY number", String.class))
                .containsExactly("+12125550100 212 -", "+14155550100 415 CA", "+14155550199 415 CA");
        assertThatThrownBy(() -> jdbc.update("UPDATE trunks SET name = 'EU 1'"))
                .hasMessageContaining("trunk_is_letters_digits_underscore_dash");
    }

    /** The last migration before V21, whatever it is. */
    private static String versionBefore21(String url) {
        return Arrays.stream(flyway(url, null).info().all()).map(m -> m.getVersion())
                .filter(v -> !v.isAtLeast("21")).max(Comparator.naturalOrder())
                .orElseThrow().getVersion();
    }

    /** Each table's and index's file (relfilenode: a new one means rewritten or rebuilt) and definition, by name. */
    private static List<Map<String, Object>> storage(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                SELECT c.relname AS name, c.relfilenode,
                       CASE WHEN i.indexrelid IS NOT NULL THEN pg_get_indexdef(c.oid) END AS definition
                  FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
                 WHERE c.relname IN (%1$s) OR i.indrelid::regclass::text IN (%1$s)
                 ORDER BY c.relname""".formatted(TABLES));
    }

    private static List<String> definitions(List<Map<String, Object>> storage) {
        return storage.stream().map(r -> r.get("name") + ": " + r.get("definition")).toList();
    }

    private static List<Map<String, Object>> triggers(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT tgname, pg_get_triggerdef(oid) AS definition FROM pg_trigger"
                + " WHERE tgrelid = 'asterisk_dids'::regclass AND NOT tgisinternal ORDER BY tgname");
    }

    private static List<Map<String, Object>> dids(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT id, number, segment, trunk, usage_count, area_code, region FROM asterisk_dids"
                + " ORDER BY number");
    }
}
