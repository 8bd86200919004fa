package io.didpool.twilio;

import static io.didpool.twilio.TwilioImportTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.didpool.testsupport.ApiClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** DIDs whose numbers are not on the Twilio account of their trunk are flagged and never allocated. */
class OwnershipCheckTest extends NumberLifecycleSupport {

    private static final String CHECK = "/api/twilio/ownership-check";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OwnershipCheck ownershipCheck;

    @Autowired
    List<RecurringTask<?>> recurringTasks;

    @Test
    void aDidNotOnTheAccountIsFlaggedListedAndNeverAllocatedUntilAnOperatorSaysOtherwise() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        String trunk = newTrunkName();
        link(trunk, newTrunkSid(), tenant.id());
        List<ObjectNode> numbers = numbers("702", 1);
        String owned = numbers.get(0).get("phone_number").asString();
        stubNumbers(account, token, numbers, 50);
        stubCallerIds(account, token, List.of("+17025550002"));
        for (String number : List.of(owned, "+17025550002", "+17025550003")) {
            tenant.api().post("/api/asterisk-dids", new HashMap<>(Map.of("number", number, "segment", "lv",
                    "trunk", trunk))).expect(201);
        }
        assertThat(find(tenant.api(), owned).get("ownership").isNull()).isTrue();

        JsonNode summary = tenant.api().post(CHECK, Map.of()).expect(200).json();

        assertThat(summary.get("checked").asLong()).isEqualTo(3);
        assertThat(summary.get("onAccount").asLong()).isEqualTo(1);
        assertThat(summary.get("verifiedCallerId").asLong()).isEqualTo(1);
        assertThat(summary.get("notOnAccount").get(0).asString()).isEqualTo("+17025550003");
        assertThat(find(tenant.api(), owned).get("ownership").asString()).isEqualTo("ON_ACCOUNT");
        assertThat(find(tenant.api(), "+17025550002").get("ownership").asString()).isEqualTo("VERIFIED_CALLER_ID");
        JsonNode missing = find(tenant.api(), "+17025550003");
        assertThat(missing.get("ownership").asString()).isEqualTo("NOT_ON_ACCOUNT");
        assertThat(missing.get("selectable").asBoolean()).isFalse();

        Set<String> allocated = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            allocated.add(tenant.api().post("/api/asterisk-dids/allocate", Map.of("segment", "lv")).expect(200)
                    .json().get("did").get("number").asString());
        }
        assertThat(allocated).containsExactlyInAnyOrder(owned, "+17025550002");
        String missingId = missing.get("id").asString();
        assertThat(tenant.api().post("/api/asterisk-dids/allocate", Map.of("didId", missingId)).expect(409).body())
                .contains("NOT_ON_ACCOUNT");

        // an operator's edit in SQL applies to the very next allocation
        jdbc.update("UPDATE asterisk_dids SET ownership = NULL WHERE id = CAST(? AS uuid)", missingId);
        tenant.api().post("/api/asterisk-dids/allocate", Map.of("didId", missingId)).expect(200);
        jdbc.update("UPDATE asterisk_dids SET ownership = 'NOT_ON_ACCOUNT' WHERE id = CAST(? AS uuid)", missingId);
        tenant.api().post("/api/asterisk-dids/allocate", Map.of("didId", missingId)).expect(409);
        // a segment of nothing but such DIDs: the refusal counts them as not selectable, not as resting
        tenant.api().put("/api/asterisk-dids/" + missingId, Map.of("segment", "lv-missing")).expect(200);
        JsonNode refusal = tenant.api().post("/api/asterisk-dids/allocate", Map.of("segment", "lv-missing"))
                .expect(409).json();
        assertThat(refusal.get("notSelectable").asLong()).isEqualTo(1);
        assertThat(refusal.get("resting").asLong()).isZero();
    }

    @Test
    void aTwilioThatFailsDuringTheCheckIsA502AndFlagsNothing() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        String trunk = newTrunkName();
        link(trunk, newTrunkSid(), tenant.id());
        tenant.api().post("/api/asterisk-dids", new HashMap<>(Map.of("number", "+17255550001", "segment", "hnd",
                "trunk", trunk))).expect(201);
        TWILIO.stubFor(pageRequest(account, 0).willReturn(twilioError(503, 20503, "Service Unavailable")));
        stubCallerIds(account, token, List.of());

        ApiClient.Response refused = tenant.api().post(CHECK, Map.of());

        assertThat(refused.status()).as(refused.body()).isEqualTo(502);
        // a check that could not read the account decides nothing: the DID keeps rotating, never checked
        JsonNode did = find(tenant.api(), "+17255550001");
        assertThat(did.get("ownership").isNull()).isTrue();
        assertThat(did.get("selectable").asBoolean()).isTrue();
    }

    @Test
    void anImportMarksItsNumbersOnTheAccountAndTheScheduledCheckFindsWhatLeftIt() {
        String account = newAccountSid();
        String token = newAuthToken();
        Owned tenant = ownedTenant(account, token);
        List<ObjectNode> numbers = numbers("808", 3);
        stubNumbers(account, token, numbers, 50);
        stubCallerIds(account, token, List.of());

        tenant.api().post("/api/asterisk-dids/import/twilio", Map.of("segment", "hi")).expect(200);
        assertThat(find(tenant.api(), "+18080000002").get("ownership").asString()).isEqualTo("ON_ACCOUNT");

        // the account loses a number; the scheduled check (a db-scheduler recurring task) flags it
        stubNumbers(account, token, numbers.subList(0, 2), 50);
        assertThat(recurringTasks.stream().map(t -> t.getName())).contains(ScheduledOwnershipCheck.TASK);
        ownershipCheck.checkAll();

        assertThat(find(tenant.api(), "+18080000002").get("ownership").asString()).isEqualTo("NOT_ON_ACCOUNT");
        assertThat(find(tenant.api(), "+18080000001").get("ownership").asString()).isEqualTo("ON_ACCOUNT");
    }
}
