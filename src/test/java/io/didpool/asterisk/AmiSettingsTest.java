package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmiSettingsTest {

    static AmiSettings settings(String host, int port, String username, String password) {
        return new AmiSettings(host, port, username, password, "didpool-outbound", Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void noHostMeansNotConfiguredAndNeedsNothingElse() {
        assertThat(settings("", 5038, "", "").configured()).isFalse();
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
}
