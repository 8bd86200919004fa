package io.didpool.twilio;

import static io.didpool.twilio.TwilioImportTest.assertCounts;
import static io.didpool.twilio.TwilioImportTest.find;
import static io.didpool.twilio.TwilioImportTest.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Re-syncing an account safely: existing DIDs keep their segment and trunk; numbers Twilio dropped are reported. */
class TwilioResyncTest extends TwilioTestSupport {

    private static final String IMPORT = "/api/asterisk-dids/import/twilio";

    @Test
    void newOnlyAddsNewNumbersAndRefreshesMetadataButKeepsTheOperatorsSegmentsAndTrunks() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<ObjectNode> numbers = numbers("312", 30);
        stubNumbers(account, token, numbers, 10);
        ApiClient tenant = tenantWithCredentials(account, token);
        tenant.post(IMPORT, Map.of()).expect(200);
        List<String> moved = numbers.subList(0, 10).stream().map(n -> n.get("phone_number").asString()).toList();
        tenant.post("/api/asterisk-dids/bulk", Map.of("filter", Map.of("numbers", moved),
                "set", Map.of("segment", "sales", "trunk", "SALES"))).expect(200);
        // Twilio renames a number the operator moved and one it did not, and the account gains five numbers
        List<ObjectNode> now = new ArrayList<>(numbers);
        now.get(0).put("friendly_name", "renamed at Twilio");
        now.get(20).put("friendly_name", "also renamed");
        now.addAll(numbers("313", 5));
        stubNumbers(account, token, now, 10);

        JsonNode preview = tenant.post(IMPORT, Map.of("mode", "NEW_ONLY", "dryRun", true)).expect(200).json();
        JsonNode result = tenant.post(IMPORT, Map.of("mode", "NEW_ONLY")).expect(200).json();

        assertCounts(preview, 35, 5, 2, 28, 0);
        assertCounts(result, 35, 5, 2, 28, 0);
        assertThat(result.get("missing").size()).isZero();
        assertThat(total(tenant, "segment=sales&trunk=SALES")).isEqualTo(10);
        assertThat(total(tenant, "segment=twilio-main&trunk=TWILIO")).isEqualTo(25);
        JsonNode renamed = find(tenant, moved.get(0));
        assertThat(renamed.get("segment").asString()).isEqualTo("sales");
        assertThat(renamed.get("friendlyName").asString()).isEqualTo("renamed at Twilio");
        assertThat(find(tenant, "+13130000004").get("segment").asString()).isEqualTo("twilio-main");

        // the seed's behaviour stays the default: every number back in the segment and trunk of the import
        assertCounts(tenant.post(IMPORT, Map.of()).expect(200).json(), 35, 0, 10, 25, 0);
        assertThat(total(tenant, "segment=sales")).isZero();
        assertThat(tenant.post(IMPORT, Map.of("mode", "ALL")).status()).isEqualTo(400);
    }

    @Test
    void reportsTheNumbersTheAccountNoLongerListsAndReleasesThemWhenAsked() {
        String account = newAccountSid();
        String token = newAuthToken();
        List<ObjectNode> numbers = numbers("415", 20);
        stubNumbers(account, token, numbers, 8);
        ApiClient tenant = tenantWithCredentials(account, token);
        tenant.post(IMPORT, Map.of()).expect(200);
        tenant.createDid("+14155559999", "hand-made");
        // three numbers were released at Twilio
        stubNumbers(account, token, new ArrayList<>(numbers.subList(3, 20)), 8);

        JsonNode reported = tenant.post(IMPORT, Map.of("mode", "NEW_ONLY")).expect(200).json();

        assertThat(numbersOf(reported.get("missing"))).containsExactly("+14150000000", "+14150000001", "+14150000002");
        assertThat(reported.get("missing").get(0).get("status").asString()).isEqualTo("active");
        assertThat(reported.get("missing").get(0).get("segment").asString()).isEqualTo("twilio-main");
        assertThat(reported.get("missingCount").asLong()).isEqualTo(3);
        assertThat(reported.get("released").asLong()).isZero();
        assertThat(total(tenant, "status=released")).isZero();

        JsonNode dryRun = tenant.post(IMPORT, Map.of("releaseMissing", true, "dryRun", true)).expect(200).json();
        assertThat(dryRun.get("missingCount").asLong()).isEqualTo(3);
        assertThat(dryRun.get("released").asLong()).isZero();
        assertThat(total(tenant, "status=released")).isZero();

        JsonNode released = tenant.post(IMPORT, Map.of("mode", "NEW_ONLY", "releaseMissing", true)).expect(200)
                .json();

        assertThat(released.get("released").asLong()).isEqualTo(3);
        assertThat(released.get("missing").valueStream().map(m -> m.get("status").asString()))
                .containsOnly("released");
        assertThat(total(tenant, "status=released")).isEqualTo(3);
        assertThat(find(tenant, "+14155559999").get("status").asString()).isEqualTo("active");
        // released numbers are handled: the next re-sync no longer reports them
        assertThat(tenant.post(IMPORT, Map.of("mode", "NEW_ONLY")).expect(200).json().get("missingCount").asLong())
                .isZero();
        JsonNode entry = tenant.get("/api/audit?entity=did").expect(200).json().get("items").valueStream()
                .filter(e -> e.get("action").asString().equals("release-missing")).findFirst().orElseThrow();
        assertThat(entry.get("after").get("dids").asLong()).isEqualTo(3);
    }

    @Test
    void numbersOfAnotherAccountTheTenantImportedFromAreNotMissingFromThisOne() {
        String first = newAccountSid();
        String second = newAccountSid();
        String token = newAuthToken();
        stubNumbers(first, token, numbers("646", 6), 10);
        stubNumbers(second, token, numbers("718", 4), 10);
        ApiClient tenant = tenantWithCredentials(first, token);
        tenant.post(IMPORT, Map.of()).expect(200);
        tenant.put("/api/twilio/credentials", Map.of("accountSid", second, "authToken", token)).expect(204);

        JsonNode result = tenant.post(IMPORT, Map.of("segment", "second", "releaseMissing", true)).expect(200).json();

        assertCounts(result, 4, 4, 0, 0, 0);
        assertThat(result.get("missingCount").asLong()).isZero();
        assertThat(total(tenant, "status=active")).isEqualTo(10);
    }

    private static List<String> numbersOf(JsonNode missing) {
        return missing.valueStream().map(m -> m.get("number").asString()).toList();
    }
}
