package io.didpool.did;

/** Optional filters of the DID list; a null field does not filter. */
record DidFilter(String segment, String status, String trunk) {
}
