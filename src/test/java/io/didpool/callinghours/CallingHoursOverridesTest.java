package io.didpool.callinghours;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.tenant.TenantId;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A journey's and a campaign's own calling hours: carried by their API (null inherits), validated under
 * {@code callingHours}, audited, gone with a deleted journey, and resolved campaign > journey > tenant > default.
 */
class CallingHoursOverridesTest extends IntegrationTest {

    @Autowired
    CallingHoursService hours;

    /** Hours told apart by their one closed date. */
    static String hoursClosedOn(String date) {
        return CallingHoursApiTest.HOURS.replace("\"closedDates\":[\"2027-12-25\",\"2027-01-01\"]",
                "\"closedDates\":[\"" + date + "\"]");
    }

    @Test
    void aJourneyCarriesItsOwnHoursAndNullHasItsTenants() {
        ApiClient tenant = newTenant();

        JsonNode created = tenant.send("POST", "/api/journeys", "application/json",
                journey("own", hoursClosedOn("2030-01-01"))).expect(201).json();
        String id = created.get("id").asString();
        assertThat(closedDates(created.get("callingHours"))).containsExactly("2030-01-01");
        assertThat(created.get("callingHours").get("days").propertyNames())
                .containsExactlyElementsOf(CallingHoursApiTest.DAYS);
        JsonNode read = tenant.get("/api/journeys/" + id).expect(200).json();
        assertThat(read.get("callingHours")).isEqualTo(created.get("callingHours"));
        assertThat(tenant.get("/api/journeys").expect(200).json().get("items").get(0).get("callingHours"))
                .isEqualTo(created.get("callingHours"));

        // a journey read with GET and sent back keeps its hours
        assertThat(tenant.put("/api/journeys/" + id, read).expect(200).json().get("callingHours"))
                .isEqualTo(created.get("callingHours"));

        JsonNode inheriting = tenant.put("/api/journeys/" + id, Map.of("name", "own", "nodes", List.of()))
                .expect(200).json();
        assertThat(inheriting.get("callingHours").isNull()).isTrue();
        assertThat(tenant.get("/api/journeys/" + id).expect(200).json().get("callingHours").isNull()).isTrue();
        assertThat(tenant.post("/api/journeys", Map.of("name", "plain")).expect(201).json().get("callingHours")
                .isNull()).isTrue();
    }

    @Test
    void aCampaignCarriesItsOwnHoursAndNullHasItsJourneys() {
        ApiClient tenant = newTenant();
        String journey = tenant.post("/api/journeys", Map.of("name", "j")).expect(201).json().get("id").asString();

        JsonNode created = tenant.send("POST", "/api/campaigns", "application/json",
                campaign(journey, hoursClosedOn("2031-01-01"))).expect(201).json();
        assertThat(closedDates(created.get("callingHours"))).containsExactly("2031-01-01");
        String id = created.get("id").asString();
        assertThat(tenant.get("/api/campaigns/" + id).expect(200).json().get("callingHours"))
                .isEqualTo(created.get("callingHours"));
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("items").get(0).get("callingHours"))
                .isEqualTo(created.get("callingHours"));

