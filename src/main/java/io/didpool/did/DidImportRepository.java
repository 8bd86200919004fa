package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of an import page: one statement that inserts the new numbers, updates the changed ones and leaves the rest
 * untouched (its own transaction, so that a failure later keeps every page before it).
 */
@Repository
class DidImportRepository {

    /** The page as a relation, from one array per column: one round trip whatever the page size. */
    private static final String INCOMING = """
            unnest(CAST(:numbers AS varchar[]), CAST(:sids AS varchar[]), CAST(:names AS varchar[]),
                   CAST(:voice AS boolean[]), CAST(:sms AS boolean[]), CAST(:mms AS boolean[]))
                AS i (number, provider_sid, friendly_name, capability_voice, capability_sms, capability_mms)""";

    /** The columns an import owns; usage, status and timestamps of use are never touched. */
    private static final String OWNED = "segment, trunk, provider, provider_sid, friendly_name, "
            + "capability_voice, capability_sms, capability_mms, import_source";

    private final JdbcClient jdbc;

    DidImportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the new numbers {@code active} and updates the changed ones; says how many of each. */
    ImportedNumber.Counts upsert(TenantId tenant, ImportedNumber.Target target, List<ImportedNumber> page) {
        return withPage(jdbc.sql("""
                        WITH upserted AS (
                            INSERT INTO asterisk_dids AS d (id, tenant_id, number, status, %1$s)
                            SELECT gen_random_uuid(), :tenant, i.number, 'active', :segment, :trunk, :provider,
                                   i.provider_sid, i.friendly_name, i.capability_voice, i.capability_sms,
                                   i.capability_mms, :importSource
                            FROM %2$s
                            ON CONFLICT (tenant_id, number) DO UPDATE
                            SET segment = EXCLUDED.segment, trunk = EXCLUDED.trunk, provider = EXCLUDED.provider,
                                provider_sid = EXCLUDED.provider_sid, friendly_name = EXCLUDED.friendly_name,
                                capability_voice = EXCLUDED.capability_voice, capability_sms = EXCLUDED.capability_sms,
                                capability_mms = EXCLUDED.capability_mms, import_source = EXCLUDED.import_source,
                                updated_at = now()
                            WHERE (d.%3$s) IS DISTINCT FROM (EXCLUDED.%4$s)
                            RETURNING (xmax = 0) AS inserted)
                        SELECT count(*) FILTER (WHERE inserted) AS created,
                               count(*) FILTER (WHERE NOT inserted) AS updated
                        FROM upserted""".formatted(OWNED, INCOMING, OWNED.replace(", ", ", d."),
                        OWNED.replace(", ", ", EXCLUDED."))), tenant, target, page);
    }

    /** What {@link #upsert} would do, changing nothing. */
    ImportedNumber.Counts preview(TenantId tenant, ImportedNumber.Target target, List<ImportedNumber> page) {
        return withPage(jdbc.sql("""
                        SELECT count(*) FILTER (WHERE d.id IS NULL) AS created,
                               count(*) FILTER (WHERE d.id IS NOT NULL AND (d.%1$s) IS DISTINCT FROM
                                   (CAST(:segment AS varchar), CAST(:trunk AS varchar), CAST(:provider AS varchar),
                                    i.provider_sid, i.friendly_name, i.capability_voice, i.capability_sms,
                                    i.capability_mms, CAST(:importSource AS varchar))) AS updated
                        FROM %2$s
                        LEFT JOIN asterisk_dids d ON d.tenant_id = :tenant AND d.number = i.number"""
                        .formatted(OWNED.replace(", ", ", d."), INCOMING)), tenant, target, page);
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
