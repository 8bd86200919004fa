package io.didpool.allocation;

import io.didpool.api.DomainException;
import java.time.Duration;

/**
 * The allocation's batch could not start in time (the database is slow or unreachable): nothing was counted and the
 * caller may try again. Not a refusal: the pool may well have DIDs to give.
 */
class AllocationTimeoutException extends DomainException.Unavailable {

    AllocationTimeoutException(String message, Duration retryAfter) {
        super(message, retryAfter);
    }
}
