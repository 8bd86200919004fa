package io.didpool.testsupport;

import io.didpool.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeds tenants and DIDs straight into the database, as an operator's SQL would: fast for tests and benchmarks that
 * need many DIDs, and free of the API's own checks and audit. One {@code INSERT} a DID of its id, tenant, number and
 * segment; every other column takes its default. An instance is a builder: each setter answers a copy.
 */
public final class Dids {

    private final JdbcClient jdbc;
    private final TenantId tenant;
    private final String segment;

    private Dids(JdbcClient jdbc, TenantId tenant, String segment) {
        this.jdbc = jdbc;
        this.tenant = tenant;
        this.segment = segment;
    }

    /** A new tenant, named after its id (tenant names are unique). */
    public static TenantId tenant(JdbcClient jdbc) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenants (id, name) VALUES (:id, 'seeded-' || :id)").param("id", id).update();
        return new TenantId(id);
    }

    /** The common case: {@code count} DIDs of the segment, numbered as {@link #insert(int, String)} numbers them. */
    public static List<UUID> dids(JdbcClient jdbc, TenantId tenant, String segment, int count, String numberPrefix) {
        return of(jdbc, tenant).segment(segment).insert(count, numberPrefix);
    }

    /** DIDs of {@code tenant}, with no segment until one is set. */
    public static Dids of(JdbcClient jdbc, TenantId tenant) {
        return new Dids(jdbc, tenant, null);
    }

    /** The same with this segment (null: none). */
    public Dids segment(String segment) {
        return new Dids(jdbc, tenant, segment);
    }

    /** Inserts one DID; answers its id. */
    public UUID insert(String number) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO asterisk_dids (id, tenant_id, number, segment) VALUES (:id, :t, :n, :s)")
                .param("id", id).param("t", tenant.value()).param("n", number).param("s", segment).update();
        return id;
    }

    /** Inserts {@code count} DIDs numbered {@code numberPrefix} then 0000, 0001, …; answers their ids in order. */
    public List<UUID> insert(int count, String numberPrefix) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(insert(String.format("%s%04d", numberPrefix, i)));
        }
        return ids;
    }
}
