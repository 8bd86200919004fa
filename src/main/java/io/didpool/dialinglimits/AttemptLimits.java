package io.didpool.dialinglimits;

import io.didpool.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The tenant's limit of calls to one number in any rolling 24 hours, across its journeys and campaigns: asked when the
 * dialer claims calls, in the claim's transaction, so that across every instance no number gets more. The database
 * decides: no lock or counter lives in a JVM.
 *
 * <p><b>The common case is cheap.</b> When no tenant of a claim's attempts has a limit, {@link #admit} is one read of
 * the settings (a primary-key probe per tenant) and takes no lock; {@link Admission#placed} is one insert. Attempts
 * are recorded whether or not the tenant has a limit, so that a limit set at noon counts the morning's calls.
 *
 * <p><b>Locks, and their order.</b> For the attempts of tenants with a limit, {@code admit} takes one exclusive,
 * transaction-scoped advisory lock per distinct (tenant, number) ({@link DialingLimitsRepository#lockKey}: a 64-bit
 * hash of {@code "didpool.contact-attempts/<tenant>/<number>"}), in ascending order of the key, in one statement, and
 * only then counts. The locks are held until the claim's transaction ends, after {@code placed} recorded the calls, so
 * the next claim of the same number, on any instance, waits for that commit and then counts those calls. Every
 * transaction that takes these locks takes them in that one order, all at once, before any other lock of the claim
 * that follows (the DID choice's pool locks); nothing else takes them. A claim that read a limit of none at the moment
 * a limit is being set takes no lock: the limit holds from the claims that read it.
 */
@Component
public class AttemptLimits {

    /** The rolling window a limit counts in. */
    public static final Duration WINDOW = Duration.ofHours(24);

    private final DialingLimitsRepository limits;

    AttemptLimits(DialingLimitsRepository limits) {
        this.limits = limits;
    }

    /**
     * In the caller's transaction: takes the lock of each attempt's (tenant, number), in a set order, and says for
     * each whether it may be placed at {@code now} (the database's dialing clock) or from when. The locks are held
     * until the transaction ends; {@link Admission#placed} records the attempts that were placed.
     *
     * <p>An attempt may be placed when fewer than N attempts to its number by its tenant are later than {@code now}
     * minus 24 hours (later than {@code now} too: a claim that read the clock just before another committed still
     * counts the other's calls). Otherwise it waits until as many have left the window as bring the count below N:
     * the N-th newest attempt's time plus 24 hours. Several attempts to one number in one call are decided in list
     * order, each counting the ones admitted before it as placed at {@code now}.
     */
    public Admission admit(List<Attempt> attempts, Instant now) {
        if (attempts.isEmpty()) {
            return new Decided(Map.of(), Map.of(), now);
        }
        Map<UUID, Integer> limitOf = limits.limits(attempts.stream().map(a -> a.tenant().value()).distinct()
                .toArray(UUID[]::new));
        Map<UUID, Attempt> byCall = new LinkedHashMap<>();
        attempts.forEach(attempt -> byCall.put(attempt.callId(), attempt));
        return new Decided(byCall, limitOf.isEmpty() ? Map.of() : waits(attempts, limitOf, now), now);
    }

    /** The attempts of limited tenants that must wait, and until when; takes the locks first. */
    private Map<UUID, Instant> waits(List<Attempt> attempts, Map<UUID, Integer> limitOf, Instant now) {
        List<Contact> contacts = attempts.stream()
                .filter(a -> limitOf.containsKey(a.tenant().value()))
                .map(a -> new Contact(a.tenant().value(), a.number()))
                .distinct().toList();
        if (contacts.isEmpty()) {
            return Map.of();
        }
        limits.lock(contacts.stream().mapToLong(c -> DialingLimitsRepository.lockKey(c.tenant(), c.number()))
                .sorted().distinct().toArray());
        Map<Integer, List<Instant>> newest = limits.newestAttempts(
                contacts.stream().map(Contact::tenant).toArray(UUID[]::new),
                contacts.stream().map(Contact::number).toArray(String[]::new),
                contacts.stream().mapToInt(c -> limitOf.get(c.tenant())).toArray(),
                now.minus(WINDOW));
        // each contact's counted attempts, newest first, to which admitted ones of this call are added
        Map<Contact, List<Instant>> counted = new HashMap<>();
        for (int i = 0; i < contacts.size(); i++) {
            counted.put(contacts.get(i), new ArrayList<>(newest.getOrDefault(i, List.of())));
        }
        Map<UUID, Instant> waits = new HashMap<>();
        for (Attempt attempt : attempts) {
            Integer limit = limitOf.get(attempt.tenant().value());
            if (limit == null) {
                continue;
            }
            List<Instant> times = counted.get(new Contact(attempt.tenant().value(), attempt.number()));
            if (times.size() < limit) {
                times.add(now);
                times.sort(Comparator.reverseOrder());
            } else {
                waits.put(attempt.callId(), times.get(limit - 1).plus(WINDOW));
            }
        }
        return waits;
    }

    /** A call the dialer means to place. */
    public record Attempt(UUID callId, TenantId tenant, String number) {
    }

    /** The answer for a claim's attempts. */
    public interface Admission {

        /** Null when the call may be placed now; else the first instant it may. */
        Instant waitUntil(UUID callId);

        /** Records these calls (admitted ones) as placed at the claim's time: they count toward the limit. */
        void placed(Collection<UUID> callIds);
    }

    /** One number of one tenant. */
    private record Contact(UUID tenant, String number) {
    }

    /** The admission of one claim; records in the claim's transaction. */
    private final class Decided implements Admission {

        private final Map<UUID, Attempt> attempts;
        private final Map<UUID, Instant> waits;
        private final Instant now;
        private final Set<UUID> placed = new HashSet<>();

        Decided(Map<UUID, Attempt> attempts, Map<UUID, Instant> waits, Instant now) {
            this.attempts = attempts;
            this.waits = waits;
            this.now = now;
        }

        @Override
        public Instant waitUntil(UUID callId) {
            if (!attempts.containsKey(callId)) {
                throw new IllegalArgumentException("call " + callId + " was not among the attempts admitted");
            }
            return waits.get(callId);
        }

        @Override
        public void placed(Collection<UUID> callIds) {
            List<Attempt> recorded = new ArrayList<>();
            for (UUID callId : new LinkedHashSet<>(callIds)) {
                if (waitUntil(callId) != null) {
                    throw new IllegalStateException("call " + callId + " must wait until " + waits.get(callId));
                }
                if (placed.contains(callId)) {
                    throw new IllegalStateException("call " + callId + " was already recorded as placed");
                }
                recorded.add(attempts.get(callId));
            }
            recorded.forEach(attempt -> placed.add(attempt.callId()));
            if (!recorded.isEmpty()) {
                limits.record(recorded.stream().map(a -> a.tenant().value()).toArray(UUID[]::new),
                        recorded.stream().map(Attempt::number).toArray(String[]::new), now);
            }
        }
    }
}
