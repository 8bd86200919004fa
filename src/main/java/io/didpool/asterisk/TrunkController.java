package io.didpool.asterisk;

import io.didpool.tenant.TenantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/asterisk/trunks")
class TrunkController {

    private final TrunkEndpoints trunks;

    TrunkController(TrunkEndpoints trunks) {
        this.trunks = trunks;
    }

    @GetMapping("/{name}")
    TrunkStatus trunk(TenantId tenant, @PathVariable String name) {
        return trunks.status(tenant, name);
    }
}
