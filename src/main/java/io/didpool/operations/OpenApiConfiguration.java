package io.didpool.operations;

import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): every
 * {@code /api/**} endpoint, all behind one bearer scheme (the admin token on {@code /api/admin/**}, a tenant API
 * key elsewhere).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";

    static {
        // TenantId is resolved from the API key, not sent by the caller: it is no parameter of any operation.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(TenantId.class);
    }

    @Bean
    OpenAPI didpoolOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("didpool API")
                        .version("1")
                        .description("""
                                Holds a tenant's phone numbers (DIDs) and chooses the caller ID of each outbound call.

                                Every request carries `Authorization: Bearer <key>`: the admin token on \
                                `/api/admin/**`, a tenant API key everywhere else (a tenant sees only its own data; \
                                another tenant's id answers 404). Errors are RFC 9457 problem details with \
                                `status`, `title` and `detail`: 401 no or bad key, 400 invalid input (the field is \
                                named), 404 unknown id, 409 conflict (duplicate number, nothing selectable), 422 a \
                                reference that does not resolve, 502 an upstream (Twilio, Asterisk) failed."""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("a tenant API key (dp_…), or the admin token on /api/admin/**")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
