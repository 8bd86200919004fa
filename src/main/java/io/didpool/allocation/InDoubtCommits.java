package io.didpool.allocation;

import io.didpool.platform.SqlStates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps usage counts exact when a COMMIT gets no answer. The callers of such a transaction are told it failed (503),
 * but the server may well have committed it: it got the COMMIT before it stopped answering (a paused or overloaded
 * server), and commits it once it goes on. Each counting transaction takes its id ({@code txid_current()}); when its
 * COMMIT fails, {@link Counting} hands the id and its uses here, and once the database answers again this asks what
 * became of it ({@code txid_status}): committed, its uses are taken back; aborted, nothing was counted; in progress,
 * it asks again later.
 *
 * <p>Taking back is a transaction too, whose own COMMIT may get no answer: then its id is followed the same way, and it
 * is repeated only once PostgreSQL says it aborted, so no use is ever taken back twice. The in-doubt commits are kept
 * in this instance's memory: if the instance itself dies before the database answers again, their uses stay
 * counted. The gauge {@code didpool.allocations.in_doubt} says how many are waiting.
 */
@Component
@EnableScheduling
class InDoubtCommits {

    private static final Logger log = LoggerFactory.getLogger(InDoubtCommits.class);

    private final AllocationRepository repository;
    private final BatchWriter writer;
    private final TransactionTemplate transactions;
    private final Queue<InDoubt> pending = new ConcurrentLinkedQueue<>();

    InDoubtCommits(AllocationRepository repository, BatchWriter writer, TransactionTemplate transactions,
            MeterRegistry meters) {
        this.repository = repository;
        this.writer = writer;
        this.transactions = transactions;
        Gauge.builder("didpool.allocations.in_doubt", pending, Queue::size)
                .description("Counting transactions whose COMMIT got no answer, not yet settled")
                .register(meters);
    }

    /**
     * A transaction that counted {@code uses[i]} uses of {@code ids[i]}, or that took them back
     * ({@code takingBack}).
     */
    private record InDoubt(long transactionId, UUID[] ids, Integer[] uses, boolean takingBack) {
    }

    /** The uses a counting transaction is about to write, recorded before it writes them. */
    static final class Counting {
        private final boolean takingBack;
        private Long transactionId;
        private UUID[] ids;
        private Integer[] uses;
        private boolean commitSent;
        private boolean inDoubt;

        private Counting(boolean takingBack) {
            this.takingBack = takingBack;
        }

        void record(long transactionId, UUID[] ids, Integer[] uses) {
            this.transactionId = transactionId;
            this.ids = ids;
            this.uses = uses;
        }

        /** The work is about to send the COMMIT itself, with its last statement (AllocationRepository.runAndCommit). */
        void committing() {
            commitSent = true;
        }
    }

    /**
     * Runs {@code work} as one transaction. When everything but the COMMIT succeeded and the COMMIT then fails, the
     * uses the work recorded are in doubt and settled later; the failure still reaches the caller. A failure before
     * the COMMIT needs nothing: without a COMMIT the server never commits. Work that sends the COMMIT with its last
     * statement ({@link Counting#committing}) is in doubt when that round trip fails without the server's answer
     * (an error the server reported means it skipped the COMMIT, or the COMMIT failed).
     */
    <T> T inTransaction(Function<Counting, T> work) {
        return run(new Counting(false), work);
    }

    private <T> T run(Counting counting, Function<Counting, T> work) {
        boolean[] workDone = new boolean[1];
        try {
            return transactions.execute(status -> {
                T result = work.apply(counting);
                workDone[0] = true;
                return result;
            });
        } catch (RuntimeException e) {
            if (counting.transactionId != null && (workDone[0] || counting.commitSent && !reportedByServer(e))) {
                counting.inDoubt = true;
                inDoubt(new InDoubt(counting.transactionId, counting.ids, counting.uses, counting.takingBack));
            }
            throw e;
        }
    }

    /**
     * Whether the server answered with this error: it carries a SQLSTATE outside class 08 (connection exception,
     * which the driver reports when the server did not answer).
     */
    private static boolean reportedByServer(RuntimeException failure) {
        String state = SqlStates.of(failure);
        return state != null && !state.startsWith("08");
    }

    private void inDoubt(InDoubt transaction) {
        pending.add(transaction);
        log.warn("The COMMIT of transaction {} ({} {} uses) got no answer; whether it committed is settled once the"
                        + " database answers again", transaction.transactionId(),
                transaction.takingBack() ? "taking back" : "counting",
                Arrays.stream(transaction.uses()).mapToInt(Integer::intValue).sum());
    }

    @Scheduled(initialDelay = 1000, fixedDelayString = "${didpool.allocation.in-doubt-check:PT1S}")
    void settle() {
        for (InDoubt transaction : List.copyOf(pending)) {
            Optional<String> status;
            try {
                status = repository.status(transaction.transactionId());
            } catch (RuntimeException e) {
                return; // the database is still away: next time
            }
            if (status.isPresent() && status.get().equals("in progress")) {
                continue;
            }
            if (status.isEmpty()) {
                log.error("Transaction {} is too old for PostgreSQL to say whether it committed; {} uses of DIDs {}"
                        + " may be counted wrong", transaction.transactionId(), Arrays.toString(transaction.uses()),
                        Arrays.toString(transaction.ids()));
                pending.remove(transaction);
            } else if (status.get().equals("committed") != transaction.takingBack()) {
                // an allocation that committed, or a taking back that did not: (again) take its uses back; it stays
                // pending until that is done or followed in its stead, so that the gauge is 0 only when all is settled
                if (takeBack(transaction)) {
                    pending.remove(transaction);
                }
            } else {
                pending.remove(transaction);
            }
        }
    }

    /** Answers whether the uses were taken back, or the taking back is in doubt itself (and followed from now on). */
    private boolean takeBack(InDoubt transaction) {
        Counting counting = new Counting(true);
        try {
            run(counting, c -> {
                c.record(repository.transactionId(), transaction.ids(), transaction.uses());
                writer.takeBackUses(transaction.ids(), transaction.uses());
                return null;
            });
            log.info("Took back {} uses of transaction {}, whose callers had been told it failed",
                    Arrays.stream(transaction.uses()).mapToInt(Integer::intValue).sum(), transaction.transactionId());
            return true;
        } catch (RuntimeException e) {
            return counting.inDoubt; // else nothing was committed: again next time
        }
    }
}
