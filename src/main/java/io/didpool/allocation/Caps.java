package io.didpool.allocation;

/**
 * "Under its caps" in Java, for the replay of a batch ({@link Candidate#underCaps}) and a pinned DID: a DID that takes
 * {@code more} calls now stays below both caps (null: no such cap). SQL says it once, in {@code did_under_caps} (V22),
 * which every statement uses; {@code CapsRuleTest} holds the two to each other on generated cases.
 */
final class Caps {

    private Caps() {
    }

    static boolean under(long callsLastHour, long callsLastDay, Integer perHour, Integer perDay, int more) {
        return (perHour == null || callsLastHour + more < perHour) && (perDay == null || callsLastDay + more < perDay);
    }
}
