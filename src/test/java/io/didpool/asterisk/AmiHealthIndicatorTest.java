package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class AmiHealthIndicatorTest {

    private final AmiPeer peer = new AmiPeer();
    private AmiLink link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
        peer.close();
    }

    @Test
    void isDownWhileTheAmiLinkIsAwayAndUpWhenItIsBack() {
        link = new AmiLink(AmiDialerTest.settings(peer.port(), AmiPeer.PASSWORD));
        link.start();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("amiLink", link);
        AmiHealthIndicator indicator = new AmiHealthIndicator(beans.getBeanProvider(AmiLink.class));

        Health up = indicator.health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("address", "127.0.0.1:" + peer.port())
                .doesNotContainValue(AmiPeer.PASSWORD);

        peer.stop();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> indicator.health().getStatus().equals(Status.DOWN));
        peer.start();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> indicator.health().getStatus().equals(Status.UP));
    }

    @Test
    void saysPlainlyThatTheDryRunDialerPlacesNoCall() {
        Health health = new AmiHealthIndicator(new StaticListableBeanFactory().getBeanProvider(AmiLink.class)).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("mode", "dry-run");
    }
}
