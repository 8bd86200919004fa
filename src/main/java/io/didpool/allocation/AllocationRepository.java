package io.didpool.allocation;

import io.didpool.platform.Pipelined;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Repository;

/**
 * The SQL of rotation's locks and transactions: the advisory locks that order batches of a pool across every
 * instance, and the transaction ids that settle in-doubt commits. The DIDs themselves are read by
 * {@link CandidateReader} and counted by {@link BatchWriter}.
 */
@Repository
class AllocationRepository {

    private static final ResultSetExtractor<Long> TRANSACTION_ID = rs -> {
        rs.next();
        return rs.getLong("txid_current");
    };

    private static final Pipelined.Statement<Void> COMMIT = Pipelined.Statement.command("COMMIT");

    private final JdbcTemplate template;

    AllocationRepository(JdbcTemplate template) {
        this.template = template;
    }

    /**
     * Serialises this batch with every other batch of an overlapping pool, on every instance, until the
     * transaction ends. Must be the first statement of the batch's transaction. Answers the transaction's id (as
     * {@link #transactionId}) and, in the same round trip, what {@code then} answers once the lock is held.
     *
     * <p>With {@code planOnce}, the transaction's prepared statements then run their generic plan: a batch's read has
     * one text per kind of pool whatever its destinations (they are array parameters), and planning it again for each
     * batch's values took as long as running it. Only for a transaction of the batch's own: the setting ends with the
     * transaction, and would outlive a savepoint in a caller's.
     */
    <T> Locked<T> lock(Pool pool, boolean planOnce, Pipelined.Statement<T> then) {
        String also = ", txid_current()"
                + (planOnce ? ", set_config('plan_cache_mode', 'force_generic_plan', true)" : "");
        Pipelined.Statement<Long> lock = Pipelined.Statement.of(lockSql(pool) + also, lockKeys(pool), TRANSACTION_ID);
        return lock.then(then, Locked::new).run(template);
    }

    /**
     * Takes the pool's lock until the transaction ends, alone: for a transaction that must hold several pools' locks
     * in {@link Pool#LOCK_ORDER} before it knows which it will use. A batch taking it again later gets it at once.
     */
    void lock(Pool pool) {
        template.query(lockSql(pool), rs -> null, lockKeys(pool).toArray());
    }

    /**
     * The pool's advisory locks: exclusive on the tenant for the tenant-wide pool; shared on the tenant and exclusive
     * on the segment for a segment's ({@link #lockKeys}).
     */
    private static String lockSql(Pool pool) {
        return pool.tenantWide() ? "SELECT pg_advisory_xact_lock(?)"
                : "SELECT pg_advisory_xact_lock_shared(?), pg_advisory_xact_lock(?, ?)";
    }

    private static List<Object> lockKeys(Pool pool) {
        return pool.tenantWide() ? List.of(pool.tenantLockKey())
                : List.of(pool.tenantLockKey(), pool.tenantLockKeyHalf(), pool.segmentLockKey());
    }

    /**
     * Runs {@code statement} and then COMMITs the current transaction, in one round trip: a batch's last statement
     * and its COMMIT. {@code statement} must fail rather than do part of its work, since the COMMIT then runs only if
     * it did not fail (PostgreSQL skips the rest of a pipeline after an error). The transaction manager's own commit
     * that follows finds the connection idle and sends nothing.
     */
    <T> T runAndCommit(Pipelined.Statement<T> statement) {
        return statement.then(COMMIT, (answer, none) -> answer).run(template);
    }

    /** Runs {@code statement} alone, for a look that takes no lock. */
    <T> T read(Pipelined.Statement<T> statement) {
        return statement.run(template);
    }

    /** A pool's lock is held by the current transaction, whose id this is; {@code then}: what came with it. */
    record Locked<T>(long transactionId, T then) {
    }

    /** The current transaction's id (assigned now if it has none yet), to ask its fate later ({@link #status}). */
    long transactionId() {
        return template.queryForObject("SELECT txid_current()", Long.class);
    }

    /**
     * What became of a transaction: {@code committed}, {@code aborted}, {@code in progress}, or empty when it is too
     * old for PostgreSQL to know (far older than any in-doubt commit this service asks about).
     */
    Optional<String> status(long transactionId) {
        return Optional.ofNullable(template.queryForObject("SELECT txid_status(?)", String.class, transactionId));
    }
}
