package io.didpool.allocation;

import io.didpool.did.Did;
import io.didpool.did.DidService;
import io.didpool.did.DidSql;
import io.didpool.tenant.TenantId;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Looks at what the next allocation would take, changing nothing and taking no lock. */
@Component
class NextDid {

    private final AllocationRepository repository;
    private final PoolBatch batches;
    private final DidService dids;
    private final JdbcClient jdbc;
    private final TransactionTemplate nested;

    NextDid(AllocationRepository repository, PoolBatch batches, DidService dids, JdbcClient jdbc,
            TransactionTemplate transactions) {
        this.repository = repository;
        this.batches = batches;
        this.dids = dids;
        this.jdbc = jdbc;
        this.nested = new TransactionTemplate(transactions.getTransactionManager());
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * The DID the next rotation of this request would take and why, under its pool's policy; empty when no pool tried
     * has a usable DID.
     */
    Optional<Allocation> allocation(TenantId tenant, AllocationRequest request) {
        // a savepoint in the caller's transaction, or a transaction of its own: rolled back either way, so that a
        // look can never change anything
        return nested.execute(status -> {
            status.setRollbackOnly();
            for (AttemptOrder order = new AttemptOrder(request); order.hasCurrent(); ) {
                AllocationRequest.Attempt attempt = order.current();
                Pool pool = new Pool(tenant, attempt.segment());
                List<String> destination = Collections.singletonList(request.destination());
                PoolBatch.Choice choice = batches.choose(pool, destination, List.of(attempt.reach()),
                        repository.read(batches.rulesStatement(pool)), null, 0, null);
                LeastUsedRotation.Pick pick = choice.plan().picks().get(0);
                if (pick.did() != null) {
                    Optional<Did> did = dids.find(tenant, pick.did());
                    if (did.isPresent()) {
                        return Optional.of(Outcome.took(did.get(), pick.match()).allocation(pool));
                    }
                }
                order.next(pick.passedOn());
            }
            return Optional.<Allocation>empty();
        });
    }

    /**
     * The trunk of the first selectable DID in rotation order of the first of these pools that has one: where a
     * queued call waits. Caps, policies and destinations are left out (one index probe per pool, no rotation read):
     * the call moves to its DID's trunk if the DID it finally gets names another.
     */
    Optional<String> trunk(TenantId tenant, List<String> segments) {
        for (String segment : segments) {
            Optional<String> trunk = jdbc.sql("SELECT d.trunk FROM asterisk_dids d WHERE d.tenant_id = :tenant"
                            + (segment == null ? "" : " AND d.segment = :segment") + " AND " + DidSql.selectable("d")
                            + " ORDER BY " + CandidateReadSql.D_ROTATION_ORDER + " LIMIT 1")
                    .param("tenant", tenant.value())
                    .param("segment", segment)
                    .query(String.class)
                    .optional();
            if (trunk.isPresent()) {
                return trunk;
            }
        }
        return Optional.empty();
    }
}
