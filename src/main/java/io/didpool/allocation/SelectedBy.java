package io.didpool.allocation;

/** How an allocation chose its DID, in the order of priority. */
public enum SelectedBy {
    /** The request named the DID. */
    DID_ID,
    /** The least-used DID of the named segment. */
    SEGMENT,
    /** The least-used of all the tenant's selectable DIDs. */
    DEFAULT
}
