package io.didpool;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages (did, allocation, dialing, journey, …) are application modules: their dependencies form no
 * cycle, and none reaches into another's internals.
 */
class ModularityTest {

    @Test
    void theFeaturePackagesDependOnEachOtherWithoutCycles() {
        ApplicationModules.of(DidpoolApplication.class).verify();
    }
}
