package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class AmiPropertiesTest {

    @EnableConfigurationProperties({AmiProperties.class, AsteriskProperties.class})
    static class Bound {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    static AmiProperties settings(String host, int port, String username, String password) {
        return new AmiProperties(host, port, username, password, Duration.ofSeconds(5));
    }

    @Test
    void noHostMeansNotConfiguredAndNeedsNothingElse() {
        assertThat(settings("", 5038, "", "").configured()).isFalse();
        assertThat(settings(null, 5038, null, null).configured()).isFalse();
    }

    @Test
    void refusesSettingsThatCouldBreakTheLoginWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> settings("pbx\r\nAction: Logoff", 5038, "didpool", "x"))
                .hasMessageStartingWith("DIDPOOL_AMI_HOST");
        assertThatThrownBy(() -> settings("pbx", 0, "didpool", "x")).hasMessageStartingWith("DIDPOOL_AMI_PORT");
        assertThatThrownBy(() -> settings("pbx", 5038, "", "x")).hasMessageStartingWith("DIDPOOL_AMI_USERNAME");
        assertThatThrownBy(() -> settings("pbx", 5038, "did\npool", "x")).hasMessageStartingWith(
                "DIDPOOL_AMI_USERNAME");
        assertThatThrownBy(() -> settings("pbx", 5038, "didpool", "sec\r\nret"))
                .hasMessageStartingWith("DIDPOOL_AMI_PASSWORD").hasMessageNotContaining("sec");
        assertThatThrownBy(() -> settings("pbx", 5038, "didpool", "")).hasMessageStartingWith("DIDPOOL_AMI_PASSWORD");
    }

    @Test
    void neverShowsThePassword() {
        assertThat(settings("pbx.example.com", 5038, "didpool", "top-secret").toString())
                .contains("pbx.example.com:5038", "didpool").doesNotContain("top-secret");
    }

    @Test
    void bindsTheDefaultsOfEverySetting() {
        context.run(started -> {
            AmiProperties ami = started.getBean(AmiProperties.class);
            assertThat(ami.configured()).isFalse();
            assertThat(ami.port()).isEqualTo(5038);
            assertThat(ami.responseTimeout()).isEqualTo(Duration.ofSeconds(5));
            AsteriskProperties asterisk = started.getBean(AsteriskProperties.class);
            assertThat(asterisk.context()).isEqualTo("didpool-outbound");
            assertThat(asterisk.ringTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(asterisk.outcomeGrace()).isEqualTo(Duration.ofSeconds(2));
            assertThat(asterisk.maxCallDuration()).isEqualTo(Duration.ofHours(2));
            assertThat(asterisk.dryRunHistory()).isEqualTo(200);
            assertThat(asterisk.dryRun().ring()).isZero();
            assertThat(asterisk.dryRun().call()).isZero();
        });
    }

    @Test
    void bindsTheSettingsGiven() {
        context.withPropertyValues("didpool.ami.host= pbx.example.com ", "didpool.ami.port=5039",
                "didpool.ami.username=didpool", "didpool.ami.password=top-secret",
                "didpool.asterisk.context=outbound", "didpool.asterisk.max-call-duration=90m",
                "didpool.asterisk.dry-run.ring=3s", "didpool.asterisk.dry-run.call=20s").run(started -> {
                    AmiProperties ami = started.getBean(AmiProperties.class);
                    assertThat(ami.address()).isEqualTo("pbx.example.com:5039");
                    assertThat(ami.password()).isEqualTo("top-secret");
                    AsteriskProperties asterisk = started.getBean(AsteriskProperties.class);
                    assertThat(asterisk.context()).isEqualTo("outbound");
                    assertThat(asterisk.maxCallDuration()).isEqualTo(Duration.ofMinutes(90));
                    assertThat(asterisk.dryRun().ring()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(asterisk.dryRun().call()).isEqualTo(Duration.ofSeconds(20));
                });
    }

    @Test
    void readsTheEnvironmentVariablesTheReadmeNames() {
        Map<String, Object> environment = Map.of("DIDPOOL_ASTERISK_MAX_CALL_DURATION", "45m",
                "DIDPOOL_ASTERISK_DRY_RUN_RING", "2s", "DIDPOOL_ASTERISK_DRY_RUN_CALL", "15s");
        context.withInitializer(started -> started.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environment))).run(started -> {
                            AsteriskProperties asterisk = started.getBean(AsteriskProperties.class);
                            assertThat(asterisk.maxCallDuration()).isEqualTo(Duration.ofMinutes(45));
                            assertThat(asterisk.dryRun().ring()).isEqualTo(Duration.ofSeconds(2));
                            assertThat(asterisk.dryRun().call()).isEqualTo(Duration.ofSeconds(15));
                        });
    }

    @Test
    void aBadSettingStopsTheStartNamingTheVariableAndNeverThePassword() {
        context.withPropertyValues("didpool.ami.host=pbx.example.com", "didpool.ami.username=did pool",
                "didpool.ami.password=top-secret").run(started -> {
                    Throwable failure = started.getStartupFailure();
                    assertThat(failure).hasRootCauseMessage("DIDPOOL_AMI_USERNAME: required with DIDPOOL_AMI_HOST,"
                            + " letters, digits, '.', '_', '@', '-'");
                    // Boot's start-up report shows a property's value only for the property a BindException names
                    Throwable bind = failure;
                    while (!(bind instanceof BindException)) {
                        bind = bind.getCause();
                    }
                    assertThat(((BindException) bind).getProperty()).isNull();
                    assertThat(failure).hasStackTraceContaining("DIDPOOL_AMI_USERNAME")
                            .satisfies(f -> assertThat(stackTrace(f)).doesNotContain("top-secret"));
                });
        context.withPropertyValues("didpool.asterisk.context=bad context").run(started -> assertThat(
                started.getStartupFailure()).hasRootCauseMessage(
                        "DIDPOOL_ASTERISK_CONTEXT: must be 1-79 letters, digits, '.', '_' or '-'"));
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
