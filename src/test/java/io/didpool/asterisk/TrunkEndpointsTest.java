package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.didpool.api.DomainException;
import io.didpool.did.DidService;
import io.didpool.tenant.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The trunk endpoint state read over AMI, against {@link AmiPeer}. */
class TrunkEndpointsTest {

    private final AmiPeer peer = new AmiPeer();
    private final AmiLink link = new AmiLink(AmiDialerTest.settings(peer.port(), AmiPeer.PASSWORD));
    private final TrunkEndpoints service = new TrunkEndpoints(
            new StaticListableBeanFactory(Map.of("amiLink", link)).getBeanProvider(AmiLink.class),
            didsOnTrunk(3), openToEveryone());
    private final TenantId tenant = new TenantId(UUID.randomUUID());

    @AfterEach
    void stop() {
        link.close();
        peer.close();
    }

    @Test
    void reportsTheEndpointStateAsteriskGivesAndTheDidCount() {
        peer.endpoints(Map.of("TWILIO", List.of(
                AmiPeer.packet("Event: EndpointDetail", null, "ObjectType: endpoint", "ObjectName: TWILIO",
                        "DeviceState: Not in use", "ActiveChannels: ", "Context: didpool-inbound", "Aors: TWILIO",
                        "OutboundAuth: TWILIO-auth", "Transport: ", "FromDomain: acme.pstn.twilio.com",
                        "SendPai: true", "SendRpid: true"),
                AmiPeer.packet("Event: ContactStatusDetail", null, "AOR: TWILIO",
                        "URI: sip:acme.pstn.twilio.com", "Status: Unknown", "RoundtripUsec: N/A",
                        "EndpointName: TWILIO"))));
        link.start();

        TrunkStatus status = service.status(tenant, "TWILIO");

        assertThat(status.known()).isTrue();
        assertThat(status.amiConfigured()).isTrue();
        assertThat(status.didCount()).isEqualTo(3);
        assertThat(status.endpoint().deviceState()).isEqualTo("Not in use");
        assertThat(status.endpoint().aors()).isEqualTo("TWILIO");
        assertThat(status.endpoint().outboundAuth()).isEqualTo("TWILIO-auth");
        assertThat(status.endpoint().fromDomain()).isEqualTo("acme.pstn.twilio.com");
        assertThat(status.endpoint().contacts()).extracting(TrunkStatus.Contact::uri)
                .containsExactly("sip:acme.pstn.twilio.com");
        assertThat(status.message()).contains("Not in use");
        assertThat(peer.received("PJSIPShowEndpoint").get(0).get("Endpoint")).isEqualTo("TWILIO");
    }

    @Test
    void saysPlainlyWhenAsteriskDoesNotKnowTheTrunk() {
        link.start();

        TrunkStatus status = service.status(tenant, "BACKUP");

        assertThat(status.known()).isFalse();
        assertThat(status.endpoint()).isNull();
        assertThat(status.didCount()).isEqualTo(3);
        assertThat(status.message()).contains("has no PJSIP endpoint named 'BACKUP'", "3 of your DIDs");
    }

    @Test
    void answers502WhenTheAmiLinkIsDown() {
        link.start();
        peer.stop();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> !link.isUp());
        assertThatThrownBy(() -> service.status(tenant, "TWILIO"))
                .isInstanceOfSatisfying(DomainException.UpstreamFailed.class,
                        e -> assertThat(e.getMessage()).contains("is down"));
    }

    @Test
    void refusesATrunkNameThatCouldReachTheActionBadly() {
        link.start();
        assertThatThrownBy(() -> service.status(tenant, "TWILIO\r\nAction: Logoff"))
                .isInstanceOf(DomainException.InvalidRequest.class);
        assertThat(peer.received("PJSIPShowEndpoint")).isEmpty();
    }

    /** The DID inventory, as far as the trunk status asks it: {@code count} DIDs on any trunk. */
    static DidService didsOnTrunk(long count) {
        DidService dids = org.mockito.Mockito.mock(DidService.class);
        org.mockito.Mockito.when(dids.countOnTrunk(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any())).thenReturn(count);
        return dids;
    }

    /** Trunks as far as the status asks: every trunk open to every tenant. */
    static io.didpool.trunk.TrunkService openToEveryone() {
        io.didpool.trunk.TrunkService trunks = org.mockito.Mockito.mock(io.didpool.trunk.TrunkService.class);
        org.mockito.Mockito.when(trunks.isOpenTo(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.any())).thenReturn(true);
        return trunks;
    }
}
