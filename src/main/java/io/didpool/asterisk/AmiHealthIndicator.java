package io.didpool.asterisk;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code ami}: the AMI link to Asterisk, up once Asterisk has fully booted, down
 * (with the link's state) while it is away, since no call can be placed then. With no AMI host the dry-run dialer
 * places no call and needs no link, which is said plainly. Never shows the password.
 */
@Component("ami")
class AmiHealthIndicator implements HealthIndicator {

    private final ObjectProvider<AmiLink> link;

    AmiHealthIndicator(ObjectProvider<AmiLink> link) {
        this.link = link;
    }

    @Override
    public Health health() {
        AmiLink ami = link.getIfAvailable();
        if (ami == null) {
            return Health.up().withDetail("mode", "dry-run").withDetail("detail",
                    "DIDPOOL_AMI_HOST is not set: no calls are placed").build();
        }
        Health.Builder health = ami.isUp() ? Health.up() : Health.down();
        return health.withDetail("mode", "ami").withDetail("address", ami.address())
                .withDetail("state", ami.state()).build();
    }
}
