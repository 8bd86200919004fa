package io.didpool.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.didpool.testsupport.ApiClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The client commands against the running application, with the environment a user would export. */
class TwilioCommandsTest extends TwilioTestSupport {

    @Test
    void importCommandPrintsTheSummaryAndExitsZero() {
        String account = newAccountSid();
        String token = newAuthToken();
        stubNumbers(account, token, numbers("213", 12), 5);
        ApiClient tenant = tenantWithCredentials(account, token);

        Run run = run(new TwilioCommands.ImportNumbers(env(tenant)), "sales", "TRUNK_A");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("segment sales, trunk TRUNK_A").containsPattern("fetched\\s+12")
                .containsPattern("created\\s+12").containsPattern("updated\\s+0")
                .containsPattern("unchanged\\s+0").containsPattern("failed\\s+0");
        assertThat(TwilioImportTest.total(tenant, "segment=sales&trunk=TRUNK_A")).isEqualTo(12);

        Run again = run(new TwilioCommands.ImportNumbers(env(tenant)), "sales", "TRUNK_A");
        assertThat(again.out()).containsPattern("unchanged\\s+12");
    }

    @Test
    void importCommandUsesTheDefaultSegmentAndTrunk() {
        String account = newAccountSid();
        String token = newAuthToken();
        stubNumbers(account, token, numbers("214", 2), 5);
        ApiClient tenant = tenantWithCredentials(account, token);

        Run run = run(new TwilioCommands.ImportNumbers(env(tenant)));

        assertThat(run.exitCode()).isZero();
        assertThat(TwilioImportTest.total(tenant, "segment=twilio-main&trunk=TWILIO")).isEqualTo(2);
    }

    @Test
    void importCommandFailsWithTheServiceProblemDetailInOneLine() {
        ApiClient tenant = newTenant();

        Run run = run(new TwilioCommands.ImportNumbers(env(tenant)));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip()).startsWith("didpool: no Twilio credentials are stored")
                .contains("(HTTP 404)").doesNotContain("\n");
    }

    @Test
    void commandsFailClearlyWithoutAKeyOrAService() {
        Run noKey = run(new TwilioCommands.ImportNumbers(Map.of("DIDPOOL_URL", api().baseUrl())));
        assertThat(noKey.exitCode()).isNotZero();
        assertThat(noKey.err()).contains("DIDPOOL_API_KEY is not set");

        Run down = run(new TwilioCommands.TestCredentials(Map.of("DIDPOOL_URL", "http://localhost:1",
                "DIDPOOL_API_KEY", "dp_whatever")));
        assertThat(down.exitCode()).isNotZero();
        assertThat(down.err()).contains("cannot reach didpool at http://localhost:1");
    }

    @Test
    void testCommandPrintsTheAccountNameOrWhatTwilioAnswered() {
        String account = newAccountSid();
        String token = newAuthToken();
        TWILIO.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + account + ".json"))
                .withBasicAuth(account, token)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + account + "\",\"friendly_name\":\"Acme\",\"status\":\"active\"}")));
        ApiClient tenant = tenantWithCredentials(account, token);

        Run ok = run(new TwilioCommands.TestCredentials(env(tenant)));
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("Twilio accepted the credentials", "Acme");

        String rejected = newAccountSid();
        TWILIO.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + rejected + ".json"))
                .willReturn(twilioError(401, 20003, "Authenticate")));
        Run refused = run(new TwilioCommands.TestCredentials(env(tenantWithCredentials(rejected, newAuthToken()))));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("Twilio rejected the credentials", "(HTTP 502)");
    }

    private static Map<String, String> env(ApiClient tenant) {
        return Map.of("DIDPOOL_URL", tenant.baseUrl(), "DIDPOOL_API_KEY", tenant.token());
    }

    /** Runs the command as {@code bin/didpool} does: failures become one "didpool: …" line and exit code 1. */
    private static Run run(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("didpool: " + e.getMessage());
            return 1;
        });
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
    }
}
