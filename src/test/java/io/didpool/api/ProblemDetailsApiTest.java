package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Problem details that Spring answers before any controller of didpool runs. */
class ProblemDetailsApiTest extends IntegrationTest {

    @Test
    void anUnknownPathIsA404ProblemNamingMethodAndPath() {
        ApiClient.Response response = newTenant().get("/api/no-such-thing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo("no such path: GET /api/no-such-thing");
    }

    @Test
    void validJsonThatIsNotAnObjectIsSaidToBeSo() {
        ApiClient tenant = newTenant();
        for (String body : new String[] {"[]", "\"x\"", "5"}) {
            ApiClient.Response response = tenant.post("/api/asterisk-dids", body);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("detail").asString()).isEqualTo("the request body must be a JSON object");
        }
        assertThat(tenant.post("/api/asterisk-dids", "{\"number\":").json().get("detail").asString())
                .isEqualTo("the request body is not valid JSON");
    }
}
