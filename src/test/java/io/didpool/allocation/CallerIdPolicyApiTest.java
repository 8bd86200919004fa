package io.didpool.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Segment policies, the DID's caller-ID fields and the "why" of every choice, over HTTP on the real database. */
class CallerIdPolicyApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    String create(ApiClient tenant, String number, String segment) {
        return tenant.createDid(number, segment).get("id").asString();
    }

    JsonNode allocate(ApiClient tenant, Map<String, Object> body) {
        return tenant.post("/api/asterisk-dids/allocate", body).expect(200).json();
    }

    @Test
    void aSegmentWithoutPolicyAnswersTheDefaultsAndAPutReplacesItWhole() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550100", "main");

        JsonNode none = tenant.get("/api/asterisk-dids/segments/main/policy").expect(200).json();
        assertThat(none.propertyNames()).containsExactlyInAnyOrder("localPresence", "maxCallsPerHour",
                "maxCallsPerDay", "stickyDays", "restBelowAnswerRate", "healthWindowCalls", "restHours",
                "localPresenceAcrossFallbacks");
        assertThat(none.get("localPresence").asBoolean()).isFalse();
        assertThat(none.get("maxCallsPerHour").isNull()).isTrue();
        assertThat(none.get("maxCallsPerDay").isNull()).isTrue();
        assertThat(none.get("stickyDays").asInt()).isZero();
        assertThat(none.get("restBelowAnswerRate").isNull()).isTrue();
        assertThat(none.get("healthWindowCalls").asInt()).isEqualTo(50);
        assertThat(none.get("restHours").asInt()).isEqualTo(24);

        JsonNode saved = tenant.put("/api/asterisk-dids/segments/main/policy", Map.of("localPresence", true,
                "maxCallsPerDay", 100, "restBelowAnswerRate", 0.15, "healthWindowCalls", 20)).expect(200).json();
        assertThat(saved.get("localPresence").asBoolean()).isTrue();
        assertThat(saved.get("maxCallsPerDay").asInt()).isEqualTo(100);
        assertThat(saved.get("restBelowAnswerRate").asDouble()).isEqualTo(0.15);
        assertThat(saved.get("restHours").asInt()).isEqualTo(24);
        assertThat(tenant.get("/api/asterisk-dids/segments/main/policy").json()).isEqualTo(saved);

        // fields left out take their defaults again
        JsonNode replaced = tenant.put("/api/asterisk-dids/segments/main/policy", Map.of("stickyDays", 3))
                .expect(200).json();
        assertThat(replaced.get("localPresence").asBoolean()).isFalse();
        assertThat(replaced.get("maxCallsPerDay").isNull()).isTrue();
        assertThat(replaced.get("stickyDays").asInt()).isEqualTo(3);
    }

    @Test
    void refusesInvalidPoliciesNamingTheFieldAndUnknownSegments() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550101", "main");
        String path = "/api/asterisk-dids/segments/main/policy";
        assertThat(tenant.put(path, Map.of("maxCallsPerHour", 0)).expect(400).body()).contains("maxCallsPerHour");
        assertThat(tenant.put(path, Map.of("restBelowAnswerRate", 1.5)).expect(400).body())
                .contains("restBelowAnswerRate");
        assertThat(tenant.put(path, Map.of("stickyDays", 400)).expect(400).body()).contains("stickyDays");
        assertThat(tenant.put(path, Map.of("healthWindowCalls", 0)).expect(400).body()).contains("healthWindowCalls");
        assertThat(tenant.put(path, Map.of("stickyDayz", 1)).expect(400).body()).contains("stickyDayz");
        tenant.get("/api/asterisk-dids/segments/nosuch/policy").expect(404);
        tenant.put("/api/asterisk-dids/segments/nosuch/policy", Map.of("stickyDays", 1)).expect(404);
        // another tenant's segment is unknown here
        newTenant().get("/api/asterisk-dids/segments/main/policy").expect(404);
    }

    @Test
    void aDidShowsItsAreaCodeRegionCallsAnswerRateAndRest() {
        ApiClient tenant = newTenant();
        String sf = create(tenant, "+14155550102", "geo");
        String toronto = create(tenant, "+14165550103", "geo");
        String london = create(tenant, "+442071234567", "geo");

        JsonNode did = tenant.get("/api/asterisk-dids/" + sf).expect(200).json();
        assertThat(did.get("areaCode").asString()).isEqualTo("415");
        assertThat(did.get("region").asString()).isEqualTo("CA");
        assertThat(did.get("callsLastHour").asLong()).isZero();
        assertThat(did.get("callsLastDay").asLong()).isZero();
        assertThat(did.get("answerRate").isNull()).isTrue();
        assertThat(did.get("restingUntil").isNull()).isTrue();
        assertThat(did.get("selectable").asBoolean()).isTrue();
        assertThat(tenant.get("/api/asterisk-dids/" + toronto).json().get("region").asString()).isEqualTo("ON");
        JsonNode uk = tenant.get("/api/asterisk-dids/" + london).json();
        assertThat(uk.get("areaCode").isNull()).isTrue();
        assertThat(uk.get("region").isNull()).isTrue();

        JsonNode taken = allocate(tenant, Map.of("didId", sf));
        assertThat(taken.get("did").get("callsLastHour").asLong()).isEqualTo(1);
        allocate(tenant, Map.of("didId", sf));
        JsonNode listed = tenant.get("/api/asterisk-dids?segment=geo").expect(200).json().get("items").get(0);
        assertThat(listed.get("number").asString()).isEqualTo("+14155550102");
        assertThat(listed.get("callsLastHour").asLong()).isEqualTo(2);
        assertThat(listed.get("callsLastDay").asLong()).isEqualTo(2);

        // an operator renumbers in SQL: area code and region follow at once
        jdbc.sql("UPDATE asterisk_dids SET number = '+12125550102' WHERE id = CAST(:id AS uuid)").param("id", sf)
                .update();
        JsonNode renumbered = tenant.get("/api/asterisk-dids/" + sf).json();
        assertThat(renumbered.get("areaCode").asString()).isEqualTo("212");
        assertThat(renumbered.get("region").asString()).isEqualTo("NY");
    }

    @Test
    void aRestingDidIsNotSelectableAndReturnsByItselfWhenItsTimeIsUp() {
        ApiClient tenant = newTenant();
        String id = create(tenant, "+14155550104", "rest");
        Instant until = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.MICROS);

        JsonNode resting = tenant.put("/api/asterisk-dids/" + id, Map.of("restingUntil", until.toString()))
                .expect(200).json();
        assertThat(Instant.parse(resting.get("restingUntil").asString())).isEqualTo(until);
        assertThat(resting.get("selectable").asBoolean()).isFalse();
        JsonNode refused = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "rest")).expect(409).json();
        assertThat(refused.get("detail").asString()).contains("segment rest", "1 resting");
        assertThat(refused.get("resting").asLong()).isEqualTo(1);
        assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of("didId", id)).expect(409).json()
                .get("detail").asString()).contains("resting until");
        assertThat(tenant.get("/api/asterisk-dids/usage?segment=rest").json().get("segments").get(0)
                .get("selectableDids").asLong()).isZero();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "rest")).status())
                        .isEqualTo(200));
        assertThat(tenant.get("/api/asterisk-dids/" + id).json().get("selectable").asBoolean()).isTrue();

        tenant.put("/api/asterisk-dids/" + id, Map.of("restingUntil", "2999-01-01T00:00:00Z")).expect(200);
        Map<String, Object> clear = new HashMap<>();
        clear.put("restingUntil", null);
        assertThat(tenant.put("/api/asterisk-dids/" + id, clear).expect(200).json().get("selectable").asBoolean())
                .isTrue();
        assertThat(tenant.put("/api/asterisk-dids/" + id, Map.of("restingUntil", "tomorrow")).expect(400).body())
                .contains("restingUntil");
    }

    @Test
    void localPresenceChoosesTheAreaCodeThenTheRegionThenAnyAndSaysSo() {
        ApiClient tenant = newTenant();
        String ny = create(tenant, "+12125550110", "local");
        String la = create(tenant, "+13105550111", "local");
        String sf = create(tenant, "+14155550112", "local");
        tenant.put("/api/asterisk-dids/segments/local/policy", Map.of("localPresence", true)).expect(200);

        JsonNode sameAreaCode = allocate(tenant, Map.of("segment", "local", "destination", "+14155559999"));
        assertThat(sameAreaCode.get("did").get("id").asString()).isEqualTo(sf);
        assertThat(sameAreaCode.get("match").asString()).isEqualTo("AREA_CODE");
        assertThat(sameAreaCode.get("segment").asString()).isEqualTo("local");
        assertThat(sameAreaCode.get("selectedBy").asString()).isEqualTo("SEGMENT");

        // 619 (San Diego) has no DID here; California does: the less used of 310 and 415 is 310
        JsonNode sameRegion = allocate(tenant, Map.of("segment", "local", "destination", "+16195559999"));
        assertThat(sameRegion.get("did").get("id").asString()).isEqualTo(la);
        assertThat(sameRegion.get("match").asString()).isEqualTo("REGION");

        JsonNode elsewhere = allocate(tenant, Map.of("segment", "local", "destination", "+13125559999"));
        assertThat(elsewhere.get("did").get("id").asString()).isEqualTo(ny);
        assertThat(elsewhere.get("match").asString()).isEqualTo("ANY");

        // next-available gives the same choice, counting nothing
        JsonNode peek = tenant.get("/api/asterisk-dids/next-available-by-segment?segment=local&destination=%2B14155550000")
                .expect(200).json();
        assertThat(peek.get("available").asBoolean()).isTrue();
        assertThat(peek.get("did").get("id").asString()).isEqualTo(sf);
        assertThat(peek.get("match").asString()).isEqualTo("AREA_CODE");
        assertThat(tenant.get("/api/asterisk-dids/" + sf).json().get("usageCount").asLong()).isEqualTo(1);

        // an operator moves the San Francisco DID to New York's area code in SQL: the next choice follows
        jdbc.sql("UPDATE asterisk_dids SET number = '+12125550112' WHERE id = CAST(:id AS uuid)").param("id", sf)
                .update();
        JsonNode moved = allocate(tenant, Map.of("segment", "local", "destination", "+14155559999"));
        assertThat(moved.get("did").get("id").asString()).isEqualTo(la);
        assertThat(moved.get("match").asString()).isEqualTo("REGION");

        // without a policy, a destination changes nothing
        create(tenant, "+14155550113", "plain");
        create(tenant, "+12125550114", "plain");
        JsonNode plain = allocate(tenant, Map.of("segment", "plain", "destination", "+12125559999"));
        assertThat(plain.get("did").get("number").asString()).isEqualTo("+12125550114");
        assertThat(plain.get("match").asString()).isEqualTo("ANY");
        JsonNode pinned = allocate(tenant, Map.of("didId", ny));
        assertThat(pinned.get("match").isNull()).isTrue();
        assertThat(pinned.get("segment").asString()).isEqualTo("local");
    }

    @Test
    void fallbackSegmentsAreTriedInOrderAndTheAnswerNamesTheOneThatServed() {
        ApiClient tenant = newTenant();
        String capped = create(tenant, "+14155550120", "first");
        create(tenant, "+14155550121", "second");
        String third = create(tenant, "+14155550122", "third");
        tenant.put("/api/asterisk-dids/segments/first/policy", Map.of("maxCallsPerHour", 1)).expect(200);
        jdbc.sql("UPDATE asterisk_dids SET status = 'inactive' WHERE number = '+14155550121'").update();

        JsonNode first = allocate(tenant, Map.of("segment", "first", "fallbackSegments", List.of("second", "third")));
        assertThat(first.get("did").get("id").asString()).isEqualTo(capped);
        assertThat(first.get("segment").asString()).isEqualTo("first");
        JsonNode fellBack = allocate(tenant, Map.of("segment", "first",
                "fallbackSegments", List.of("second", "third")));
        assertThat(fellBack.get("did").get("id").asString()).isEqualTo(third);
        assertThat(fellBack.get("segment").asString()).isEqualTo("third");
        assertThat(fellBack.get("match").asString()).isEqualTo("ANY");

        jdbc.sql("UPDATE asterisk_dids SET status = 'released' WHERE id = CAST(:id AS uuid)").param("id", third)
                .update();
        JsonNode none = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "first",
                "fallbackSegments", List.of("second", "third"))).expect(409).json();
        assertThat(none.get("detail").asString()).contains("segment first: 1 at their cap",
                "segment second: 0 at their cap of calls, 0 resting, 1 not selectable", "segment third");
        assertThat(none.get("capped").asLong()).isEqualTo(1);
        assertThat(none.get("notSelectable").asLong()).isEqualTo(2);

        assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of("fallbackSegments", List.of("second")))
                .expect(400).body()).contains("fallbackSegments");
        assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "first",
                "fallbackSegments", List.of("Not A Segment"))).expect(400).body()).contains("fallbackSegments");
        // a pinned DID at its cap is refused, never replaced
        assertThat(tenant.post("/api/asterisk-dids/allocate", Map.of("didId", capped)).expect(409).json()
                .get("detail").asString()).contains("at its cap", "maxCallsPerHour 1");
    }

    @Test
    void aStickyDestinationGetsItsLastDidWhileItIsUsableAndAnotherOtherwise() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550130", "sticky");
        create(tenant, "+14155550131", "sticky");
        create(tenant, "+14155550132", "sticky");
        tenant.put("/api/asterisk-dids/segments/sticky/policy", Map.of("stickyDays", 7, "maxCallsPerDay", 3))
                .expect(200);
        Map<String, Object> call = Map.of("segment", "sticky", "destination", "+13125550000");

        JsonNode first = allocate(tenant, call);
        assertThat(first.get("match").asString()).isEqualTo("ANY");
        String did = first.get("did").get("id").asString();
        JsonNode again = allocate(tenant, call);
        assertThat(again.get("did").get("id").asString()).isEqualTo(did);
        assertThat(again.get("match").asString()).isEqualTo("STICKY");
        assertThat(allocate(tenant, call).get("did").get("id").asString()).isEqualTo(did);
        // at its cap of 3 a day: another DID, which becomes the sticky one
        JsonNode capped = allocate(tenant, call);
        assertThat(capped.get("did").get("id").asString()).isNotEqualTo(did);
        assertThat(capped.get("match").asString()).isEqualTo("ANY");
        String next = capped.get("did").get("id").asString();
        assertThat(allocate(tenant, call).get("did").get("id").asString()).isEqualTo(next);

        // not selectable any more: another DID again
        jdbc.sql("UPDATE asterisk_dids SET status = 'quarantined' WHERE id = CAST(:id AS uuid)").param("id", next)
                .update();
        assertThat(allocate(tenant, call).get("did").get("id").asString()).isNotIn(did, next);
        // moved out of the segment: no longer sticky for it
        tenant.put("/api/asterisk-dids/segments/sticky/policy", Map.of("stickyDays", 7)).expect(200);
        String before = allocate(tenant, call).get("did").get("id").asString();
        tenant.put("/api/asterisk-dids/" + before, Map.of("segment", "elsewhere")).expect(200);
        assertThat(allocate(tenant, call).get("did").get("id").asString()).isNotEqualTo(before);
    }

    @Test
    void aCapSetAfterCallsCountsTheCallsMadeBeforeIt() {
        ApiClient tenant = newTenant();
        create(tenant, "+14155550140", "late");
        for (int i = 0; i < 3; i++) {
            allocate(tenant, Map.of("segment", "late"));
        }
        tenant.put("/api/asterisk-dids/segments/late/policy", Map.of("maxCallsPerHour", 3)).expect(200);

        JsonNode refused = tenant.post("/api/asterisk-dids/allocate", Map.of("segment", "late")).expect(409).json();
        assertThat(refused.get("capped").asLong()).isEqualTo(1);
    }

    @Test
    void aDidAtItsCapIsUsableAgainAtEveryLevelOnceItsOldestCallsLeaveTheWindow() {
        ApiClient tenant = newTenant();
        String did = create(tenant, "+14155550141", "window");
        create(tenant, "+12125550142", "window");
        tenant.put("/api/asterisk-dids/segments/window/policy", Map.of("localPresence", true, "maxCallsPerHour", 3))
                .expect(200);
        Map<String, Object> call = Map.of("segment", "window", "destination", "+14155559999");
        assertThat(allocate(tenant, call).get("match").asString()).isEqualTo("AREA_CODE");
        assertThat(allocate(tenant, call).get("did").get("id").asString()).isEqualTo(did);
        passes(did, 50);
        assertThat(allocate(tenant, call).get("did").get("id").asString()).isEqualTo(did);
        assertThat(allocate(tenant, call).get("match").asString()).isEqualTo("ANY");

        // the first two calls leave the hour, the third stays: its row still says three calls in the hour
        passes(did, 15);
        JsonNode again = allocate(tenant, call);
        assertThat(again.get("did").get("id").asString()).isEqualTo(did);
        assertThat(again.get("match").asString()).isEqualTo("AREA_CODE");
        // the third call and this one
        assertThat(again.get("did").get("callsLastHour").asLong()).isEqualTo(2);
    }

    /** Time passes for the DID: its calls, and what its row says of them, move {@code minutes} back. */
    private void passes(String did, int minutes) {
        jdbc.sql("UPDATE did_calls SET at = at - :m * INTERVAL '1 minute' WHERE did_id = CAST(:id AS uuid)")
                .param("m", minutes).param("id", did).update();
        jdbc.sql("""
                        UPDATE asterisk_dids SET last_used_at = last_used_at - :m * INTERVAL '1 minute',
                               last_call_at = last_call_at - :m * INTERVAL '1 minute',
                               calls_hour_since = calls_hour_since - :m * INTERVAL '1 minute',
                               calls_day_since = calls_day_since - :m * INTERVAL '1 minute'
                         WHERE id = CAST(:id AS uuid)""")
                .param("m", minutes).param("id", did).update();
    }

    @Test
    void aDidRenumberedInSqlServesItsNewRegionAtTheNextAllocation() {
        ApiClient tenant = newTenant();
        String did = create(tenant, "+12125550150", "moved");
        create(tenant, "+13125550151", "moved");
        tenant.put("/api/asterisk-dids/segments/moved/policy", Map.of("localPresence", true)).expect(200);
        // Los Angeles: no DID of California yet
        Map<String, Object> call = Map.of("segment", "moved", "destination", "+12135559999");
        assertThat(allocate(tenant, call).get("match").asString()).isEqualTo("ANY");

        // an operator moves the New York number to San Francisco, in SQL
        jdbc.sql("UPDATE asterisk_dids SET number = '+14155550150' WHERE id = CAST(:id AS uuid)").param("id", did)
                .update();
        JsonNode local = allocate(tenant, call);
        assertThat(local.get("did").get("id").asString()).isEqualTo(did);
        assertThat(local.get("match").asString()).isEqualTo("REGION");
    }

    @Test
    void localPresenceAcrossFallbacksFindsTheAreaCodeThenTheRegionInTheFallbacksBeforeAnyDid() {
        ApiClient tenant = newTenant();
        String texas = create(tenant, "+15125550160", "texas");
        String manhattan = create(tenant, "+12125550161", "ny-metro");
        String buffalo = create(tenant, "+17165550162", "ny-upstate");
        tenant.put("/api/asterisk-dids/segments/texas/policy", Map.of("localPresence", true)).expect(200);
        Map<String, Object> call = Map.of("segment", "texas", "fallbackSegments", List.of("ny-upstate", "ny-metro"),
                "destination", "+12125559999");

        // off (the default): the first segment serves with any of its DIDs, as before
        JsonNode off = allocate(tenant, call);
        assertThat(off.get("did").get("id").asString()).isEqualTo(texas);
        assertThat(off.get("segment").asString()).isEqualTo("texas");
        assertThat(off.get("match").asString()).isEqualTo("ANY");

        JsonNode policy = tenant.put("/api/asterisk-dids/segments/texas/policy", Map.of("localPresence", true,
                "localPresenceAcrossFallbacks", true)).expect(200).json();
        assertThat(policy.get("localPresenceAcrossFallbacks").asBoolean()).isTrue();
        // on: the area code over the fallbacks, in order (ny-metro has no policy of its own)
        JsonNode on = allocate(tenant, call);
        assertThat(on.get("did").get("id").asString()).isEqualTo(manhattan);
        assertThat(on.get("segment").asString()).isEqualTo("ny-metro");
        assertThat(on.get("match").asString()).isEqualTo("AREA_CODE");
        JsonNode peek = tenant.get("/api/asterisk-dids/next-available-by-segment?segment=texas"
                + "&fallbackSegments=ny-upstate&fallbackSegments=ny-metro&destination=%2B12125559999").expect(200).json();
        assertThat(peek.get("did").get("id").asString()).isEqualTo(manhattan);
        assertThat(peek.get("match").asString()).isEqualTo("AREA_CODE");

        // no 212 DID left: the region (New York) over the fallbacks comes before any Texas DID
        tenant.put("/api/asterisk-dids/" + manhattan, Map.of("status", "inactive")).expect(200);
        JsonNode region = allocate(tenant, call);
        assertThat(region.get("did").get("id").asString()).isEqualTo(buffalo);
        assertThat(region.get("segment").asString()).isEqualTo("ny-upstate");
        assertThat(region.get("match").asString()).isEqualTo("REGION");
        // nowhere local: any DID, the first segment first
        JsonNode any = allocate(tenant, Map.of("segment", "texas", "fallbackSegments", List.of("ny-metro"),
                "destination", "+13125559999"));
        assertThat(any.get("did").get("id").asString()).isEqualTo(texas);
        assertThat(any.get("match").asString()).isEqualTo("ANY");
        // nothing usable anywhere: one refusal per segment, as before
        jdbc.sql("UPDATE asterisk_dids SET status = 'inactive' WHERE number IN ('+15125550160', '+17165550162')")
                .update();
        JsonNode none = tenant.post("/api/asterisk-dids/allocate", call).expect(409).json();
        assertThat(none.get("notSelectable").asLong()).isEqualTo(3);

        assertThat(tenant.put("/api/asterisk-dids/segments/texas/policy", Map.of("localPresenceAcrossFallbacks",
                true)).expect(400).body()).contains("localPresenceAcrossFallbacks", "localPresence");
    }
}
