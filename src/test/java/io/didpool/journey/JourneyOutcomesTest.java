package io.didpool.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.DidpoolApplication;
import io.didpool.asterisk.AmiPeer;
import io.didpool.asterisk.Dialer;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What a journey step and its execution record for each way a call can end, through the AMI peer playing the carrier:
 * answered, no answer, busy, congestion at every attempt, an Originate Asterisk refuses, and a dialer that throws.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JourneyOutcomesTest {

    private final AmiPeer carrier = new AmiPeer().carrier(1000, Duration.ofMillis(200), Duration.ofMillis(200));
    private ConfigurableApplicationContext instance;
    private ApiClient tenant;
    private String journey;

    @BeforeAll
    void start() throws Exception {
        instance = instance(null);
        tenant = ApiClient.admin(instance).newTenant("outcomes");
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550100", "segment", "main", "trunk", "OUT"))
                .expect(201);
        ApiClient.admin(instance).put("/api/admin/trunks/OUT", Map.of("callsPerSecond", 1000)).expect(200);
        journey = tenant.post("/api/journeys", Map.of("name", "two calls", "nodes", List.of(
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "main")),
                Map.of("type", "MAKE_CALL", "config", Map.of("didSegment", "main"))))).expect(201).json()
                .get("id").asString();
    }

    @AfterAll
    void stop() {
        instance.close();
        carrier.close();
    }

    @Test
    void anAnsweredCallCompletesItsStepAndTheNextNodeCallsAfterItEnds() {
        JsonNode done = run("+14165550001");

        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("steps")).hasSize(2).allSatisfy(step -> {
            assertThat(step.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(step.get("outcome").asString()).isEqualTo("ANSWERED");
            assertThat(step.get("attempts").asInt()).isEqualTo(1);
            assertThat(step.get("channel").asString()).startsWith("PJSIP/OUT-");
            assertThat(step.get("error").isNull()).isTrue();
        });
        List<AmiPeer.Originated> calls = calls("+14165550001");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).arrivedNanos()).as("the second node calls once the first call has ended")
                .isGreaterThanOrEqualTo(calls.get(0).endsNanos());
    }

    @Test
    void busyAndNoAnswerCompleteTheStepWithThatOutcomeAndTheExecutionGoesOn() {
        carrier.callee("+14165550002", AmiPeer.Callee.BUSY).callee("+14165550003", AmiPeer.Callee.NO_ANSWER);

        JsonNode busy = run("+14165550002");
        JsonNode noAnswer = run("+14165550003");

        assertThat(busy.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(busy.get("steps")).extracting(step -> step.get("outcome").asString()).containsOnly("BUSY");
        assertThat(noAnswer.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(noAnswer.get("steps")).extracting(step -> step.get("outcome").asString())
                .containsOnly("NO_ANSWER");
        assertThat(calls("+14165550002")).hasSize(2);
    }

    @Test
    void aSetUpRefusedAtEveryAttemptEndsAsCongestionAfterTheLastAttempt() {
        ApiClient.admin(instance).put("/api/admin/trunks/REFUSING", Map.of("callsPerSecond", 1000)).expect(200);
        carrier.callsPerSecond("REFUSING", 0);
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550200", "segment", "refusing", "trunk",
                "REFUSING")).expect(201);
        String refusing = tenant.post("/api/journeys", Map.of("name", "refused", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "refusing"))))).expect(201).json()
                .get("id").asString();

        JsonNode done = run(refusing, "+14165550004");

        JsonNode step = done.get("steps").get(0);
        assertThat(step.get("outcome").asString()).isEqualTo("CONGESTION");
        assertThat(step.get("attempts").asInt()).isEqualTo(3);
        assertThat(calls("+14165550004")).hasSize(3);
    }

    @Test
    void anOriginateAsteriskRefusesFailsTheStepAndTheExecution() throws Exception {
        try (AmiPeer refusing = new AmiPeer()) {
            refusing.refuseOriginate("Extension does not exist.");
            ConfigurableApplicationContext other = instance(refusing);
            try {
                ApiClient otherTenant = prepare(other);
                JsonNode done = run(otherTenant, otherJourney(otherTenant), "+14165550005");
                assertThat(done.get("status").asString()).isEqualTo("FAILED");
                assertThat(done.get("steps")).hasSize(1);
                JsonNode step = done.get("steps").get(0);
                assertThat(step.get("status").asString()).isEqualTo("FAILED");
                assertThat(step.get("outcome").asString()).isEqualTo("FAILED");
                assertThat(step.get("error").asString()).contains("Extension does not exist.");
            } finally {
                other.close();
            }
        }
    }

    @Test
    void aDialerThatThrowsFailsTheStepWithoutSayingWhatItThrew() throws Exception {
        ConfigurableApplicationContext broken = new SpringApplicationBuilder(DidpoolApplication.class)
                .initializers((GenericApplicationContext context) -> context.registerBean("brokenDialer",
                        Dialer.class, () -> call -> {
                            throw new IllegalStateException("secret internals");
                        }, definition -> definition.setPrimary(true)))
                .run(arguments(null));
        try {
            ApiClient brokenTenant = prepare(broken);
            JsonNode done = run(brokenTenant, otherJourney(brokenTenant), "+14165550006");
            assertThat(done.get("status").asString()).isEqualTo("FAILED");
            JsonNode step = done.get("steps").get(0);
            assertThat(step.get("error").asString()).isEqualTo("the dialer failed unexpectedly; it has been logged");
            assertThat(step.get("outcome").isNull()).isTrue();
        } finally {
            broken.close();
        }
    }

    private JsonNode run(String contact) {
        return run(journey, contact);
    }

    private JsonNode run(String journeyId, String contact) {
        return run(tenant, journeyId, contact);
    }

    private static JsonNode run(ApiClient tenant, String journeyId, String contact) {
        String execution = JourneyFixtures.execute(tenant, journeyId, contact);
        String path = "/api/journeys/" + journeyId + "/executions/" + execution;
        return await().atMost(Duration.ofSeconds(60)).until(() -> tenant.get(path).expect(200).json(),
                e -> List.of("COMPLETED", "FAILED").contains(e.get("status").asString()));
    }

    private List<AmiPeer.Originated> calls(String destination) {
        return carrier.originates().stream().filter(o -> o.destination().equals(destination)).toList();
    }

    private static ApiClient prepare(ConfigurableApplicationContext instance) {
        ApiClient tenant = ApiClient.admin(instance).newTenant("other");
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550300", "segment", "other")).expect(201);
        ApiClient.admin(instance).put("/api/admin/trunks/TWILIO", Map.of("callsPerSecond", 1000)).expect(200);
        return tenant;
    }

    private static String otherJourney(ApiClient tenant) {
        return tenant.post("/api/journeys", Map.of("name", "other", "nodes", List.of(Map.of("type", "MAKE_CALL",
                "config", Map.of("didSegment", "other"))))).expect(201).json().get("id").asString();
    }

    /** An instance dialling through {@code peer} (this class's carrier when null), on a database of its own. */
    private ConfigurableApplicationContext instance(AmiPeer peer) throws Exception {
        return new SpringApplicationBuilder(DidpoolApplication.class).run(arguments(peer == null ? carrier : peer));
    }

    private static String[] arguments(AmiPeer peer) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0",
                "--didpool.db.url=" + TestDatabase.newDatabase("outcomes"),
                "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "--didpool.data-dir=" + Files.createTempDirectory("didpool-outcomes"),
                "--didpool.asterisk.ring-timeout=1s",
                "--didpool.dialing.retry-backoff=100ms"));
        if (peer != null) {
            args.addAll(List.of("--didpool.ami.host=127.0.0.1", "--didpool.ami.port=" + peer.port(),
                    "--didpool.ami.username=" + AmiPeer.USERNAME, "--didpool.ami.password=" + AmiPeer.PASSWORD));
        }
        return args.toArray(new String[0]);
    }
}
