package io.didpool.did;

import io.didpool.tenant.TenantId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Whose DID a number that was called is: what an inbound call's routing asks first. Across tenants on purpose (a
 * number may be a DID of two tenants, and such a call must be refused, not routed to one of them). A released DID is
 * no longer the tenant's number and is not listed.
 */
@Repository
public class CalledNumbers {

    private final JdbcClient jdbc;

    CalledNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The DIDs numbered {@code number}, with their segment's inbound route (null: none); at most three. */
    public List<Holder> holders(String number) {
        return jdbc.sql("""
                        SELECT d.id, d.tenant_id, d.number, d.segment, d.trunk, s.inbound_route
                          FROM asterisk_dids d
                          LEFT JOIN segments s ON s.tenant_id = d.tenant_id AND s.name = d.segment
                         WHERE d.number = :number AND d.status <> 'released'
                         ORDER BY d.tenant_id
                         LIMIT 3""")
                .param("number", number)
                .query((rs, i) -> new Holder(new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("segment"),
                        rs.getString("trunk"), rs.getString("inbound_route")))
                .list();
    }

    /** A DID of {@code tenant} numbered {@code number}, in {@code segment} (null: none) on {@code trunk}. */
    public record Holder(TenantId tenant, UUID didId, String number, String segment, String trunk,
            String segmentRoute) {
    }
}
