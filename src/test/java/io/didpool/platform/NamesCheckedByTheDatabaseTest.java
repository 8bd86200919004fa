package io.didpool.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.didpool.platform.Migrations.flyway;
import static io.didpool.platform.Migrations.refusal;

import io.didpool.DidpoolApplication;
import io.didpool.did.DidRules;
import io.didpool.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database refuses the names the API refuses (V7; since V21 through the domains {@code segment_name} and
 * {@code trunk_name}, the one place SQL states each rule), and a database that already holds some is told what to fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class NamesCheckedByTheDatabaseTest {

    private static final String TENANT = "11111111-1111-1111-1111-111111111111";

    private static JdbcTemplate readOnly;

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
                .hasMessageContaining("value for domain segment_name violates check constraint")
                .hasMessageContaining("\"segment_is_lowercase_letters_digits_dot_underscore_dash\"");

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
                 WHERE conname = 'segment_is_lowercase_letters_digits_dot_underscore_dash'
                   AND contypid = 'segment_name'::regtype""", String.class))
                .contains("lowercase letters, digits, dots, underscores and dashes");
    }

    @Test
    void theSegmentDomainAcceptsExactlyTheSegmentNamesJavaAccepts() {
        JdbcTemplate jdbc = migratedOnce();

        List<String> disagreements = disagreements(jdbc, "segment_name", DidRules::isSegment,
                names("abcdefghijklmnopqrstuvwxyz0123456789._-", 63));

        assertThat(disagreements).isEmpty();
    }

    @Test
    void theTrunkDomainAcceptsExactlyTheTrunkNamesJavaAccepts() {
        JdbcTemplate jdbc = migratedOnce();

        List<String> disagreements = disagreements(jdbc, "trunk_name", DidRules::isTrunk,
                names("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 64));

        assertThat(disagreements).isEmpty();
    }

    /**
     * A route ends up in a dialplan variable that Dial() reads: the domain {@code inbound_route} (V32) and
     * {@code DidRules.ROUTE} agree on numbers of every length and on endpoints generated as names are, behind
     * {@code PJSIP/} and behind prefixes that only look like it.
     */
    @Test
    void theRouteDomainAcceptsExactlyTheRoutesJavaAccepts() {
        JdbcTemplate jdbc = migratedOnce();
        List<String> endpoints = names("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 64);
        List<String> routes = new ArrayList<>(List.of("", "+", "+0", "+1", "+14155550100", "+14155550100;x",
                "+1415555010\n", "+14155550100 ", " +14155550100", "14155550100", "++14155550100", "+1-415-555-0100",
                "+\u0661\u0664\u0661\u0665", "+\uFF11\uFF14", "PJSIP", "PJSIP/", "PJSIP//a", "PJSIP/a/b",
                "PJSIP/desk,20", "PJSIP/desk&PJSIP/b", "PJSIP/desk\n", "Local/x@y", "SIP/desk", "IAX2/desk",
                "pjsip/desk", "PJSIP/a@b", "PJSIP/a b", "PJSIP/desk\u200B", "PJSIP/\u00E9"));
        for (int digits = 0; digits <= 17; digits++) {
            routes.add("+1" + "0".repeat(digits));
            routes.add("+9" + "9".repeat(digits));
            routes.add("+0" + "1".repeat(digits));
        }
        for (String endpoint : endpoints) {
            routes.add("PJSIP/" + endpoint);
            routes.add(endpoint);
        }
        for (String prefix : List.of("PJSIP/a", "SIP/", "Pjsip/", "PJSIP\\", " PJSIP/")) {
            routes.add(prefix + "desk");
        }

        List<String> disagreements = disagreements(jdbc, "inbound_route", DidRules::isRoute, routes);

        assertThat(disagreements).isEmpty();
        assertThat(routes.stream().filter(DidRules::isRoute).count()).as("cases accepted, not only refused")
                .isGreaterThan(100);
    }

    /** Every column holding a segment or trunk name is of its domain, and no table restates a rule in a check. */
    @Test
    void everyNamedColumnIsOfItsDomainAndNoTableRestatesTheRule() {
        JdbcTemplate jdbc = migratedOnce();

        // every column named for a segment or a trunk (V21, V24), whatever table a later migration adds it to
        assertThat(jdbc.queryForList("""
                SELECT table_name || '.' || column_name || ': ' || coalesce(domain_name, data_type)
                  FROM information_schema.columns
                 WHERE table_schema = 'public' AND data_type <> 'ARRAY'
                   AND (column_name ~ '(^|_)(segment|trunk)$'
                        OR (table_name, column_name) IN (('segments', 'name'), ('trunks', 'name')))""", String.class))
                .allSatisfy(column -> assertThat(column).matches(
                        "(\\w+\\.\\w*segment: segment_name|segments\\.name: segment_name"
                                + "|\\w+\\.\\w*trunk: trunk_name|trunks\\.name: trunk_name)"))
                .contains("asterisk_dids.segment: segment_name", "journey_nodes.did_segment: segment_name",
                        "segments.name: segment_name", "segment_policies.segment: segment_name",
                        "sticky_caller_ids.segment: segment_name", "calls.want_segment: segment_name",
                        "calls.did_segment: segment_name", "journey_execution_steps.did_segment: segment_name",
                        "asterisk_dids.trunk: trunk_name", "trunks.name: trunk_name", "calls.trunk: trunk_name",
                        "calls.did_trunk: trunk_name", "journey_execution_steps.did_trunk: trunk_name",
                        "trunk_pacing.trunk: trunk_name", "dial_flows.trunk: trunk_name",
                        "dial_turns.trunk: trunk_name");
        // a list of segments is checked element by element by the domain
        assertThat(jdbc.queryForObject("""
                SELECT pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE conrelid = 'calls'::regclass AND conname = 'want_fallbacks_are_segment_names'""", String.class))
                .contains("segment_name[]");
        assertThat(jdbc.queryForList("""
                SELECT conrelid::regclass || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE contype = 'c' AND conrelid <> 0
                   AND (strpos(pg_get_constraintdef(oid), '[a-z0-9]') > 0
                        OR strpos(pg_get_constraintdef(oid), '[A-Za-z0-9_-]') > 0)""", String.class))
                .as("a table's check restating a name rule").isEmpty();
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
        flyway(url, "7").migrate();

        assertThat(Arrays.stream(flyway(url, null).info().applied()).map(m -> m.getVersion().getVersion()))
                .as("V7 applied").contains("7");
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

    /** The cases, named, where Java's rule and a cast to the domain disagree. */
    private static List<String> disagreements(JdbcTemplate jdbc, String domain, Predicate<String> java,
            List<String> names) {
        List<String> disagreements = new ArrayList<>();
        for (String name : names) {
            boolean sql;
            try {
                jdbc.queryForObject("SELECT CAST(? AS " + domain + ")", String.class, name);
                sql = true;
            } catch (DataIntegrityViolationException refused) {
                sql = false;
            }
            if (sql != java.test(name)) {
                disagreements.add("'" + name.replace("\n", "\\n") + "' (" + name.length() + " chars): Java "
                        + (sql ? "refuses" : "accepts") + ", " + domain + " " + (sql ? "accepts" : "refuses"));
            }
        }
        return disagreements;
    }

    /**
     * Names at and around a rule of {@code allowed} characters and {@code max} of them: the empty name, every length
     * up to max + 1, every ASCII character alone, first, inside and last, spaces around, letters outside ASCII that
     * look or case-fold like allowed ones, and random strings of allowed and refused characters (a fixed seed).
     */
    private static List<String> names(String allowed, int max) {
        List<String> names = new ArrayList<>(List.of("", "a", "A", "0", "twilio-main", "TWILIO", "Twilio Main",
                "Region-US", "r.e_g-1", " a", "a ", " ", "a b", "a\n", "\na", "a\t", "é", "aé", "ａ", "Ａ", "\u212A",
                "\u0131", "\u01C6", "\u0661", "\uD835\uDFD8", "a\u00A0", "\u200Ba", "ß", "ǅ",
                // what free-text names refuse (PlainText) both sides refuse here too, being ASCII rules
                "a\u200D", "\uFEFFa", "a\uDB40\uDC41", "a\uFFFF", "a\uFDD0", "a\u2060"));
        for (int length = 1; length <= max + 1; length++) {
            names.add("a".repeat(length));
            names.add("Z" + "9".repeat(length - 1));
            names.add("-" + "a".repeat(length - 1));
            names.add(".".repeat(length));
        }
        for (char c = 1; c < 128; c++) {
            names.addAll(List.of(String.valueOf(c), c + "a", "a" + c + "a", "a" + c));
        }
        String refused = " !\"#$%&'()*+,/:;<=>?@[\\]^`{|}~éÀ\u00A0";
        Random random = new Random(21);
        for (int i = 0; i < 500; i++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(max + 3);
            for (int j = 0; j < length; j++) {
                String from = random.nextInt(20) == 0 ? refused : allowed;
                name.append(from.charAt(random.nextInt(from.length())));
            }
            names.add(name.toString());
        }
        return names;
    }

    private static void tenantWithDid(JdbcTemplate jdbc, String segment, String trunk) {
        jdbc.update("INSERT INTO tenants (id, name) VALUES (?::uuid, 'legacy')", TENANT);
        jdbc.update("""
                INSERT INTO asterisk_dids (id, tenant_id, number, segment, trunk)
                VALUES (gen_random_uuid(), ?::uuid, '+14155550100', ?, ?)""", TENANT, segment, trunk);
    }

    /** One database with every migration, for the tests that only read it. */
    private static synchronized JdbcTemplate migratedOnce() {
        if (readOnly == null) {
            readOnly = migrated(TestDatabase.newDatabase("names"), null);
        }
        return readOnly;
    }

    /** The database at {@code url} migrated up to {@code target} (null: every migration). */
    private static JdbcTemplate migrated(String url, String target) {
        flyway(url, target).migrate();
        return new JdbcTemplate(new DriverManagerDataSource(url));
    }
}
