package io.didpool.allocation;

import io.didpool.api.DomainException;

/** The pinned DID exists but may not be used now (its status). */
class DidNotSelectableException extends DomainException.Conflict {

    DidNotSelectableException(String message) {
        super(message);
    }
}
