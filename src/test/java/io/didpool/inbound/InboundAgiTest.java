package io.didpool.inbound;

import static io.didpool.inbound.InboundFixtures.called;
import static io.didpool.inbound.InboundFixtures.did;
import static io.didpool.inbound.InboundFixtures.journey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The FastAGI script as Asterisk runs it: the variables it answers, in the order the dialplan needs (the decision
 * last), and the record each request leaves.
 */
class InboundAgiTest extends IntegrationTest {

    @Autowired
    InboundAgiServer server;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aCallbackIsAnsweredWithItsRouteAndCallerIdThenItsDecisionAndIsRecorded() {
        ApiClient tenant = newTenant();
        String didNumber = "+12125872001";
        String journey = journey(tenant, did(tenant, didNumber, "agi"), "+14155550501");
        String execution = called(tenant, journey, "+12125872002");

        AgiRequests.Answer answer = AgiRequests.ask(server.port(), didNumber, "+12125872002", "1733600000.11");

        assertThat(answer.variables()).containsEntry("DIDPOOL_ROUTE", "PJSIP/+14155550501@TWILIO")
                .containsEntry("DIDPOOL_CALLERID", didNumber).containsEntry("DIDPOOL_DECISION", "CALLBACK");
        // the decision after everything it needs (asterisk-java adds its own AJ_AGISTATUS at the end)
        assertThat(answer.variables().keySet().stream().filter(name -> name.startsWith("DIDPOOL_")).toList())
                .last().isEqualTo("DIDPOOL_DECISION");
        Map<String, Object> record = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                        "SELECT decision, execution_id::text AS execution, channel, did, caller FROM inbound_calls "
                                + "WHERE id = CAST(:id AS uuid)")
                .param("id", answer.recordId(jdbc)).query().listOfRows(), rows -> rows.size() == 1)
                .get(0);
        assertThat(record).containsEntry("decision", "CALLBACK").containsEntry("execution", execution)
                .containsEntry("channel", "1733600000.11").containsEntry("did", didNumber)
                .containsEntry("caller", "+12125872002");
    }

    @Test
    void aRefusalIsADecisionWithoutARouteAndAHostileUniqueIdIsNotKept() {
        double unknownBefore = unknownNumbers();
        String caller = "anonymous-" + System.nanoTime();
        AgiRequests.Answer answer = AgiRequests.ask(server.port(), "+19995550000", caller, "1;DROP");

        assertThat(answer.decision()).isEqualTo("UNKNOWN_NUMBER");
        // refused: no route is sent (the dialplan cleared it before asking)
        assertThat(answer.variables()).doesNotContainKey("DIDPOOL_ROUTE").doesNotContainKey("DIDPOOL_CALLERID");
        String channel = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                        "SELECT coalesce(channel, '-') FROM inbound_calls WHERE caller = :caller")
                .param("caller", caller).query(String.class).optional(), found -> found.isPresent()).get();
        assertThat(channel).isEqualTo("-");
        // the metric of inbound calls by decision
        assertThat(unknownNumbers()).isEqualTo(unknownBefore + 1);
    }

    private double unknownNumbers() {
        return meters.get("didpool.inbound.calls").tag("decision", "UNKNOWN_NUMBER").counter().count();
    }
}
