package io.didpool.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.DidpoolApplication;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.didpool.testsupport.PausableDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database stops answering (its processes paused) while calls come in: Asterisk waits for an AGI answer as long
 * as didpool likes, so didpool must answer within its 500 ms whatever the database does. It answers no decision (the
 * dialplan's fallback route takes the call), and records each such call as FALLBACK once the database is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundDatabasePauseTest {

    private PausableDatabase database;
    private ConfigurableApplicationContext instance;

    @BeforeAll
    void instance() throws Exception {
        database = PausableDatabase.start();
        instance = new SpringApplicationBuilder(DidpoolApplication.class).run("--server.port=0",
                "--didpool.db.url=" + database.jdbcUrl(),
                "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "--didpool.data-dir=" + Files.createTempDirectory("didpool-inbound-pause"),
                "--didpool.agi.bind=127.0.0.1:0",
                "--didpool.db.connection-timeout=2s", "--didpool.db.socket-timeout=3s",
                "--didpool.db.statement-timeout=2s", "--didpool.db.lock-timeout=1s");
    }

    @AfterAll
    void stop() {
        instance.close();
        database.close();
    }

    @Test
    void withTheDatabasePausedEveryCallIsAnsweredInTimeWithNoDecisionAndRecordedOnceItIsBack() throws Exception {
        ApiClient tenant = ApiClient.admin(instance).newTenant("paused");
        InboundFixtures.did(tenant, "+12125873001", null);
        int port = instance.getBean(InboundAgiServer.class).port();
        assertThat(AgiRequests.ask(port, "+12125873001", "+12125873002", "1733600001.1").decision())
                .isEqualTo("NO_ROUTE");

        List<AgiRequests.Answer> answers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(24);
        PausableDatabase.Paused paused = database.pause();
        try {
            // more calls at once than the decision pool has threads: those stuck on the database must not hold
            // the others
            List<Future<AgiRequests.Answer>> asked = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String caller = "+1212587310" + (i % 10);
                String channel = "1733600002." + i;
                asked.add(callers.submit(() -> AgiRequests.ask(port, "+12125873001", caller, channel)));
            }
            for (Future<AgiRequests.Answer> answer : asked) {
                answers.add(answer.get());
            }
        } finally {
            paused.resume();
            callers.shutdownNow();
        }

        for (AgiRequests.Answer answer : answers) {
            assertThat(answer.variables()).doesNotContainKey("DIDPOOL_DECISION").doesNotContainKey("DIDPOOL_ROUTE");
            // the contract's bound is 1 s (the dialplan's fallback); didpool's own is 500 ms
            assertThat(answer.millis()).isLessThan(1000);
        }
        JdbcClient jdbc = instance.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT count(*) FROM inbound_calls WHERE decision = 'FALLBACK' AND channel LIKE '1733600002.%'")
                .query(Long.class).single()).isEqualTo(24));
        Map<String, Object> one = jdbc.sql("SELECT did, caller, reason, tenant_id FROM inbound_calls "
                + "WHERE channel = '1733600002.3'").query().singleRow();
        assertThat(one).containsEntry("did", "+12125873001").containsEntry("caller", "+12125873103");
        assertThat((String) one.get("reason")).contains("fallback route");
    }
}
