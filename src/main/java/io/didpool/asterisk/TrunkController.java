package io.didpool.asterisk;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.didpool.tenant.TenantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/asterisk/trunks")
@Tag(name = "Asterisk", description = "the PJSIP trunks that calls go out on")
class TrunkController {

    private final TrunkEndpoints trunks;

    TrunkController(TrunkEndpoints trunks) {
        this.trunks = trunks;
    }

    @GetMapping("/{name}")
    @Operation(description = "Asks Asterisk over AMI for the PJSIP endpoint (the trunk's name) and counts the"
            + " tenant's DIDs that name it; 404 for a trunk the tenant may not use, 502 when Asterisk does not"
            + " answer.",
            summary = "A trunk's PJSIP endpoint state as Asterisk reports it, and how many DIDs name it")
    @ApiResponse(responseCode = "200", description = "the trunk's state")
    @ApiResponse(responseCode = "502", description = "Asterisk did not answer")
    TrunkStatus trunk(TenantId tenant, @PathVariable String name) {
        return trunks.status(tenant, name);
    }
}
