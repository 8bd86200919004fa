package io.didpool.journey;

import static io.didpool.journey.JourneyFixtures.dids;
import static io.didpool.journey.JourneyFixtures.execute;
import static io.didpool.journey.JourneyFixtures.finished;
import static io.didpool.journey.JourneyFixtures.journey;
import static io.didpool.journey.JourneyFixtures.makeCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Executions end to end through HTTP, with the dry-run dialer: which DID each MAKE_CALL node dials with. */
class JourneyExecutionTest extends IntegrationTest {

    private static final String CONTACT = "+14155550123";

    @Autowired
    MeterRegistry meters;

    @Test
    void aJourneyOnASegmentOfFiveDidsExecuted50TimesUsesEachDid10Times() {
        ApiClient tenant = newTenant();
        List<String> segment = dids(tenant, 14155550100L, 5, "rotation");
        List<String> outside = dids(tenant, 14155550200L, 2, "elsewhere");
        String journey = journey(tenant, List.of(makeCall(null, "rotation"))).get("id").asString();
        double dryRunsBefore = meters.counter("didpool.calls", "outcome", "DRY_RUN").count();

        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            executions.add(execute(tenant, journey, CONTACT));
        }
        List<JsonNode> steps = new ArrayList<>();
        for (String execution : executions) {
            JsonNode done = finished(tenant, journey, execution);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("contact").get("phoneNumber").asString()).isEqualTo(CONTACT);
            assertThat(done.get("steps")).hasSize(1);
            steps.add(done.get("steps").get(0));
        }

        Map<String, Long> uses = steps.stream()
                .collect(Collectors.groupingBy(s -> s.get("did").get("id").asString(), TreeMap::new,
                        Collectors.counting()));
        assertThat(uses.keySet()).containsExactlyInAnyOrderElementsOf(segment);
        assertThat(uses.values()).containsOnly(10L);
        JsonNode step = steps.get(0);
        assertThat(step.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(step.get("type").asString()).isEqualTo("MAKE_CALL");
        assertThat(step.get("selectedBy").asString()).isEqualTo("SEGMENT");
        assertThat(step.get("destination").asString()).isEqualTo(CONTACT);
        assertThat(step.get("did").get("segment").asString()).isEqualTo("rotation");
        assertThat(step.get("did").get("trunk").asString()).isEqualTo("TWILIO");
        assertThat(step.get("channel").asString()).isEqualTo("PJSIP/" + CONTACT + "@TWILIO");
        assertThat(step.get("outcome").asString()).isEqualTo("DRY_RUN");
        assertThat(step.get("error").isNull()).isTrue();
        for (String id : segment) {
            assertThat(tenant.get("/api/asterisk-dids/" + id).expect(200).json().get("usageCount").asLong())
                    .isEqualTo(10);
        }
        for (String id : outside) {
            assertThat(tenant.get("/api/asterisk-dids/" + id).expect(200).json().get("usageCount").asLong()).isZero();
        }
        assertThat(meters.counter("didpool.calls", "outcome", "DRY_RUN").count()).isGreaterThanOrEqualTo(
                dryRunsBefore + 50);
    }

    @Test
    void aPinnedDidIsUsedEveryTimeEvenWhenASegmentIsAlsoNamed() {
        ApiClient tenant = newTenant();
        List<String> ids = dids(tenant, 14155550100L, 3, "main");
        String journey = journey(tenant, List.of(makeCall(ids.get(1), "main"))).get("id").asString();

        for (int i = 0; i < 5; i++) {
            JsonNode step = finished(tenant, journey, execute(tenant, journey, CONTACT)).get("steps").get(0);
            assertThat(step.get("did").get("id").asString()).isEqualTo(ids.get(1));
            assertThat(step.get("did").get("number").asString()).isEqualTo("+14155550101");
            assertThat(step.get("selectedBy").asString()).isEqualTo("DID_ID");
        }
        assertThat(usage(tenant, ids)).containsExactly(0L, 5L, 0L);
    }

    @Test
    void aNodeWithoutDidOrSegmentRotatesOverAllTheTenantsDids() {
        ApiClient tenant = newTenant();
        List<String> ids = new ArrayList<>();
        ids.addAll(dids(tenant, 14155550100L, 1, "a"));
        ids.addAll(dids(tenant, 14155550200L, 1, "b"));
        ids.addAll(dids(tenant, 14155550300L, 1, null));
        String journey = journey(tenant, List.of(makeCall(null, null))).get("id").asString();

        for (int i = 0; i < 6; i++) {
            JsonNode step = finished(tenant, journey, execute(tenant, journey, CONTACT)).get("steps").get(0);
            assertThat(step.get("selectedBy").asString()).isEqualTo("DEFAULT");
        }
        assertThat(usage(tenant, ids)).containsExactly(2L, 2L, 2L);
    }

    @Test
    void runsNodesInOrderRecordingOneStepEach() {
        ApiClient tenant = newTenant();
        List<String> ids = dids(tenant, 14155550100L, 2, "main");
        String journey = journey(tenant, List.of(makeCall(ids.get(1), null), makeCall(ids.get(0), null),
                makeCall(null, "main"))).get("id").asString();
        JsonNode done = finished(tenant, journey, execute(tenant, journey, CONTACT));
        JsonNode nodes = tenant.get("/api/journeys/" + journey).expect(200).json().get("nodes");

        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("steps")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(done.get("steps").get(i).get("nodeId")).isEqualTo(nodes.get(i).get("id"));
        }
        assertThat(done.get("steps").get(0).get("did").get("id").asString()).isEqualTo(ids.get(1));
        assertThat(done.get("steps").get(1).get("did").get("id").asString()).isEqualTo(ids.get(0));
        assertThat(done.get("steps").get(2).get("selectedBy").asString()).isEqualTo("SEGMENT");
    }

    @Test
    void aSegmentEmptiedAfterTheJourneyWasSavedFailsTheStepWithTheReasonAndDialsNothing() {
        ApiClient tenant = newTenant();
        List<String> doomed = dids(tenant, 14155550100L, 2, "doomed");
        String spare = dids(tenant, 14155550200L, 1, "spare").get(0);
        String journey = journey(tenant, List.of(makeCall(null, "doomed"), makeCall(spare, null)))
                .get("id").asString();
        tenant.put("/api/asterisk-dids/" + doomed.get(0), Map.of("status", "inactive")).expect(200);
        tenant.put("/api/asterisk-dids/" + doomed.get(1), Map.of("segment", "elsewhere")).expect(200);
        double notPlacedBefore = meters.counter("didpool.calls", "outcome", "NOT_PLACED").count();

        JsonNode done = finished(tenant, journey, execute(tenant, journey, CONTACT));

        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").asString()).contains("node 0");
        assertThat(done.get("steps")).as("the node after the failed one does not run").hasSize(1);
        JsonNode step = done.get("steps").get(0);
        assertThat(step.get("status").asString()).isEqualTo("FAILED");
        assertThat(step.get("error").asString()).contains("no usable DID in segment doomed", "1 not selectable");
        assertThat(step.get("did").isNull()).isTrue();
        assertThat(step.get("outcome").isNull()).isTrue();
        assertThat(usage(tenant, List.of(doomed.get(0), doomed.get(1), spare))).containsOnly(0L);
        assertThat(meters.counter("didpool.calls", "outcome", "NOT_PLACED").count()).isEqualTo(notPlacedBefore + 1);
    }

    @Test
    void aPinnedDidNoLongerSelectableFailsTheStepSayingSoAndNeverDialsAnotherNumber() {
        ApiClient tenant = newTenant();
        List<String> ids = dids(tenant, 14155550100L, 3, "main");
        String quarantined = journey(tenant, List.of(makeCall(ids.get(0), "main"))).get("id").asString();
        String deleted = journey(tenant, List.of(makeCall(ids.get(1), "main"))).get("id").asString();
        tenant.put("/api/asterisk-dids/" + ids.get(0), Map.of("status", "quarantined")).expect(200);
        tenant.delete("/api/asterisk-dids/" + ids.get(1)).expect(204);

        JsonNode first = finished(tenant, quarantined, execute(tenant, quarantined, CONTACT));
        assertThat(first.get("status").asString()).isEqualTo("FAILED");
        assertThat(first.get("steps").get(0).get("error").asString())
                .contains("+14155550100").contains("quarantined").contains("not selectable");

        JsonNode second = finished(tenant, deleted, execute(tenant, deleted, CONTACT));
        assertThat(second.get("status").asString()).isEqualTo("FAILED");
        assertThat(second.get("steps").get(0).get("error").asString()).contains("no DID with id " + ids.get(1));

        assertThat(usage(tenant, List.of(ids.get(0), ids.get(2)))).containsOnly(0L);
    }

    /**
     * Executions are running while the DID is deactivated. The DID's usage count returned by the deactivating PUT
     * is final: exactly that many steps used it, and no execution queued after the PUT did.
     */
    @Test
    void aDidDeactivatedMidRunIsNeverUsedAfterwards() {
        ApiClient tenant = newTenant();
        List<String> ids = dids(tenant, 14155550100L, 3, "live");
        String victim = ids.get(0);
        String journey = journey(tenant, List.of(makeCall(null, "live"))).get("id").asString();

        List<String> before = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            before.add(execute(tenant, journey, CONTACT));
        }
        long usesAtDeactivation = tenant.put("/api/asterisk-dids/" + victim, Map.of("status", "inactive"))
                .expect(200).json().get("usageCount").asLong();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            after.add(execute(tenant, journey, CONTACT));
        }

        Function<String, String> didOf = execution -> {
            JsonNode done = finished(tenant, journey, execution);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
            return done.get("steps").get(0).get("did").get("id").asString();
        };
        List<String> usedBefore = before.stream().map(didOf).toList();
        List<String> usedAfter = after.stream().map(didOf).toList();

        assertThat(usedAfter).doesNotContain(victim);
        assertThat(usedBefore.stream().filter(victim::equals).count()).isEqualTo(usesAtDeactivation);
        assertThat(usage(tenant, List.of(victim))).containsExactly(usesAtDeactivation);
        assertThat(usage(tenant, ids.subList(1, 3)).stream().mapToLong(Long::longValue).sum())
                .isEqualTo(50 - usesAtDeactivation);
    }

    private static List<Long> usage(ApiClient tenant, List<String> ids) {
        return ids.stream()
                .map(id -> tenant.get("/api/asterisk-dids/" + id).expect(200).json().get("usageCount").asLong())
                .toList();
    }
}
