package io.didpool.api;

/**
 * A request that the domain refuses, with a message that is safe to show to the caller (never a secret, SQL or stack
 * trace). Features throw one of the kinds below, or a subclass of their own when a caller must tell that refusal
 * apart (e.g. "nothing selectable" from "the database did not answer"); {@link ProblemDetailsAdvice} alone decides
 * which HTTP status each kind is.
 */
public abstract sealed class DomainException extends RuntimeException
        permits DomainException.InvalidRequest, DomainException.NotFound, DomainException.Conflict,
        DomainException.UnresolvedReference, DomainException.UpstreamFailed, DomainException.Unavailable {

    private DomainException(String message) {
        super(message);
    }

    /** Members the problem details carry besides {@code detail}, for clients that act on them (e.g. counts). */
    public java.util.Map<String, Object> properties() {
        return java.util.Map.of();
    }

    /** Input that passed the shape checks but is still invalid. */
    public static non-sealed class InvalidRequest extends DomainException {
        public InvalidRequest(String message) {
            super(message);
        }
    }

    /** An unknown id, or an id of another tenant: the two must be indistinguishable. */
    public static non-sealed class NotFound extends DomainException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The state of the data refuses the request: a duplicate, nothing selectable, an operation already running. */
    public static non-sealed class Conflict extends DomainException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** A reference inside the request (a DID, a segment, a trunk) that the tenant may not name. */
    public static non-sealed class UnresolvedReference extends DomainException {
        public UnresolvedReference(String message) {
            super(message);
        }
    }

    /** An upstream (Twilio, Asterisk) failed or refused. */
    public static non-sealed class UpstreamFailed extends DomainException {
        public UpstreamFailed(String message) {
            super(message);
        }
    }

    /** didpool cannot answer now (its database did not answer in time); the request may be retried later. */
    public static non-sealed class Unavailable extends DomainException {
        private final java.time.Duration retryAfter;

        public Unavailable(String message, java.time.Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public java.time.Duration retryAfter() {
            return retryAfter;
        }
    }
}
