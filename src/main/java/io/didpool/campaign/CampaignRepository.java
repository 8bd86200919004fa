package io.didpool.campaign;

import io.didpool.platform.SqlEnums;
import io.didpool.tenant.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CampaignRepository {

    private static final String COLUMNS = "id, journey_id, name, status, total, created_at, callback_to, started_at,"
            + " finished_at";

    private final JdbcClient jdbc;

    CampaignRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, UUID id, UUID journeyId, String name, int total, String callbackTo) {
        jdbc.sql("""
                        INSERT INTO campaigns (id, tenant_id, journey_id, name, status, total, callback_to)
                        VALUES (:id, :tenant, :journey, :name, %s, :total, :callbackTo)"""
                        .formatted(SqlEnums.literal(CampaignStatus.RUNNING)))
                .param("id", id)
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("name", name)
                .param("total", total)
                .param("callbackTo", callbackTo)
                .update();
    }

    /** The campaign's callback route: one primary-key probe; empty when the campaign is gone or has none. */
    Optional<String> callbackTo(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT callback_to FROM campaigns WHERE id = :id AND tenant_id = :tenant")
                .param("id", id)
                .param("tenant", tenant.value())
                .query((rs, i) -> Optional.ofNullable(rs.getString("callback_to")))
                .optional()
                .flatMap(route -> route);
    }

    /** The campaign, row-locked when {@code forUpdate}, so that pause, resume and cancel apply one at a time. */
    Optional<Row> find(TenantId tenant, UUID id, boolean forUpdate) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM campaigns WHERE tenant_id = :tenant AND id = :id"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenant.value())
                .param("id", id)
                .query(CampaignRepository::row)
                .optional();
    }

    /** The journey's campaigns not cancelled by their owner, row-locked in one order (as pause and cancel lock). */
    List<Row> ofJourneyForUpdate(TenantId tenant, UUID journeyId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM campaigns"
                        + " WHERE tenant_id = :tenant AND journey_id = :journey AND status IN ("
                        + SqlEnums.list(CampaignStatus.RUNNING, CampaignStatus.PAUSED) + ")"
                        + " ORDER BY id FOR UPDATE")
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .query(CampaignRepository::row)
                .list();
    }

    List<Row> list(TenantId tenant, int page, int size) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM campaigns WHERE tenant_id = :tenant"
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("tenant", tenant.value())
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(CampaignRepository::row)
                .list();
    }

    long count(TenantId tenant) {
        return jdbc.sql("SELECT count(*) FROM campaigns WHERE tenant_id = :tenant")
                .param("tenant", tenant.value())
                .query(Long.class)
                .single();
    }

    void setStatus(UUID id, CampaignStatus status) {
        jdbc.sql("UPDATE campaigns SET status = :status, updated_at = now() WHERE id = :id")
                .param("status", status.name())
                .param("id", id)
                .update();
    }

    /**
     * Keeps when the campaign started and finished, once a view has worked them out: neither changes afterwards, and
     * working them out again from its calls and executions would cost each view a scan of them. A time already kept
     * stays.
     */
    void keepTimes(UUID id, Instant startedAt, Instant finishedAt) {
        jdbc.sql("""
                        UPDATE campaigns SET started_at = coalesce(started_at, :started),
                                             finished_at = coalesce(finished_at, :finished)
                         WHERE id = :id""")
                .param("started", startedAt == null ? null : Timestamp.from(startedAt))
                .param("finished", finishedAt == null ? null : Timestamp.from(finishedAt))
                .param("id", id)
                .update();
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("journey_id", UUID.class), rs.getString("name"),
                CampaignStatus.valueOf(rs.getString("status")), rs.getInt("total"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("callback_to"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** A campaign's row; {@code startedAt} and {@code finishedAt} null until a view kept them. */
    record Row(UUID id, UUID journeyId, String name, CampaignStatus status, int total, Instant createdAt,
            String callbackTo, Instant startedAt, Instant finishedAt) {
    }
}
