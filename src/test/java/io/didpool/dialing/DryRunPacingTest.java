package io.didpool.dialing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Without Asterisk, calls are paced exactly as they would be through it: pacing can be tried on a dry run. */
class DryRunPacingTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DialingProperties dialing;

    @Test
    void theDryRunDialerIsPacedByItsTrunksCallsPerSecond() {
        api().withToken(ADMIN_TOKEN).put("/api/admin/trunks/DRY2", Map.of("callsPerSecond", 2)).expect(200);
        ApiClient tenant = newTenant();
        tenant.post("/api/asterisk-dids", Map.of("number", "+14155550100", "segment", "dry", "trunk", "DRY2"))
                .expect(201);
        String journey = tenant.post("/api/journeys", Map.of("name", "dry", "nodes", List.of(Map.of(
                "type", "MAKE_CALL", "config", Map.of("didSegment", "dry"))))).expect(201).json().get("id")
                .asString();
        String campaign = tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "dry", "contacts",
                List.of(Map.of("phoneNumber", "+14155550001"), Map.of("phoneNumber", "+14155550002"),
                        Map.of("phoneNumber", "+14155550003"), Map.of("phoneNumber", "+14155550004"))))
                .expect(201).json().get("id").asString();

        await().atMost(Duration.ofSeconds(60)).until(() -> tenant.get("/api/campaigns/" + campaign).expect(200)
                .json().get("completed").asLong() == 4);

        List<Timestamp> slots = jdbc.sql("SELECT slot_at FROM calls WHERE trunk = 'DRY2' ORDER BY slot_at")
                .query(Timestamp.class).list();
        assertThat(slots).hasSize(4);
        Duration interval = Duration.ofNanos(Pacing.of(2, dialing).intervalNanos());
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1).toInstant(), slots.get(i).toInstant()))
                    .as("between set-ups %d and %d", i - 1, i).isGreaterThanOrEqualTo(interval.minusNanos(1000));
        }
    }
}
