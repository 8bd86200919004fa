package io.didpool.dialing;

import static org.awaitility.Awaitility.await;

import io.didpool.DidpoolApplication;
import io.didpool.asterisk.AmiPeer;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Whole didpool instances for the dialling tests: started on a database of their own, placing calls over AMI to an
 * {@link AmiPeer} that plays the carrier; and the HTTP steps the tests take through them.
 */
final class DialingInstances {

    private DialingInstances() {
    }

    /** An instance on {@code database} dialling through {@code peer}; {@code extra} arguments replace defaults. */
    static ConfigurableApplicationContext start(String database, AmiPeer peer, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--didpool.db.url=" + database,
                "--didpool.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "--didpool.data-dir=" + tempDir(),
                "--didpool.ami.host=127.0.0.1",
                "--didpool.ami.port=" + peer.port(),
                "--didpool.ami.username=" + AmiPeer.USERNAME,
                "--didpool.ami.password=" + AmiPeer.PASSWORD,
                "--didpool.asterisk.ring-timeout=2s",
                "--didpool.dialing.heartbeat=1s",
                "--didpool.dialing.retry-backoff=300ms"));
        args.addAll(List.of(extra));
        Map<String, String> byName = new LinkedHashMap<>();
        args.forEach(arg -> byName.put(arg.substring(0, arg.indexOf('=')), arg));
        // arguments, not default properties: they must win over application.properties
        return new SpringApplicationBuilder(DidpoolApplication.class).run(byName.values().toArray(new String[0]));
    }

    static ApiClient as(ConfigurableApplicationContext instance, ApiClient tenant) {
        return ApiClient.admin(instance).withToken(tenant.token());
    }

    static JdbcClient jdbc(ConfigurableApplicationContext instance) {
        return instance.getBean(JdbcClient.class);
    }

    /** Sets the trunk's limits (null cap: none). */
    static void trunk(ApiClient admin, String name, double callsPerSecond, Integer maxConcurrentCalls) {
        Map<String, Object> body = new HashMap<>();
        body.put("callsPerSecond", callsPerSecond);
        body.put("maxConcurrentCalls", maxConcurrentCalls);
        admin.put("/api/admin/trunks/" + name, body).expect(200);
    }

    /** A journey of one MAKE_CALL node on a segment of {@code dids} DIDs on the trunk; answers its id. */
    static String journeyOnTrunk(ApiClient tenant, String trunk, String segment, long firstNumber, int dids) {
        for (int i = 0; i < dids; i++) {
            tenant.post("/api/asterisk-dids", Map.of("number", "+" + (firstNumber + i), "segment", segment,
                    "trunk", trunk)).expect(201);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("didSegment", segment);
        return tenant.post("/api/journeys", Map.of("name", segment,
                "nodes", List.of(Map.of("type", "MAKE_CALL", "config", config)))).expect(201).json().get("id")
                .asString();
    }

    /** {@code count} distinct contacts numbered from {@code first}. */
    static List<String> contacts(long first, int count) {
        return Stream.iterate(first, n -> n + 1).limit(count).map(n -> "+" + n).toList();
    }

    static JsonNode campaign(ApiClient tenant, String journey, List<String> contacts) {
        return tenant.post("/api/campaigns", Map.of("journeyId", journey, "name", "campaign",
                "contacts", contacts.stream().map(c -> Map.of("phoneNumber", c)).toList())).expect(201).json();
    }

    /** Waits until the campaign has no execution queued or running, and answers it. */
    static JsonNode finished(ApiClient tenant, String campaignId, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> tenant.get("/api/campaigns/" + campaignId).expect(200).json(),
                        c -> c.get("queued").asLong() == 0 && c.get("running").asLong() == 0);
    }

    /** Every execution of the campaign, with its steps. */
    static List<JsonNode> executions(ApiClient tenant, String campaignId) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = tenant.get("/api/campaigns/" + campaignId + "/executions?size=500&page=" + page)
                    .expect(200).json();
            answer.get("items").forEach(all::add);
            if (all.size() >= answer.get("total").asLong()) {
                return all;
            }
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("didpool-dialing").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
