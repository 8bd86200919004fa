package io.didpool.callinghours;

/** Whose calling hours a row of {@code calling_hours} holds; the more specific replaces the less. */
enum Scope {
    TENANT, JOURNEY, CAMPAIGN
}
