package io.didpool.trunk;

/** The admin changed a trunk's limits or tenants: whoever paces calls on it should look again. */
public record TrunkConfigured(String name) {
}
