package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A query parameter an endpoint does not take is a 400 naming it, on every endpoint; never ignored. */
class UnknownQueryParametersTest extends IntegrationTest {

    @Test
    void theDidListNamesAParameterItDoesNotTakeAndTheOnesItDoes() {
        ApiClient tenant = newTenant();
        tenant.createDid("+14155550100", "main");

        JsonNode problem = badRequest(tenant.get("/api/asterisk-dids?number=%2B14155550100&page=0"));

        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("number");
        assertThat(problem.get("detail").asString()).startsWith("number: unknown query parameter; this endpoint takes")
                .contains("segment", "status", "trunk", "q", "neverUsed", "sort", "page", "size");
        // the parameters it takes still work
        assertThat(tenant.get("/api/asterisk-dids?segment=main&page=0&size=10").expect(200).json().get("total")
                .asLong()).isEqualTo(1);
    }

    @Test
    void everyEndpointRefusesParametersItDoesNotTake() {
        ApiClient tenant = newTenant();
        assertThat(badRequest(tenant.get("/api/journeys?segmnet=main")).get("detail").asString())
                .startsWith("segmnet: unknown query parameter");
        assertThat(badRequest(tenant.post("/api/asterisk-dids/allocate?segment=main", Map.of()))
                .get("detail").asString()).isEqualTo("segment: unknown query parameter; this endpoint takes none");
        assertThat(badRequest(tenant.get("/api/asterisk-dids/usage?segments=main&x=1")).get("errors").size())
                .isEqualTo(2);
        assertThat(badRequest(api().withToken(ADMIN_TOKEN).get("/api/admin/tenants?name=acme"))
                .get("detail").asString()).startsWith("name: unknown query parameter");
    }

    @Test
    void authenticationComesFirst() {
        assertThat(api().get("/api/asterisk-dids?bogus=1").status()).isEqualTo(401);
    }

    @Test
    void validationMessagesSayTheRuleInWords() {
        ApiClient tenant = newTenant();
        JsonNode segment = badRequest(tenant.post("/api/asterisk-dids",
                Map.of("number", "+14155550100", "segment", "Not A Segment")));
        assertThat(segment.get("detail").asString()).isEqualTo("segment: a segment name is 1 to 63 lowercase letters,"
                + " digits, '.', '_' or '-', starting with a letter or digit (got \"Not A Segment\")");
        JsonNode trunk = badRequest(tenant.get("/api/asterisk-dids?trunk=no%20spaces"));
        assertThat(trunk.get("detail").asString()).isEqualTo("trunk: a trunk name is 1 to 64 letters, digits, '_' or '-'"
                + " (got \"no spaces\")");
        JsonNode number = badRequest(tenant.post("/api/asterisk-dids", Map.of("number", "0415")));
        assertThat(number.get("detail").asString()).isEqualTo("number: must be an E.164 number such as +14155550100 (got \"0415\")");
        for (JsonNode problem : new JsonNode[] {segment, trunk, number}) {
            assertThat(problem.get("detail").asString()).doesNotContain("^", "[", "{", "$");
        }
    }

    private static JsonNode badRequest(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.json();
    }
}
