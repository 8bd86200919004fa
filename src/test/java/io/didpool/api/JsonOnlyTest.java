package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class JsonOnlyTest extends IntegrationTest {

    @Test
    void answersNoXmlEvenWhenAskedForIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api().baseUrl() + "/api/asterisk-dids/segments"))
                .header("Authorization", "Bearer " + newTenant().token())
                .header("Accept", "application/xml")
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("<", "SegmentsResponse");
    }
}
