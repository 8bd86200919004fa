package io.didpool.did;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes libphonenumber's region of every NANP area code ({@link NanpGeography}) into {@code nanp_regions} at start-up,
 * before the service takes requests, and re-derives the region of the DIDs whose area code's region changed (V14). The
 * database derives a DID's region from that table whenever its number is written, so that local presence reads a
 * region with one index scan; the library stays the only source of regions, and a newer one corrects them here.
 * Instances starting together take turns (an advisory lock); each writes the same.
 */
@Component
class NanpRegions implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(NanpRegions.class);
    /** The advisory lock that serialises instances writing the table ("NANP" in ASCII). */
    private static final long LOCK = 0x4E414E50L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    NanpRegions(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void afterPropertiesSet() {
        Map<String, String> regions = NanpGeography.regionsByAreaCode();
        int changed = transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", LOCK).query((rs, i) -> 1).list();
            jdbc.sql("""
                            INSERT INTO nanp_regions (area_code, region)
                            SELECT * FROM unnest(CAST(:codes AS varchar[]), CAST(:regions AS varchar[]))
                            ON CONFLICT (area_code) DO UPDATE SET region = EXCLUDED.region
                            WHERE nanp_regions.region <> EXCLUDED.region""")
                    .param("codes", regions.keySet().toArray(String[]::new))
                    .param("regions", regions.values().toArray(String[]::new))
                    .update();
            jdbc.sql("DELETE FROM nanp_regions WHERE area_code <> ALL (CAST(:codes AS varchar[]))")
                    .param("codes", regions.keySet().toArray(String[]::new))
                    .update();
            return jdbc.sql("""
                            UPDATE asterisk_dids d SET region = r.region
                              FROM asterisk_dids o LEFT JOIN nanp_regions r ON r.area_code = o.area_code
                             WHERE o.id = d.id AND d.region IS DISTINCT FROM r.region""")
                    .update();
        });
        if (changed > 0) {
            log.info("Set the region of {} DIDs from libphonenumber's area codes", changed);
        }
    }
}
