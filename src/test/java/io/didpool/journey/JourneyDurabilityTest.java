package io.didpool.journey;

import static io.didpool.journey.JourneyFixtures.dids;
import static io.didpool.journey.JourneyFixtures.execute;
import static io.didpool.journey.JourneyFixtures.finished;
import static io.didpool.journey.JourneyFixtures.journey;
import static io.didpool.journey.JourneyFixtures.makeCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.DidpoolApplication;
import io.didpool.asterisk.CallEnd;
import io.didpool.asterisk.CallOutcome;
import io.didpool.asterisk.CallStatus;
import io.didpool.asterisk.Dialer;
import io.didpool.asterisk.OutboundCall;
import io.didpool.asterisk.PlacedCall;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Whole instances of didpool, started and stopped on a database of their own: executions survive a restart and
 * several instances share them, each run exactly once.
 */
class JourneyDurabilityTest {

    private static final String CONTACT = "+14155550123";

    /** Every call the test dialer of these instances was asked to place. */
    private static final Queue<OutboundCall> CALLS = new ConcurrentLinkedQueue<>();

    @Test
    void executionsQueuedBeforeARestartRunExactlyOnceOnTheInstancesThatFollow() throws Exception {
        String database = TestDatabase.newDatabase("journey_restart");

        // An instance that accepts executions but runs none, then stops: the executions exist only in PostgreSQL.
        ConfigurableApplicationContext accepting = start(database, false);
        ApiClient.admin(accepting).put("/api/admin/trunks/TWILIO", java.util.Map.of("callsPerSecond", 200)).expect(200);
        ApiClient tenant = ApiClient.admin(accepting).newTenant("restart");
        List<String> dids = dids(tenant, 14155550100L, 4, "restart");
        String journey = journey(tenant, List.of(makeCall(null, "restart"))).get("id").asString();
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            executions.add(execute(tenant, journey, CONTACT));
        }
        assertThat(tenant.get("/api/journeys/" + journey + "/executions/" + executions.get(19)).expect(200).json()
                .get("status").asString()).isEqualTo("QUEUED");
        accepting.close();

        ConfigurableApplicationContext first = start(database, true);
        ConfigurableApplicationContext second = start(database, true);
        try {
            ApiClient viaFirst = ApiClient.admin(first).withToken(tenant.token());
            for (String execution : executions) {
                JsonNode done = finished(viaFirst, journey, execution);
                assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
                assertThat(done.get("steps")).hasSize(1);
            }
            assertThat(usage(viaFirst, dids)).containsOnly(5L);
            JsonNode step = viaFirst.get("/api/journeys/" + journey + "/executions/" + executions.get(0)).expect(200)
                    .json().get("steps").get(0);
            OutboundCall call = CALLS.stream().filter(c -> c.callId().equals(step.get("callId").asString()))
                    .findFirst().orElseThrow();
            assertThat(call).isEqualTo(new OutboundCall(step.get("callId").asString(), CONTACT,
                    step.get("did").get("number").asString(), "TWILIO", "custom/voice_template_123", "+14155550999"));
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            assertThat(attempts(jdbc, executions)).containsOnly(1);
            assertThat(queued(jdbc)).isZero();
            assertThat(CALLS).as("each execution called once").hasSize(20);

            // Both instances running: new executions are shared between them, and still each runs once.
            List<String> shared = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                shared.add(execute(viaFirst, journey, CONTACT));
            }
            for (String execution : shared) {
                assertThat(finished(viaFirst, journey, execution).get("status").asString()).isEqualTo("COMPLETED");
            }
            assertThat(attempts(jdbc, shared)).containsOnly(1);
            assertThat(usage(viaFirst, dids)).containsOnly(15L);
            assertThat(CALLS).as("each execution called once").hasSize(60);

            // Which instance wins each claim is a race (DialingTest shows two instances sharing a paced trunk); what
            // is certain is that the one left alone runs what the other accepted.
            first.close();
            ApiClient viaSecond = ApiClient.admin(second).withToken(tenant.token());
            String last = execute(viaSecond, journey, CONTACT);
            assertThat(finished(viaSecond, journey, last).get("status").asString()).isEqualTo("COMPLETED");
            assertThat(CALLS).as("each execution called once").hasSize(61);
        } finally {
            first.close();
            second.close();
        }
    }

    /**
     * An instance whose test dialer answers every call and ends it 100 ms later, as real calls take time, so that
     * work queued on one instance is taken by the other while the first is busy.
     */
    private static ConfigurableApplicationContext start(String database, boolean worker) throws IOException {
        return new SpringApplicationBuilder(DidpoolApplication.class)
                .initializers((GenericApplicationContext context) -> context.registerBean("slowDialer", Dialer.class,
                        () -> call -> {
                            CALLS.add(call);
                            return new PlacedCall(call.callId(), CompletableFuture.completedFuture(new CallOutcome(
                                    CallStatus.DRY_RUN, "PJSIP/" + call.destination() + "@" + call.trunk(),
                                    "test dialer")), CompletableFuture.supplyAsync(() -> new CallEnd(Instant.now(),
                                    CallEnd.Kind.DRY_RUN, null, "test dialer"),
                                    CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
                        }, definition -> definition.setPrimary(true)))
                // arguments, not default properties: they must win over application.properties
                .run("--server.port=0",
                        "--didpool.db.url=" + database,
                        "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                        "--didpool.data-dir=" + Files.createTempDirectory("didpool-durability"),
                        "--didpool.dialing.worker=" + worker);
    }

    private static List<Long> usage(ApiClient tenant, List<String> ids) {
        return ids.stream()
                .map(id -> tenant.get("/api/asterisk-dids/" + id).expect(200).json().get("usageCount").asLong())
                .toList();
    }

    /** Set-ups of each execution's call. */
    private static List<Integer> attempts(JdbcClient jdbc, List<String> executions) {
        return jdbc.sql("SELECT attempts FROM calls WHERE execution_id IN (:ids)")
                .param("ids", executions.stream().map(java.util.UUID::fromString).toList())
                .query(Integer.class).list();
    }

    private static long queued(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE state IN ('QUEUED', 'DIALING')").query(Long.class).single();
    }
}
