package io.didpool.inbound;

import static io.didpool.inbound.InboundFixtures.called;
import static io.didpool.inbound.InboundFixtures.did;
import static io.didpool.inbound.InboundFixtures.journey;
import static io.didpool.inbound.InboundFixtures.segmentRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.didpool.asterisk.RealAsterisk;
import io.didpool.asterisk.Sipp;
import io.didpool.testsupport.ApiClient;
import io.didpool.testsupport.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Callbacks through the real Asterisk: SIPp plays Twilio's origination (an INVITE to a DID, from 127.0.0.2, which the
 * trunk's identify section claims), Asterisk's generated dialplan asks didpool over FastAGI, and a second SIPp stands
 * where the route leads (the carrier for a number, the agent's endpoint for {@code PJSIP/agent}) and must receive the
 * forwarded INVITE. Outbound calls, whose callees call back, are placed through the same Asterisk (AMI) first.
 */
@ExtendWith(RealAsterisk.Required.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class InboundThroughAsteriskTest extends IntegrationTest {

    private static final int AGI_PORT = RealAsterisk.freeTcpPort();
    private static RealAsterisk asterisk;
    private static Sipp carrier;
    private static Sipp agent;
    private static Path work;

    @Autowired
    JdbcClient jdbc;

    private static synchronized RealAsterisk asterisk() {
        if (asterisk == null) {
            asterisk = RealAsterisk.start("TWILIO", "127.0.0.1:" + AGI_PORT, null);
        }
        return asterisk;
    }

    @DynamicPropertySource
    static void asteriskAndAgi(DynamicPropertyRegistry registry) {
        for (String name : List.of("didpool.ami.host", "didpool.ami.port", "didpool.ami.username",
                "didpool.ami.password")) {
            registry.add(name, () -> asterisk().springProperties().get(name));
        }
        registry.add("didpool.agi.bind", () -> "127.0.0.1:" + AGI_PORT);
        registry.add("didpool.asterisk.ring-timeout", () -> "5s");
    }

    @BeforeAll
    static void sipPeers() throws Exception {
        work = Files.createTempDirectory("didpool-inbound-sipp");
        // the carrier answers every call: didpool's outbound calls and the callbacks forwarded to numbers
        carrier = Sipp.start("answer", asterisk().farEnd(), 100, work);
        agent = Sipp.start("answer", asterisk().agent(), 100, work);
    }

    @AfterAll
    static void stop() {
        carrier.close();
        agent.close();
        asterisk.close();
        asterisk = null;
    }

    @Test
    void aCallbackReachesTheJourneysCallbackToWithTheDidAsCallerId() {
        ApiClient tenant = newTenant();
        String journey = journey(tenant, did(tenant, "+12125874001", "cb"), "+14155550601");
        String execution = called(tenant, journey, "+12125874002");

        List<Integer> responses = inboundCall("+12125874001", "+12125874002");

        assertThat(responses).contains(200);
        Sipp.Invite forwarded = forwardedTo(carrier, "+14155550601");
        assertThat(forwarded.from()).contains("+12125874001");
        assertThat(record("+12125874002")).containsEntry("decision", "CALLBACK")
                .containsEntry("execution", execution);
        // how it ended, from AMI: answered at the route, about 2 s connected (the caller's BYE after 2 s)
        Map<String, Object> ended = await().atMost(Duration.ofSeconds(15)).until(() -> record("+12125874002"),
                r -> r.get("outcome") != null);
        assertThat(ended).containsEntry("outcome", "ANSWERED");
        assertThat((Integer) ended.get("duration")).isBetween(1, 4);
    }

    @Test
    void aSegmentsRouteReachesItsEndpointWithTheCallersOwnCallerId() {
        ApiClient tenant = newTenant();
        segmentRoute(tenant, "queue", "PJSIP/" + RealAsterisk.AGENT);
        did(tenant, "+12125874011", "queue");

        assertThat(inboundCall("+12125874011", "+12125874012")).contains(200);

        Sipp.Invite reached = await().atMost(Duration.ofSeconds(15)).until(() -> agent.invites().stream()
                .filter(i -> i.from() != null && i.from().contains("+12125874012")).findFirst(), o -> o.isPresent())
                .get();
        assertThat(reached.requestUri()).contains(RealAsterisk.AGENT_IP);
        assertThat(record("+12125874012")).containsEntry("decision", "SEGMENT");
    }

    @Test
    void theTenantsDefaultRouteTakesACallNoCallbackOrSegmentClaims() {
        ApiClient tenant = newTenant();
        tenant.put("/api/inbound/settings", Map.of("defaultRoute", "+14155550603")).expect(200);
        did(tenant, "+12125874021", null);

        assertThat(inboundCall("+12125874021", "+12125874022")).contains(200);

        assertThat(forwardedTo(carrier, "+14155550603").from()).contains("+12125874021");
        assertThat(record("+12125874022")).containsEntry("decision", "DEFAULT");
    }

    @Test
    void aDidWithNoRouteIsBusyAndANumberOfNoTenantIsUnallocated() {
        ApiClient tenant = newTenant();
        did(tenant, "+12125874031", null);

        assertThat(inboundCall("+12125874031", "+12125874032")).contains(486).doesNotContain(200);
        assertThat(record("+12125874032")).containsEntry("decision", "NO_ROUTE").containsEntry("outcome", "REFUSED");

        assertThat(inboundCall("+12125874039", "+12125874033")).contains(404).doesNotContain(200);
        assertThat(record("+12125874033")).containsEntry("decision", "UNKNOWN_NUMBER");
    }

    @Test
    void aCallerIdWithHostileContentIsNeitherEvaluatedNorDialled() throws Exception {
        ApiClient tenant = newTenant();
        segmentRoute(tenant, "hostile", "+14155550605");
        did(tenant, "+12125874041", "hostile");
        Path pwned = work.resolve("pwned");
        String hostile = "%24%7BSHELL%28touch%20" + pwned.toString().replace("/", "%2F") + "%29%7D";

        assertThat(inboundCall("+12125874041", hostile)).contains(200);

        assertThat(forwardedTo(carrier, "+14155550605").from()).contains("+12125874041");
        assertThat(pwned).doesNotExist();
        String caller = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT caller FROM inbound_calls WHERE did = '+12125874041'").query(String.class).optional(),
                c -> c.isPresent()).get();
        assertThat(caller).doesNotContain("\n").hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void withDidpoolNotListeningTheDialplansFallbackRouteTakesTheCall() throws Exception {
        // another Asterisk whose dialplan asks a port nobody listens on: AGI fails at once, the fallback dials
        try (RealAsterisk alone = RealAsterisk.start("TWILIO", "127.0.0.1:" + RealAsterisk.freeTcpPort(), "+14155550699");
                Sipp farEnd = Sipp.start("answer", alone.farEnd(), 1, work)) {
            try (Sipp caller = Sipp.call("inbound-call", RealAsterisk.FAR_END_IP, alone.sip(), "+12125874051",
                    Map.of("caller", "+12125874052"), work)) {
                assertThat(caller.awaitExit(Duration.ofSeconds(30))).isTrue();
                assertThat(caller.responses()).contains(200);
            }
            assertThat(farEnd.awaitInvites(1, Duration.ofSeconds(5)).get(0).requestUri())
                    .startsWith("sip:+14155550699@");
        }
    }

    /** Twilio's INVITE to {@code did} from {@code caller}; the final responses it got. */
    private static List<Integer> inboundCall(String did, String caller) {
        try (Sipp call = Sipp.call("inbound-call", RealAsterisk.FAR_END_IP, asterisk().sip(), did,
                Map.of("caller", caller), work)) {
            assertThat(call.awaitExit(Duration.ofSeconds(30))).as("the inbound call ended").isTrue();
            return call.responses();
        }
    }

    private static Sipp.Invite forwardedTo(Sipp peer, String number) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> peer.invites().stream()
                .filter(i -> i.requestUri().startsWith("sip:" + number + "@")).findFirst(), o -> o.isPresent()).get();
    }

    private Map<String, Object> record(String caller) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                        SELECT decision, execution_id::text AS execution, outcome, duration_seconds AS duration FROM inbound_calls
                         WHERE caller = :caller ORDER BY at DESC LIMIT 1""").param("caller", caller).query()
                .listOfRows(), rows -> !rows.isEmpty()).get(0);
    }
}
