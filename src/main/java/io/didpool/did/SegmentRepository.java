package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of declared segments ({@code segments}); the DIDs in a segment are {@link DidRepository}'s. */
@Repository
class SegmentRepository {

    private final JdbcClient jdbc;

    SegmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds the segment names until the transaction ends (in sorted order, so that two renames cannot deadlock): a
     * declaration, rename or deletion of a name waits for the one under way, on any instance, even when the name is
     * not declared and so has no row to lock.
     */
    void lockNames(TenantId tenant, String... names) {
        java.util.Arrays.stream(names).sorted().distinct().forEach(name ->
                jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                        .param("key", "didpool.segment/" + tenant.value() + "/" + name)
                        .query((rs, i) -> 1)
                        .single());
    }

    Optional<Declared> find(TenantId tenant, String name) {
        return jdbc.sql("""
                        SELECT name, description, inbound_route FROM segments
                         WHERE tenant_id = :tenant AND name = :name""")
                .param("tenant", tenant.value())
                .param("name", name)
                .query((rs, i) -> new Declared(rs.getString("name"), rs.getString("description"),
                        rs.getString("inbound_route")))
                .optional();
    }

    /** Declares the segment, or replaces the declaration (description and inbound route) of the declared one. */
    void upsert(TenantId tenant, String name, String description, String inboundRoute) {
        jdbc.sql("""
                        INSERT INTO segments (tenant_id, name, description, inbound_route)
                        VALUES (:tenant, :name, :description, :inboundRoute)
                        ON CONFLICT (tenant_id, name) DO UPDATE
                        SET description = EXCLUDED.description, inbound_route = EXCLUDED.inbound_route,
                            updated_at = now()""")
                .param("tenant", tenant.value())
                .param("name", name)
                .param("description", description)
                .param("inboundRoute", inboundRoute)
                .update();
    }

    void rename(TenantId tenant, String from, String to) {
        jdbc.sql("UPDATE segments SET name = :to, updated_at = now() WHERE tenant_id = :tenant AND name = :from")
                .param("tenant", tenant.value())
                .param("from", from)
                .param("to", to)
                .update();
    }

    void delete(TenantId tenant, String name) {
        jdbc.sql("DELETE FROM segments WHERE tenant_id = :tenant AND name = :name")
                .param("tenant", tenant.value())
                .param("name", name)
                .update();
    }

    record Declared(String name, String description, String inboundRoute) {
    }
}
