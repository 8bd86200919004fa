package io.didpool.allocation;

import io.didpool.api.DomainException;

/** The pool has no DID that rotation may choose now. */
public class NothingSelectableException extends DomainException.Conflict {

    NothingSelectableException(String message) {
        super(message);
    }
}
