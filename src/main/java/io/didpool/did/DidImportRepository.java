package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of provider imports. A provider's page: one statement that inserts the new numbers, updates the changed
 * ones and leaves the rest untouched (its own transaction, so that a failure later keeps every page before it): one
 * round trip, whatever the size. A CSV file: {@link CsvImportRepository}.
 */
@Repository
class DidImportRepository {

    /** The page as a relation, from one array per column. */
    private static final String INCOMING = """
            unnest(CAST(:numbers AS varchar[]), CAST(:sids AS varchar[]), CAST(:names AS varchar[]),
                   CAST(:voice AS boolean[]), CAST(:sms AS boolean[]), CAST(:mms AS boolean[]))
                AS i (number, provider_sid, friendly_name, capability_voice, capability_sms, capability_mms)""";

    /**
     * The columns an import owns, each with the value a number of the page gives it; usage, status and timestamps of
     * use are never touched. The first two place the DID (kept by a {@link ImportedNumber.Target#keepPlacement} import).
     */
    private static final Map<String, String> OWNED = ownedColumns();

    private static final List<String> PLACEMENT = List.of("segment", "trunk");

    private final JdbcClient jdbc;

    DidImportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Map<String, String> ownedColumns() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("segment", "CAST(:segment AS varchar)");
        owned.put("trunk", "CAST(:trunk AS varchar)");
        owned.put("provider", "CAST(:provider AS varchar)");
        owned.put("provider_account", "CAST(:account AS varchar)");
        owned.put("provider_sid", "i.provider_sid");
        owned.put("friendly_name", "i.friendly_name");
        owned.put("capability_voice", "i.capability_voice");
        owned.put("capability_sms", "i.capability_sms");
        owned.put("capability_mms", "i.capability_mms");
        owned.put("import_source", "CAST(:importSource AS varchar)");
        return Collections.unmodifiableMap(owned);
    }

    /** The owned columns an import of {@code target} writes on DIDs that exist already. */
    private static List<String> refreshed(ImportedNumber.Target target) {
        return OWNED.keySet().stream().filter(c -> !target.keepPlacement() || !PLACEMENT.contains(c)).toList();
    }

    /** Creates the new numbers {@code active} and updates the changed ones; says how many of each. */
    ImportedNumber.Counts upsert(TenantId tenant, ImportedNumber.Target target, List<ImportedNumber> page) {
        List<String> refreshed = refreshed(target);
        return withPage(jdbc.sql("""
                        WITH upserted AS (
                            INSERT INTO asterisk_dids AS d (id, tenant_id, number, status, %1$s)
                            SELECT gen_random_uuid(), :tenant, i.number, 'active', %2$s
                            FROM %3$s
                            ON CONFLICT (tenant_id, number) DO UPDATE
                            SET %4$s, updated_at = now()
                            WHERE (%5$s) IS DISTINCT FROM (%6$s)
                            RETURNING (xmax = 0) AS inserted)
                        SELECT count(*) FILTER (WHERE inserted) AS created,
                               count(*) FILTER (WHERE NOT inserted) AS updated
                        FROM upserted""".formatted(
                        String.join(", ", OWNED.keySet()),
                        String.join(", ", OWNED.values()),
                        INCOMING,
                        String.join(", ", refreshed.stream().map(c -> c + " = EXCLUDED." + c).toList()),
                        String.join(", ", refreshed.stream().map(c -> "d." + c).toList()),
                        String.join(", ", refreshed.stream().map(c -> "EXCLUDED." + c).toList()))),
                tenant, target, page);
    }

    /** What {@link #upsert} would do, changing nothing. */
    ImportedNumber.Counts preview(TenantId tenant, ImportedNumber.Target target, List<ImportedNumber> page) {
        List<String> refreshed = refreshed(target);
        return withPage(jdbc.sql("""
                        SELECT count(*) FILTER (WHERE d.id IS NULL) AS created,
                               count(*) FILTER (WHERE d.id IS NOT NULL AND (%1$s) IS DISTINCT FROM (%2$s)) AS updated
                        FROM %3$s
                        LEFT JOIN asterisk_dids d ON d.tenant_id = :tenant AND d.number = i.number""".formatted(
                        String.join(", ", refreshed.stream().map(c -> "d." + c).toList()),
                        String.join(", ", refreshed.stream().map(OWNED::get).toList()),
                        INCOMING)),
                tenant, target, page);
    }

    /**
     * The tenant's DIDs imported from the provider's account that {@code listed} (every number the account lists
     * now) lacks, other than those released already; with {@code release}, marks them {@code released}. DIDs of the
     * provider imported before the account was recorded (null) count as the account's.
     */
    List<ImportedNumber.Missing> missing(TenantId tenant, String provider, String account, String[] listed,
            boolean release) {
        String missing = """
                SELECT id FROM asterisk_dids d
                 WHERE d.tenant_id = :tenant AND d.provider = :provider AND d.provider_sid IS NOT NULL
                   AND (d.provider_account = :account OR d.provider_account IS NULL)
                   AND d.status <> 'released'
                   AND NOT EXISTS (SELECT 1 FROM unnest(CAST(:listed AS varchar[])) AS l (number)
                                    WHERE l.number = d.number)""";
        String sql = release
                ? "WITH released AS (UPDATE asterisk_dids SET status = 'released', updated_at = now()"
                        + " WHERE id IN (" + missing + ") RETURNING id, number, segment, status)"
                        + " SELECT * FROM released ORDER BY number"
                : "SELECT id, number, segment, status FROM asterisk_dids WHERE id IN (" + missing + ") ORDER BY number";
        return jdbc.sql(sql)
                .param("tenant", tenant.value())
                .param("provider", provider)
                .param("account", account)
                .param("listed", listed)
                .query((rs, i) -> new ImportedNumber.Missing(rs.getObject("id", UUID.class), rs.getString("number"),
                        rs.getString("segment"), rs.getString("status")))
                .list();
    }

    private static ImportedNumber.Counts withPage(JdbcClient.StatementSpec statement, TenantId tenant,
            ImportedNumber.Target target, List<ImportedNumber> page) {
        int n = page.size();
        String[] numbers = new String[n];
        String[] sids = new String[n];
        String[] names = new String[n];
        Boolean[] voice = new Boolean[n];
        Boolean[] sms = new Boolean[n];
        Boolean[] mms = new Boolean[n];
        for (int k = 0; k < n; k++) {
            ImportedNumber number = page.get(k);
            numbers[k] = number.number();
            sids[k] = number.providerSid();
            names[k] = number.friendlyName();
            voice[k] = number.voice();
            sms[k] = number.sms();
            mms[k] = number.mms();
        }
        return statement
                .param("tenant", tenant.value())
                .param("segment", target.segment())
                .param("trunk", target.trunk())
                .param("provider", target.provider())
                .param("account", target.account())
                .param("importSource", target.importSource())
                .param("numbers", numbers)
                .param("sids", sids)
                .param("names", names)
                .param("voice", voice)
                .param("sms", sms)
                .param("mms", mms)
                .query((rs, row) -> new ImportedNumber.Counts(rs.getInt("created"), rs.getInt("updated")))
                .single();
    }
}
