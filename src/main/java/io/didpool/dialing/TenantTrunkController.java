package io.didpool.dialing;

import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's view of the trunks its calls go out on (the admin's is {@code /api/admin/trunks}). */
@RestController
@Tag(name = "Asterisk", description = "the PJSIP trunks that calls go out on")
class TenantTrunkController {

    private final TenantTrunks trunks;

    TenantTrunkController(TenantTrunks trunks) {
        this.trunks = trunks;
    }

    @GetMapping("/api/asterisk/trunks")
    @Operation(summary = "The trunks the tenant uses: limits, its DIDs on each, its own calls in progress and queued",
            description = """
                    The trunks the tenant's DIDs name and the configured trunks open to it, by name; trunks closed to \
                    it are left out. The limits are the admin's (PUT /api/admin/trunks/{name}) and hold for every \
                    tenant together; callsInProgress and queued count this tenant's calls only.""")
    TrunkList list(TenantId tenant) {
        return new TrunkList(trunks.of(tenant));
    }

    record TrunkList(List<TenantTrunks.TenantTrunk> items) {
    }
}