        JsonNode inheriting = tenant.send("POST", "/api/campaigns", "application/json", campaign(journey, "null"))
                .expect(201).json();
        assertThat(inheriting.get("callingHours").isNull()).isTrue();
    }

    @Test
    void invalidHoursOfAJourneyOrACampaignAreRefusedNamingTheFieldUnderCallingHours() {
        ApiClient tenant = newTenant();

        ApiClient.Response journey = tenant.send("POST", "/api/journeys", "application/json",
                journey("bad", CallingHoursApiTest.HOURS.replace("\"09:00\"", "\"9\"")));
        assertThat(journey.status()).isEqualTo(400);
        assertThat(journey.json().get("errors").findValuesAsString("field")).contains("callingHours.days.MON.start");
        assertThat(journey.json().get("errors").get(0).get("message").asString()).endsWith("got \"9\"");
        assertThat(tenant.get("/api/journeys").expect(200).json().get("total").asLong()).isZero();

        String id = tenant.post("/api/journeys", Map.of("name", "j")).expect(201).json().get("id").asString();
        ApiClient.Response update = tenant.send("PUT", "/api/journeys/" + id, "application/json",
                journey("renamed", CallingHoursApiTest.HOURS.replace("\"2027-01-01\"", "\"2027-1-1\"")));
        assertThat(update.status()).isEqualTo(400);
        assertThat(update.json().get("errors").findValuesAsString("field"))
                .containsExactly("callingHours.closedDates[1]");
        assertThat(tenant.get("/api/journeys/" + id).expect(200).json().get("name").asString()).isEqualTo("j");

        ApiClient.Response campaign = tenant.send("POST", "/api/campaigns", "application/json",
                campaign(id, CallingHoursApiTest.HOURS.replace("\"TX\":", "\"ZZ\":")));
        assertThat(campaign.status()).isEqualTo(400);
        assertThat(campaign.json().get("errors").findValuesAsString("field"))
                .containsExactly("callingHours.regions.ZZ");
        assertThat(tenant.get("/api/campaigns").expect(200).json().get("total").asLong()).isZero();
    }

    @Test
    void theHoursInForceAreTheCampaignsElseTheJourneysElseTheTenantsElseTheDefault() {
        Tenant tenant = tenant();
        Tenant other = tenant();
        String plainJourney = tenant.api.post("/api/journeys", Map.of("name", "plain")).expect(201).json().get("id")
                .asString();
        String ownJourney = tenant.api.send("POST", "/api/journeys", "application/json",
                journey("own", hoursClosedOn("2030-01-01"))).expect(201).json().get("id").asString();
        UUID plainCampaign = UUID.fromString(tenant.api.send("POST", "/api/campaigns", "application/json",
                campaign(ownJourney, "null")).expect(201).json().get("id").asString());
        UUID ownCampaign = UUID.fromString(tenant.api.send("POST", "/api/campaigns", "application/json",
                campaign(ownJourney, hoursClosedOn("2031-01-01"))).expect(201).json().get("id").asString());
        UUID plain = UUID.fromString(plainJourney);
        UUID own = UUID.fromString(ownJourney);

        // nothing set by the tenant: the shipped default, unless the journey or campaign has its own
        assertThat(hours.effective(tenant.id, plain, null)).isEqualTo(ShippedHours.HOURS);
        assertThat(closedDates(hours.effective(tenant.id, own, null))).containsExactly("2030-01-01");
        assertThat(closedDates(hours.effective(tenant.id, own, plainCampaign))).containsExactly("2030-01-01");
        assertThat(closedDates(hours.effective(tenant.id, own, ownCampaign))).containsExactly("2031-01-01");

        tenant.api.send("PUT", "/api/calling-hours", "application/json", hoursClosedOn("2029-01-01")).expect(200);
        assertThat(closedDates(hours.effective(tenant.id, plain, null))).containsExactly("2029-01-01");
        assertThat(closedDates(hours.effective(tenant.id, own, null))).containsExactly("2030-01-01");
        assertThat(closedDates(hours.effective(tenant.id, own, ownCampaign))).containsExactly("2031-01-01");
        assertThat(hours.effective(tenant.id, plain, null).timeZoneUnknown())
                .isEqualTo(CallingHours.TimeZoneUnknown.REFUSE);

        // another tenant naming these ids finds none of their hours
        assertThat(hours.effective(other.id, own, ownCampaign)).isEqualTo(ShippedHours.HOURS);

        // the journey inheriting again: its campaign without hours of its own has the tenant's
        tenant.api.put("/api/journeys/" + ownJourney, Map.of("name", "own")).expect(200);
        assertThat(closedDates(hours.effective(tenant.id, own, plainCampaign))).containsExactly("2029-01-01");
        assertThat(closedDates(hours.effective(tenant.id, own, ownCampaign))).containsExactly("2031-01-01");
    }

    @Test
    void aDeletedJourneysHoursGoWithIt() {
        Tenant tenant = tenant();
        String id = tenant.api.send("POST", "/api/journeys", "application/json",
                journey("own", hoursClosedOn("2030-01-01"))).expect(201).json().get("id").asString();

        tenant.api.delete("/api/journeys/" + id).expect(204);

        assertThat(hours.effective(tenant.id, UUID.fromString(id), null)).isEqualTo(ShippedHours.HOURS);
        assertThat(hours.ofJourney(tenant.id, UUID.fromString(id))).isNull();
    }

    @Test
    void everyChangeOfAJourneysOrACampaignsHoursIsInTheAuditTrail() {
        ApiClient tenant = newTenant();
        String journey = tenant.send("POST", "/api/journeys", "application/json",
                journey("own", hoursClosedOn("2030-01-01"))).expect(201).json().get("id").asString();
        tenant.send("PUT", "/api/journeys/" + journey, "application/json", journey("own", hoursClosedOn("2030-02-02")))
                .expect(200);
        tenant.send("PUT", "/api/journeys/" + journey, "application/json", journey("renamed",
                hoursClosedOn("2030-02-02"))).expect(200);
        tenant.put("/api/journeys/" + journey, Map.of("name", "renamed")).expect(200);
        String campaign = tenant.send("POST", "/api/campaigns", "application/json",
                campaign(journey, hoursClosedOn("2031-01-01"))).expect(201).json().get("id").asString();

        JsonNode items = tenant.get("/api/audit?entity=calling_hours").expect(200).json().get("items");
        // a journey saved with the hours it had is no change of its hours
        assertThat(items.findValuesAsString("action")).containsExactly("campaign-create", "journey-delete",
                "journey-update", "journey-create");
        assertThat(items.valueStream().map(item -> item.get("id").asString()))
                .containsExactly(campaign, journey, journey, journey);
        assertThat(closedDates(items.get(0).get("after"))).containsExactly("2031-01-01");
        assertThat(closedDates(items.get(1).get("before"))).containsExactly("2030-02-02");
        assertThat(items.get(1).get("after").isNull()).isTrue();
        assertThat(closedDates(items.get(2).get("before"))).containsExactly("2030-01-01");
        assertThat(closedDates(items.get(2).get("after"))).containsExactly("2030-02-02");
        assertThat(items.get(3).get("before").isNull()).isTrue();

        // the journey's own entries show its hours too
        JsonNode journeyEntries = tenant.get("/api/audit?entity=journey").expect(200).json().get("items");
        assertThat(closedDates(journeyEntries.get(3).get("after").get("callingHours"))).containsExactly("2030-01-01");
        assertThat(journeyEntries.get(0).get("after").get("callingHours").isNull()).isTrue();
    }

    private record Tenant(ApiClient api, TenantId id) {
    }

    private Tenant tenant() {
        JsonNode created = admin().post("/api/admin/tenants", Map.of("name", "hours-" + UUID.randomUUID()))
                .expect(201).json();
        return new Tenant(api().withToken(created.get("apiKey").asString()),
                new TenantId(UUID.fromString(created.get("id").asString())));
    }

    private static String journey(String name, String callingHours) {
        return "{\"name\":\"" + name + "\",\"nodes\":[],\"callingHours\":" + callingHours + "}";
    }

    private static String campaign(String journeyId, String callingHours) {
        return "{\"journeyId\":\"" + journeyId + "\",\"name\":\"c\",\"contacts\":[{\"phoneNumber\":\"+14155550101\"}],"
                + "\"callingHours\":" + callingHours + "}";
    }

    private static List<String> closedDates(JsonNode hours) {
        return hours.get("closedDates").valueStream().map(JsonNode::asString).toList();
    }

    private static List<String> closedDates(CallingHours hours) {
        return hours.closedDates().stream().map(LocalDate::toString).toList();
    }
}
