package io.didpool.did;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A segment's inbound route: part of its declaration, refused when no route, kept by a rename, audited, read. */
class SegmentInboundRouteTest extends IntegrationTest {

    private static final String SEGMENTS = "/api/asterisk-dids/segments";

    @Autowired
    CalledNumbers numbers;

    @Test
    void theRouteIsDeclaredShownAndReplacedWithTheDeclaration() {
        ApiClient tenant = newTenant();

        JsonNode declared = tenant.put(SEGMENTS + "/spring", declaration("numbers for spring", "PJSIP/reception"))
                .expect(200).json();

        assertThat(declared.get("inboundRoute").asString()).isEqualTo("PJSIP/reception");
        assertThat(declared.get("description").asString()).isEqualTo("numbers for spring");
        assertThat(tenant.get(SEGMENTS + "/spring").expect(200).json()).isEqualTo(declared);
        assertThat(tenant.put(SEGMENTS + "/spring", declaration("numbers for spring", "+14155550100")).expect(200)
                .json().get("inboundRoute").asString()).isEqualTo("+14155550100");

        // a PUT replaces the declaration: a field left out becomes null
        JsonNode described = tenant.put(SEGMENTS + "/spring", Map.of("description", "only a description"))
                .expect(200).json();
        assertThat(described.get("inboundRoute").isNull()).isTrue();
        JsonNode routed = tenant.put(SEGMENTS + "/spring", Map.of("inboundRoute", "PJSIP/desk")).expect(200).json();
        assertThat(routed.get("description").isNull()).isTrue();
        assertThat(routed.get("inboundRoute").asString()).isEqualTo("PJSIP/desk");

        // a segment only its DIDs make has no declaration, so no route
        tenant.createDid("+14155550100", "held");
        JsonNode held = tenant.get(SEGMENTS + "/held").expect(200).json();
        assertThat(held.has("inboundRoute")).isTrue();
        assertThat(held.get("inboundRoute").isNull()).isTrue();
    }

    @Test
    void aValueThatIsNoRouteIsRefusedNamingTheFieldAndTheValueAndChangesNothing() {
        ApiClient tenant = newTenant();
        tenant.put(SEGMENTS + "/spring", declaration("kept", "PJSIP/reception")).expect(200);

        for (String refused : List.of("+14155550100;x", "PJSIP/desk\nDial(SIP/x)", "Local/x@y", "IAX2/desk",
                "+1", "", "PJSIP/" + "a".repeat(65))) {
            ApiClient.Response response = tenant.put(SEGMENTS + "/spring", declaration("changed", refused));
            String safe = refused.replace('\n', '?');
            String shown = "\"" + (safe.length() <= 40 ? safe : safe.substring(0, 40) + "…") + "\"";
            assertThat(response.status()).as(shown).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("inboundRoute");
            assertThat(response.json().get("detail").asString()).as(shown).startsWith("inboundRoute: ")
                    .endsWith("got " + shown);
        }
        // a new segment refused is not declared either
        assertThat(tenant.put(SEGMENTS + "/autumn", declaration(null, "Local/x@y")).status()).isEqualTo(400);

        assertThat(tenant.get(SEGMENTS + "/autumn").status()).isEqualTo(404);
        JsonNode kept = tenant.get(SEGMENTS + "/spring").expect(200).json();
        assertThat(kept.get("description").asString()).isEqualTo("kept");
        assertThat(kept.get("inboundRoute").asString()).isEqualTo("PJSIP/reception");
    }

