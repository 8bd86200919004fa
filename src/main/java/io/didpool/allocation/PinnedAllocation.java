package io.didpool.allocation;

import io.didpool.api.DomainException;
import io.didpool.did.Did;
import io.didpool.did.DidRules;
import io.didpool.did.Ownership;
import io.didpool.did.SegmentPolicy;
import io.didpool.did.SegmentPolicyStore;
import io.didpool.tenant.TenantId;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A call that names its DID ({@code didId}): no pool and no pool lock, only the DID's row, locked, then read. It is
 * taken or refused, never replaced by another DID. A batch that read the DID before is rolled back by its write's
 * check and runs again ({@link BatchWriter}).
 */
@Component
class PinnedAllocation {

    private final AllocationRepository repository;
    private final BatchWriter writer;
    private final SegmentPolicyStore policies;
    private final InDoubtCommits inDoubt;

    PinnedAllocation(AllocationRepository repository, BatchWriter writer, SegmentPolicyStore policies,
            InDoubtCommits inDoubt) {
        this.repository = repository;
        this.writer = writer;
        this.policies = policies;
        this.inDoubt = inDoubt;
    }

    /** A pinned DID in a transaction of its own, followed by {@link InDoubtCommits} if its COMMIT gets no answer. */
    Allocation inOwnTransaction(TenantId tenant, UUID didId, String destination) {
        return inDoubt.inTransaction(counting -> inCurrentTransaction(tenant, didId, destination, counting));
    }

    /**
     * A pinned DID, in the current transaction: its row is locked (it bypasses the pool's advisory lock), then read,
     * so that its calls include every allocation committed before; refused when it is not selectable or at a cap of
     * its segment's policy. {@code counting} (when the transaction is the allocation's own) records the use in case
     * its COMMIT gets no answer.
     */
    Allocation inCurrentTransaction(TenantId tenant, UUID didId, String destination, InDoubtCommits.Counting counting) {
        Did did = writer.lockPinned(tenant, didId)
                .orElseThrow(() -> new DomainException.NotFound("no DID with id " + didId));
        if (!did.selectable()) {
            throw notSelectable(did);
        }
        SegmentPolicy policy = policies.policy(tenant, did.segment());
        if (!Caps.under(did.callsLastHour(), did.callsLastDay(), policy.maxCallsPerHour(), null, 0)) {
            throw new DidNotSelectableException("DID " + did.number() + " is at its cap: "
                    + did.callsLastHour() + " calls in the last hour, the most segment " + did.segment()
                    + " allows (maxCallsPerHour " + policy.maxCallsPerHour() + ")");
        }
        if (!Caps.under(did.callsLastHour(), did.callsLastDay(), null, policy.maxCallsPerDay(), 0)) {
            throw new DidNotSelectableException("DID " + did.number() + " is at its cap: "
                    + did.callsLastDay() + " calls in the last 24 hours, the most segment " + did.segment()
                    + " allows (maxCallsPerDay " + policy.maxCallsPerDay() + ")");
        }
        if (counting != null) {
            counting.record(repository.transactionId(), new UUID[] {did.id()}, new Integer[] {1});
        }
        List<Did> written = writer.countUses(tenant, null, List.of(new BatchWriter.Use(did.id(), 0,
                did.usageCount(), did.lastUsedAt(), did.number(), destination)));
        if (written.isEmpty()) {
            // the database's clock says it rests (or a status edit committed since): not selectable after all
            throw notSelectable(did);
        }
        Did after = written.get(0);
        return new Allocation(after.withUse(after.usageCount(), after.lastUsedAt(), after.callsLastHour() + 1,
                after.callsLastDay() + 1), SelectedBy.DID_ID, after.segment(), null);
    }

    private static DidNotSelectableException notSelectable(Did did) {
        if (did.ownership() == Ownership.NOT_ON_ACCOUNT && DidRules.SELECTABLE_STATUSES.contains(did.status())) {
            return new DidNotSelectableException("DID " + did.number() + " is not on the Twilio account of its trunk"
                    + " (ownership NOT_ON_ACCOUNT), not selectable until a check finds it there");
        }
        if (did.restingUntil() != null && DidRules.SELECTABLE_STATUSES.contains(did.status())) {
            return new DidNotSelectableException("DID " + did.number() + " is resting until " + did.restingUntil()
                    + ", not selectable until then");
        }
        return new DidNotSelectableException("DID " + did.number() + " is " + did.status()
                + ", not selectable (only active or available DIDs are used)");
    }
}
