package io.didpool.trunk;

import io.didpool.api.DomainException;

/** The tenant named a trunk it may not use (a DID on it, a call over it). */
class TrunkNotOpenException extends DomainException.UnresolvedReference {

    TrunkNotOpenException(String trunk) {
        super("trunk " + trunk + " is not open to this tenant: ask the administrator to add the tenant to it");
    }
}
