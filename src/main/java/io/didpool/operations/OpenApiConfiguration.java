package io.didpool.operations;

import io.didpool.tenant.TenantId;
import io.didpool.did.DidRules;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springdoc.core.customizers.OpenApiCustomizer;
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
                                named), 404 unknown id, 409 conflict (duplicate number, nothing selectable), 413 a \
                                body over its limit (1 MiB; more for bulk endpoints), 422 a reference that does not \
                                resolve, 429 too many wrong admin tokens, 502 an upstream (Twilio, Asterisk) failed, \
                                503 the database did not answer in time (retry after `Retry-After`)."""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("a tenant API key (dp_…), or the admin token on /api/admin/**"))
                        .addSchemas(OpenApiErrors.PROBLEM, problem()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** An RFC 9457 problem detail, as every error of the API is answered. */
    private static Schema<?> problem() {
        Schema<?> field = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field, e.g. nodes[0].config.didSegment"))
                .addProperty("message", new StringSchema().description("what it takes, in words"));
        return new ObjectSchema()
                .description("RFC 9457 problem detail (application/problem+json)")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid input"))
                .addProperty("status", new io.swagger.v3.oas.models.media.IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("segment: a segment name is 1 to 63 lowercase"
                        + " letters, digits, '.', '_' or '-', starting with a letter or digit"))
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(field)
                        .description("validation problems, each naming its field"));
    }

    /**
     * The partial update of a DID takes a free-form map (to tell a field left out from a field sent as null), which
     * springdoc can only describe as "an object": describe its four fields instead.
     */
    @Bean
    OpenApiCustomizer didUpdateBody() {
        return openApi -> Optional.ofNullable(openApi.getPaths())
                .map(paths -> paths.get("/api/asterisk-dids/{id}"))
                .map(PathItem::getPut)
                .ifPresent(OpenApiConfiguration::describeDidUpdate);
    }

    private static void describeDidUpdate(Operation put) {
        Schema<?> body = new ObjectSchema()
                .description("Changes only the fields given; \"segment\": null clears the segment.")
                .addProperty("segment", nullableString(DidRules.SEGMENT))
                .addProperty("trunk", new StringSchema().pattern(DidRules.TRUNK))
                .addProperty("status", new StringSchema().pattern(DidRules.STATUS))
                .addProperty("friendlyName", nullableString(null).maxLength(255));
        body.setAdditionalProperties(false);
        put.requestBody(new RequestBody().required(true)
                .content(new Content().addMediaType("application/json", new MediaType().schema(body))));
    }

    /** A string or null, as OpenAPI 3.1 (which springdoc writes) says it: {@code "type": ["string", "null"]}. */
    private static Schema<?> nullableString(String pattern) {
        Schema<?> schema = new JsonSchema().types(new LinkedHashSet<>(List.of("string", "null")));
        schema.setPattern(pattern);
        return schema;
    }
}
