package io.didpool.inbound;

import static io.didpool.inbound.InboundFixtures.called;
import static io.didpool.inbound.InboundFixtures.did;
import static io.didpool.inbound.InboundFixtures.journey;
import static io.didpool.inbound.InboundFixtures.placedAgo;
import static io.didpool.inbound.InboundFixtures.segmentRoute;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The routing decision against the real database: which rule wins, the look-back's edges, the most recent call, a
 * number of two tenants, a renamed segment, a deleted journey, and what a caller may send.
 */
class InboundRouterTest extends IntegrationTest {

    private static final AtomicLong NUMBERS = new AtomicLong(12125871000L);

    @Autowired
    InboundRouter router;

    @Autowired
    JdbcClient jdbc;

    private static String number() {
        return "+" + NUMBERS.incrementAndGet();
    }

    @Test
    void aCallerCalledFromTheDidGetsTheCallbackRouteOfThatCallsJourney() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        String journey = journey(tenant, did(tenant, didNumber, "sales"), "+14155550123");
        String caller = number();
        String execution = called(tenant, journey, caller);

        Decision decision = router.decide(didNumber, caller);

        assertThat(decision.decision()).isEqualTo(InboundDecision.CALLBACK);
        assertThat(decision.executionId()).isEqualTo(UUID.fromString(execution));
        assertThat(decision.campaignId()).isNull();
        // forwarded over the DID's trunk, the DID as caller ID
        assertThat(decision.dialString()).isEqualTo("PJSIP/+14155550123@TWILIO");
        assertThat(decision.callerId()).isEqualTo(didNumber);
        assertThat(decision.reason()).contains(execution).contains("journey " + journey);
    }

    @Test
    void theLookBackEndsAfterItsDaysAndTheSegmentRouteTakesOver() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        segmentRoute(tenant, "edge", "PJSIP/front-desk");
        String journey = journey(tenant, did(tenant, didNumber, "edge"), "+14155550124");
        String caller = number();
        String execution = called(tenant, journey, caller);

        placedAgo(jdbc, execution, Duration.ofDays(7).minusMinutes(1));
        assertThat(router.decide(didNumber, caller).decision()).isEqualTo(InboundDecision.CALLBACK);

        placedAgo(jdbc, execution, Duration.ofDays(7).plusMinutes(1));
        Decision late = router.decide(didNumber, caller);
        assertThat(late.decision()).isEqualTo(InboundDecision.SEGMENT);
        assertThat(late.dialString()).isEqualTo("PJSIP/front-desk");
        // an endpoint keeps the caller's own caller ID
        assertThat(late.callerId()).isNull();
        assertThat(late.executionId()).isNull();
    }

    @Test
    void theMostRecentCallWins() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        String didId = did(tenant, didNumber, "recent");
        String older = journey(tenant, didId, "+14155550201");
        String newer = journey(tenant, didId, "+14155550202");
        String caller = number();
        String first = called(tenant, older, caller);
        String second = called(tenant, newer, caller);
        placedAgo(jdbc, first, Duration.ofHours(2));
        placedAgo(jdbc, second, Duration.ofHours(1));

        Decision decision = router.decide(didNumber, caller);
        assertThat(decision.route()).isEqualTo("+14155550202");
        assertThat(decision.executionId()).isEqualTo(UUID.fromString(second));

        placedAgo(jdbc, first, Duration.ofMinutes(5));
        assertThat(router.decide(didNumber, caller).route()).isEqualTo("+14155550201");
    }

    @Test
    void aCallFromAnotherDidOfTheTenantCountsOnlyWhenTheTenantMatchesAcrossItsDids() {
        ApiClient tenant = newTenant();
        String calling = number();
        String calledBack = number();
        String journey = journey(tenant, did(tenant, calling, "across"), "+14155550301");
        did(tenant, calledBack, "across");
        String caller = number();
        called(tenant, journey, caller);

        assertThat(router.decide(calledBack, caller).decision()).isEqualTo(InboundDecision.NO_ROUTE);

        tenant.put("/api/inbound/settings", Map.of("matchAcross", "TENANT")).expect(200);
        Decision across = router.decide(calledBack, caller);
        assertThat(across.decision()).isEqualTo(InboundDecision.CALLBACK);
        // forwarded with the DID that was called as caller ID, over its trunk
        assertThat(across.callerId()).isEqualTo(calledBack);
    }

    @Test
    void aNumberOfNoTenantIsUnknownAndOneOfTwoTenantsIsAmbiguous() {
        String shared = number();
        ApiClient one = newTenant();
        ApiClient two = newTenant();
        did(one, shared, null);

        assertThat(router.decide(number(), number()).decision()).isEqualTo(InboundDecision.UNKNOWN_NUMBER);
        Decision single = router.decide(shared, number());
        assertThat(single.decision()).isEqualTo(InboundDecision.NO_ROUTE);
        assertThat(single.tenant()).isNotNull();

        did(two, shared, null);
        Decision ambiguous = router.decide(shared, number());
        assertThat(ambiguous.decision()).isEqualTo(InboundDecision.AMBIGUOUS);
        assertThat(ambiguous.tenant()).isNull();
        assertThat(ambiguous.dialString()).isNull();
    }

    @Test
    void aRenamedSegmentKeepsItsRouteAndADeletedJourneyLeavesItsCallbacksToTheSegment() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        segmentRoute(tenant, "before", "+14155550402");
        String journey = journey(tenant, did(tenant, didNumber, "before"), "+14155550401");
        String caller = number();
        String execution = called(tenant, journey, caller);
        tenant.post("/api/asterisk-dids/segments/before/rename", Map.of("to", "after")).expect(200);
        tenant.delete("/api/journeys/" + journey).expect(204);

        Decision decision = router.decide(didNumber, caller);

        assertThat(decision.decision()).isEqualTo(InboundDecision.SEGMENT);
        assertThat(decision.segment()).isEqualTo("after");
        assertThat(decision.dialString()).isEqualTo("PJSIP/+14155550402@TWILIO");
        // still the execution it answers
        assertThat(decision.executionId()).isEqualTo(UUID.fromString(execution));
        assertThat(decision.reason()).contains("no callbackTo");
    }

    @Test
    void theTenantsDefaultRouteComesAfterTheSegments() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        did(tenant, didNumber, "plain");
        tenant.put("/api/inbound/settings", Map.of("defaultRoute", "PJSIP/operator")).expect(200);

        Decision decision = router.decide(didNumber, number());
        assertThat(decision.decision()).isEqualTo(InboundDecision.DEFAULT);
        assertThat(decision.dialString()).isEqualTo("PJSIP/operator");
    }

    @Test
    void whatACallerSendsIsReadAsANumberOrKeptAsCleanTextNeverRouted() {
        ApiClient tenant = newTenant();
        String didNumber = number();
        did(tenant, didNumber, null);

        Decision hostile = router.decide(didNumber, "\"evil\"\r\nSet(X=1);,|&${EXEC}\u202e");
        assertThat(hostile.decision()).isEqualTo(InboundDecision.NO_ROUTE);
        assertThat(hostile.caller()).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u202e");

        assertThat(router.decide("+1;x=1@evil", number()).decision()).isEqualTo(InboundDecision.UNKNOWN_NUMBER);
        assertThat(router.decide("+1" + "9".repeat(200), number()).did()).hasSizeLessThanOrEqualTo(16);
        // the number without its plus, as some carriers send it, is the same DID
        assertThat(router.decide(didNumber.substring(1), number()).tenant()).isNotNull();
    }
}