    @Test
    void aRenameKeepsTheRouteUnderTheNewName() {
        ApiClient tenant = newTenant();
        tenant.put(SEGMENTS + "/spring", declaration("numbers for spring", "PJSIP/reception")).expect(200);
        tenant.createDid("+14155550100", "spring");

        JsonNode renamed = tenant.post(SEGMENTS + "/spring/rename", Map.of("to", "spring-2027")).expect(200).json();

        assertThat(renamed.get("name").asString()).isEqualTo("spring-2027");
        assertThat(renamed.get("inboundRoute").asString()).isEqualTo("PJSIP/reception");
        assertThat(tenant.get(SEGMENTS + "/spring-2027").expect(200).json().get("inboundRoute").asString())
                .isEqualTo("PJSIP/reception");
        JsonNode rename = tenant.get("/api/audit?entity=segment&id=spring").expect(200).json().get("items").get(0);
        assertThat(rename.get("action").asString()).isEqualTo("rename");
        assertThat(rename.get("before").get("inboundRoute").asString()).isEqualTo("PJSIP/reception");
        assertThat(rename.get("after").get("inboundRoute").asString()).isEqualTo("PJSIP/reception");
    }

    @Test
    void theAuditEntriesShowTheRouteBeforeAndAfter() {
        ApiClient tenant = newTenant();
        tenant.put(SEGMENTS + "/spring", declaration("numbers", "PJSIP/reception")).expect(200);
        tenant.put(SEGMENTS + "/spring", declaration("numbers", "+14155550100")).expect(200);
        tenant.put(SEGMENTS + "/spring", declaration("numbers", null)).expect(200);

        JsonNode items = tenant.get("/api/audit?entity=segment&id=spring").expect(200).json().get("items");

        assertThat(items.findValuesAsString("action")).containsExactly("update", "update", "declare");
        assertThat(items.get(2).get("after").get("inboundRoute").asString()).isEqualTo("PJSIP/reception");
        assertThat(items.get(1).get("before").get("inboundRoute").asString()).isEqualTo("PJSIP/reception");
        assertThat(items.get(1).get("after").get("inboundRoute").asString()).isEqualTo("+14155550100");
        assertThat(items.get(0).get("before").get("inboundRoute").asString()).isEqualTo("+14155550100");
        assertThat(items.get(0).get("after").get("inboundRoute").isNull()).isTrue();
    }

    /**
     * What inbound routing reads ({@link CalledNumbers}): the route of the called DID's own segment, of its own
     * tenant; none for a segment without one or never declared; it follows a rename.
     */
    @Test
    void routingReadsTheRouteOfTheCalledDidsSegmentOfItsOwnTenant() {
        ApiClient tenant = newTenant();
        ApiClient other = newTenant();
        // numbers no other test uses: holders() looks across every tenant
        String line = String.format("%06d", java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000));
        String spring = "+19072" + line;
        String plain = "+19073" + line;
        String ghost = "+19074" + line;
        tenant.put(SEGMENTS + "/spring", declaration(null, "PJSIP/reception")).expect(200);
        tenant.put(SEGMENTS + "/plain", declaration("no route", null)).expect(200);
        tenant.createDid(spring, "spring");
        tenant.createDid(plain, "plain");
        tenant.createDid(ghost, "ghost");
        // the same number, another tenant's, in a segment of the same name without a route
        other.put(SEGMENTS + "/spring", declaration("theirs", null)).expect(200);
        other.createDid(spring, "spring");

        assertThat(numbers.holders(spring)).extracting(CalledNumbers.Holder::segmentRoute)
                .containsExactlyInAnyOrder("PJSIP/reception", null);
        assertThat(numbers.holders(plain)).singleElement().extracting(CalledNumbers.Holder::segmentRoute).isNull();
        assertThat(numbers.holders(ghost)).singleElement().extracting(CalledNumbers.Holder::segmentRoute).isNull();

        tenant.post(SEGMENTS + "/spring/rename", Map.of("to", "summer")).expect(200);
        assertThat(numbers.holders(spring)).filteredOn(holder -> "summer".equals(holder.segment()))
                .singleElement().extracting(CalledNumbers.Holder::segmentRoute).isEqualTo("PJSIP/reception");
    }

    private static Map<String, Object> declaration(String description, String inboundRoute) {
        Map<String, Object> body = new HashMap<>();
        body.put("description", description);
        body.put("inboundRoute", inboundRoute);
        return body;
    }
}
