package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The rules that Java and SQL both apply to a DID, Java's definition tested against the database's: the area code of
 * a number ({@link NanpGeography#areaCode}, SQL's {@code nanp_area_code}) and "selectable" ({@link DidRules}, from
 * which {@link DidRepository#selectable} is generated, and the rotation's partial indexes).
 */
class RulesInTheDatabaseTest {

    private static final String TENANT = "11111111-1111-1111-1111-111111111111";

    /** Every status the database admits, and a few it does not (a predicate must not take them either). */
    private static final List<String> STATUSES = List.of("active", "available", "inactive", "quarantined", "released",
            "Active", "active ", "", "selectable");

    private static JdbcTemplate jdbc;

    @BeforeAll
    static void migratedDatabase() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.newDatabase("didrules"));
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void theDatabaseDerivesTheAreaCodeOfEveryNumberAsJavaDoes() {
        List<String> disagreements = new ArrayList<>();
        for (String number : numbers()) {
            String sql = jdbc.queryForObject("SELECT nanp_area_code(?)", String.class, number);
            if (!Objects.equals(sql, NanpGeography.areaCode(number))) {
                disagreements.add("'" + number + "': Java " + NanpGeography.areaCode(number) + ", SQL " + sql);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void aDidsAreaCodeColumnIsTheDerivedOne() {
        jdbc.update("INSERT INTO tenants (id, name) VALUES (?::uuid, 'rules') ON CONFLICT DO NOTHING", TENANT);
        List<String> numbers = numbers().stream().filter(n -> n.length() <= 16).distinct().toList();
        jdbc.batchUpdate("INSERT INTO asterisk_dids (id, tenant_id, number) VALUES (gen_random_uuid(), ?::uuid, ?)",
                numbers.stream().map(n -> new Object[] {TENANT, n}).toList());

        List<String> disagreements = new ArrayList<>();
        jdbc.query("SELECT number, area_code FROM asterisk_dids WHERE tenant_id = ?::uuid", rs -> {
            String number = rs.getString("number");
            if (!Objects.equals(rs.getString("area_code"), NanpGeography.areaCode(number))) {
                disagreements.add("'" + number + "': Java " + NanpGeography.areaCode(number) + ", column "
                        + rs.getString("area_code"));
            }
        }, TENANT);
        assertThat(disagreements).isEmpty();
        assertThat(numbers).hasSizeGreaterThan(100);
    }

    /** The rotation's partial indexes hold exactly the DIDs whose status Java calls selectable. */
    @Test
    void theRotationIndexesHoldExactlyTheStatusesJavaCallsSelectable() {
        List<Map<String, Object>> partial = jdbc.queryForList("""
                SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS predicate
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid = 'asterisk_dids'::regclass AND i.indpred IS NOT NULL""");
        assertThat(partial).extracting(index -> index.get("name"))
                .containsExactlyInAnyOrder("idx_asterisk_dids_rotation_segment", "idx_asterisk_dids_rotation_tenant",
                        "idx_asterisk_dids_rotation_area_code", "idx_asterisk_dids_rotation_region");

        for (Map<String, Object> index : partial) {
            for (String status : STATUSES) {
                // the predicate names the column unqualified: here it is the status of a one-row table
                Boolean held = jdbc.queryForObject("SELECT coalesce(" + index.get("predicate") + ", false)"
                        + " FROM (SELECT CAST(? AS varchar(16)) AS status) asterisk_dids", Boolean.class, status);
                assertThat(held).as("%s holds a DID of status '%s'", index.get("name"), status)
                        .isEqualTo(DidRules.SELECTABLE_STATUSES.contains(status));
            }
        }
    }

    /** The SQL generated from Java's rule answers as Java does, for every status, resting or not, and ownership. */
    @Test
    void theSqlOfSelectableAnswersAsJavaDoes() {
        List<Ownership> ownerships = new java.util.ArrayList<>(Arrays.asList(Ownership.values()));
        ownerships.add(null);
        for (String status : STATUSES) {
            for (Ownership ownership : ownerships) {
                // a rest ending at the statement's now(), just before, just after, long before and after, or no rest
                for (Duration restLeft : Arrays.asList(null, Duration.ofDays(-1), Duration.ofNanos(-1000),
                        Duration.ZERO, Duration.ofNanos(1000), Duration.ofDays(1))) {
                    jdbc.query("SELECT now(), d.resting_until, coalesce(" + DidRepository.selectable("d") + ", false),"
                            + " coalesce(" + DidRepository.inSelectableStatus("d") + ", false) FROM (SELECT"
                            + " CAST(? AS varchar(16)) AS status, now() + CAST(? AS float8) * INTERVAL '1 second'"
                            + " AS resting_until, CAST(? AS varchar(20)) AS ownership) d", rs -> {
                                Instant now = rs.getTimestamp(1).toInstant();
                                Instant restingUntil = rs.getTimestamp(2) == null ? null
                                        : rs.getTimestamp(2).toInstant();
                                assertThat(List.of(rs.getBoolean(3), rs.getBoolean(4)))
                                        .as("selectable, in a selectable status: status '%s', resting until now + %s,"
                                                + " ownership %s", status, restLeft, ownership)
                                        .containsExactly(DidRules.selectable(status, restingUntil, ownership, now),
                                                DidRules.SELECTABLE_STATUSES.contains(status));
                            }, status, restLeft == null ? null : restLeft.toNanos() / 1e9,
                            ownership == null ? null : ownership.name());
                }
            }
        }
    }

    /** Functions and triggers leave the statuses to the indexes and to Java: none names one. */
    @Test
    void noFunctionRestatesTheSelectableStatuses() {
        assertThat(jdbc.queryForList("""
                SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND p.prosrc ~ '''(active|available)'''""", String.class)).isEmpty();
    }

    /**
     * Numbers at and around the rule: NANP ones, too short and too long, other countries, +1 with letters, spaces or
     * non-ASCII digits, and random strings of digits, '+' and a few other characters (a fixed seed).
     */
    private static List<String> numbers() {
        List<String> numbers = new ArrayList<>(List.of("", "+", "+1", "+14155550100", "+12125550100", "+18005550100",
                "+10005550100", "+1415555010", "+141555501000", "14155550100", "+24155550100", "+442071234567",
                "+1415555", "+1415555010O", "+1 4155550100", " +14155550100", "+14155550100 ", "+14155550100\n",
                "+1415-555-0100", "+1(415)5550100", "+1\u0664\u0661\u0665\u0665\u0665\u0665\u0660\u0661\u0660\u0660",
                "\uFF0B14155550100", "+1４155550100", "++14155550100", "+1+4155550100", "+1abcdefghij"));
        Random random = new Random(21);
        String characters = "0123456789+1 a";
        for (int i = 0; i < 400; i++) {
            StringBuilder number = new StringBuilder(random.nextBoolean() ? "+1" : "");
            int length = random.nextInt(14);
            for (int j = 0; j < length; j++) {
                number.append(random.nextInt(10) == 0 ? characters.charAt(random.nextInt(characters.length()))
                        : (char) ('0' + random.nextInt(10)));
            }
            numbers.add(number.toString());
        }
        return numbers;
    }
}
