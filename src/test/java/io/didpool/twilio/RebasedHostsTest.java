package io.didpool.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;

/** Where each product's requests go: its own host on Twilio (edges too), everything to a simulator. */
class RebasedHostsTest {

    private static String sent(String base, String sdkUrl) {
        TwilioProperties properties = new TwilioProperties(URI.create(base), Duration.ofSeconds(1), 1,
                Duration.ofMillis(1), Duration.ofMillis(1), 50);
        return new RebasedHttpClient(HttpClientBuilder.create(), properties)
                .rebase(new Request(HttpMethod.GET, sdkUrl)).getUrl();
    }

    @Test
    void onTwilioEachProductKeepsItsHostAndARegionalEdgeKeepsTheProduct() {
        String trunking = "https://trunking.twilio.com/v1/Trunks/TK00/PhoneNumbers";
        String pricing = "https://pricing.twilio.com/v1/PhoneNumbers/Countries/US";
        String api = "https://api.twilio.com/2010-04-01/Accounts/AC00/IncomingPhoneNumbers.json";

        assertThat(sent("https://api.twilio.com", trunking)).isEqualTo(trunking);
        assertThat(sent("https://api.twilio.com", pricing)).isEqualTo(pricing);
        assertThat(sent("https://api.twilio.com", api)).isEqualTo(api);
        assertThat(sent("https://api.dublin.ie1.twilio.com", trunking))
                .isEqualTo("https://trunking.dublin.ie1.twilio.com/v1/Trunks/TK00/PhoneNumbers");
        assertThat(sent("https://api.dublin.ie1.twilio.com", api))
                .isEqualTo("https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/AC00/IncomingPhoneNumbers.json");
    }

    @Test
    void aSimulatorTakesEveryProduct() {
        assertThat(sent("http://localhost:8089/twilio", "https://trunking.twilio.com/v1/Trunks/TK00/PhoneNumbers"))
                .isEqualTo("http://localhost:8089/twilio/v1/Trunks/TK00/PhoneNumbers");
        assertThat(sent("http://localhost:8089", "https://api.twilio.com/2010-04-01/Accounts.json?PageSize=5"))
                .isEqualTo("http://localhost:8089/2010-04-01/Accounts.json?PageSize=5");
    }
}
