package io.didpool.dialing;

import static io.didpool.dialing.DialingInstances.campaign;
import static io.didpool.dialing.DialingInstances.contacts;
import static io.didpool.dialing.DialingInstances.finished;
import static io.didpool.dialing.DialingInstances.jdbc;
import static io.didpool.dialing.DialingInstances.journeyOnTrunk;
import static io.didpool.dialing.DialingInstances.start;
import static io.didpool.dialing.DialingInstances.trunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.asterisk.AmiPeer;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.PausableDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The database pauses mid-campaign (its processes stopped: connections stay open and nothing answers, as an outside
 * probe found with SIGSTOP) while calls are up. Calls that end during the pause are recorded once it answers again:
 * every call ends, none stays DIALING, nothing is dialled twice, the trunk's cap holds at the carrier throughout and
 * frees again, and uses equal the calls placed. Short database timeouts make the pause outlast several of them, and
 * it outlasts {@code reviveAfter}: an instance silent only because the database was away is not taken for dead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabasePauseDialingTest {

    private static final String TRUNK = "DBP";
    private static final int CAP = 8;
    /** Shorter than the pause: the instance cannot prove it is alive for longer than this, and is not dead. */
    private static final Duration REVIVE_AFTER = Duration.ofSeconds(5);
    private static final Duration PAUSE = Duration.ofSeconds(10);

    private final AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofMillis(300), Duration.ofSeconds(2));
    private PausableDatabase database;
    private ConfigurableApplicationContext instance;

    @BeforeAll
    void instance() {
        database = PausableDatabase.start();
        instance = start(database.jdbcUrl(), carrier, "--didpool.db.connection-timeout=2s",
                "--didpool.db.socket-timeout=3s", "--didpool.db.statement-timeout=2s",
                "--didpool.db.lock-timeout=1s", "--didpool.dialing.revive-after=" + REVIVE_AFTER.toMillis() + "ms");
    }

    @AfterAll
    void stop() {
        instance.close();
        carrier.close();
        database.close();
    }

    @Test
    void callsThatEndWhileTheDatabaseIsPausedAreRecordedOnceItAnswersAgain() throws InterruptedException {
        ApiClient admin = ApiClient.admin(instance);
        trunk(admin, TRUNK, 5, CAP);
        ApiClient tenant = admin.newTenant("db-pause");
        String journey = journeyOnTrunk(tenant, TRUNK, "paused", 14155553000L, 6);
        List<String> contacts = contacts(16465553000L, 50);
        String id = campaign(tenant, journey, contacts).get("id").asString();

        // calls are up (answered, 2 s long) when the database stops answering; they end during the pause
        await().atMost(Duration.ofSeconds(20)).until(() -> carrier.originates().size() >= CAP);
        // and an instance alive until the pause holds the last contact's call: once the database answers again, it
        // is dead (it never proves itself again) but only taken for dead after reviveAfter of answering
        JdbcClient jdbc = jdbc(instance);
        String ghostCall = ghostDialling(jdbc, contacts.get(contacts.size() - 1));
        PausableDatabase.Paused paused = database.pause();
        try {
            Thread.sleep(PAUSE.toMillis());
        } finally {
            paused.resume();
        }
        await().during(REVIVE_AFTER.minusSeconds(1)).atMost(REVIVE_AFTER).until(() -> stateOf(jdbc, ghostCall),
                "DIALING"::equals);
        await().atMost(REVIVE_AFTER.multipliedBy(4)).until(() -> stateOf(jdbc, ghostCall), "ENDED"::equals);

        JsonNode done = finished(tenant, id, Duration.ofSeconds(120));
        List<String> alive = contacts.subList(0, contacts.size() - 1);
        assertThat(done.get("completed").asLong()).as(done.toString()).isEqualTo(alive.size());
        assertThat(done.get("failed").asLong()).as("the dead instance's call").isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM calls WHERE state = 'DIALING'").query(Long.class)
                .single()).as("calls left DIALING").isZero();
        Map<String, Long> dialled = carrier.originates().stream()
                .collect(Collectors.groupingBy(AmiPeer.Originated::destination, Collectors.counting()));
        assertThat(dialled.keySet()).containsExactlyInAnyOrderElementsOf(alive);
        assertThat(dialled.values()).as("set-ups per contact").containsOnly(1L);
        assertThat(carrier.maxInProgress(TRUNK)).as("calls in progress at the carrier").isLessThanOrEqualTo(CAP);
        assertThat(jdbc.sql("SELECT sum(usage_count) FROM asterisk_dids WHERE segment = 'paused'")
                .query(Long.class).single()).as("uses").isEqualTo(alive.size());

        // the trunk is free again: its calls in progress are none, and a new campaign dials at once
        Function<ApiClient, JsonNode> trunkOf = client -> {
            for (JsonNode t : client.get("/api/asterisk/trunks").expect(200).json().get("items")) {
                if (t.get("name").asString().equals(TRUNK)) {
                    return t;
                }
            }
            throw new AssertionError("no trunk " + TRUNK);
        };
        assertThat(trunkOf.apply(tenant).get("callsInProgress").asLong()).isZero();
        List<String> more = contacts(16465553100L, 5);
        JsonNode next = finished(tenant, campaign(tenant, journey, more).get("id").asString(),
                Duration.ofSeconds(30));
        assertThat(next.get("completed").asLong()).isEqualTo(more.size());
    }

    /** The queued call to {@code destination} becomes a call in progress of an instance that has just proved alive. */
    private static String ghostDialling(JdbcClient jdbc, String destination) {
        jdbc.sql("INSERT INTO dialer_instances (id) VALUES ('ghost')").update();
        return jdbc.sql("""
                        UPDATE calls SET state = 'DIALING', owner = 'ghost', claimed_at = now(), attempts = 1
                         WHERE destination = :destination AND state = 'QUEUED'
                        RETURNING CAST(id AS text)""")
                .param("destination", destination)
                .query(String.class)
                .single();
    }

    private static String stateOf(JdbcClient jdbc, String call) {
        return jdbc.sql("SELECT state FROM calls WHERE id = CAST(:id AS uuid)").param("id", call).query(String.class)
                .single();
    }
}
