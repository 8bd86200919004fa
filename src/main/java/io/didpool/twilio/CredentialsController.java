package io.didpool.twilio;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.didpool.tenant.TenantId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/twilio/credentials")
@Tag(name = "Twilio", description = "the tenant's Twilio credentials, and importing its numbers")
class CredentialsController {

    private final CredentialsService credentials;

    CredentialsController(CredentialsService credentials) {
        this.credentials = credentials;
    }

    @PutMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(description = "Replaces any stored before. The auth token is encrypted with DIDPOOL_SECRET_KEY"
            + " (AES-GCM) and never shown again.",
            summary = "Store the tenant's Twilio credentials (the auth token encrypted)")
    void store(TenantId tenant, @Valid @RequestBody StoreCredentials request) {
        credentials.store(tenant, new TwilioCredentials(request.accountSid(), request.authToken()));
    }

    @GetMapping
    @Operation(description = "What is stored, to tell which account it is: the account SID and the auth token's"
            + " last 4 characters, never the token; 404 when none is stored.",
            summary = "The stored account SID and the last 4 characters of the auth token")
    @ApiResponse(responseCode = "200", description = "the stored credentials, without the auth token")
    @ApiResponse(responseCode = "404", description = "no credentials are stored")
    CredentialsService.CredentialsView show(TenantId tenant) {
        return credentials.show(tenant);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(description = "Deletes them; imports and checks answer 404 until new ones are stored.",
            summary = "Forget the tenant's Twilio credentials")
    @ApiResponse(responseCode = "404", description = "no credentials are stored")
    void delete(TenantId tenant) {
        credentials.delete(tenant);
    }

    @PostMapping("/test")
    @Operation(description = "Asks Twilio for the account with them: ok and the account's friendly name, or a"
            + " problem detail saying what Twilio answered (502).",
            summary = "Check the stored credentials against Twilio")
    @ApiResponse(responseCode = "200", description = "Twilio accepted them: the account's name")
    @ApiResponse(responseCode = "404", description = "no credentials are stored")
    @ApiResponse(responseCode = "409", description = "the credentials were stored under another DIDPOOL_SECRET_KEY")
    @ApiResponse(responseCode = "502", description = "Twilio refused them or did not answer")
    CredentialsService.TestResult test(TenantId tenant) {
        return credentials.test(tenant);
    }

    /** Validation messages describe the expected shape and never repeat the value sent. */
    @JsonClassDescription("storing Twilio credentials")
    record StoreCredentials(
            @NotNull @Pattern(regexp = TwilioCredentials.ACCOUNT_SID,
                    message = "must be a Twilio account SID: AC followed by 32 hexadecimal characters")
            String accountSid,
            @NotNull @Pattern(regexp = TwilioCredentials.AUTH_TOKEN,
                    message = "must be the account's auth token: 32 hexadecimal characters")
            String authToken) {

        @Override
        public String toString() {
            return "StoreCredentials[accountSid=" + accountSid + ", authToken=****]";
        }
    }
}
