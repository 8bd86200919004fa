package io.didpool.operations;

import io.didpool.tenant.TenantId;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * Every error status an operation can answer, in its OpenAPI description, each an RFC 9457 problem detail. The
 * statuses every operation shares follow from its handler method (a path variable can be unknown: 404; a tenant's
 * write can come with a read-only key, an admin operation with a tenant's key: 403; …); those of its domain (409,
 * 422, 502) are declared on the method with {@code @ApiResponse}.
 */
@Component
class OpenApiErrors implements OperationCustomizer {

    static final String PROBLEM = "Problem";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<String, String> errors = new TreeMap<>();
        errors.put("400", (has(handler, RequestBody.class) ? "invalid input (in a JSON body also a field it does not"
                + " take, a key given twice, or a value of another kind than declared, such as \"20\" for a number)"
                : "invalid input") + ", or a query parameter the operation does not take: the problem names the field");
        errors.put("401", "no key, or a wrong, unknown or revoked one");
        if (takesTenant(handler) && !isRead(handler)) {
            errors.put("403", "a read-only API key");
        } else if (isAdmin(handler)) {
            errors.put("403", "a tenant's API key: the admin API takes the admin token");
        }
        if (has(handler, PathVariable.class)) {
            errors.put("404", "no such id or name (another tenant's answers the same)");
        }
        if (!writesItself(handler)) {
            errors.put("406", "an Accept header that excludes JSON");
        }
        if (has(handler, RequestBody.class) || consumes(handler)) {
            errors.put("415", "a body of another media type");
        }
        errors.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, new ApiResponse().description(description));
            }
        });
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
            }
        });
        operation.setResponses(responses);
        return operation;
    }

    private static boolean takesTenant(HandlerMethod handler) {
        return Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == TenantId.class);
    }

    private static boolean isRead(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping != null && Arrays.asList(mapping.method()).contains(RequestMethod.GET);
    }

    /** Under {@code /api/admin/}, as the class's and the method's mappings together say. */
    private static boolean isAdmin(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        String prefix = type == null || type.path().length == 0 ? "" : type.path()[0];
        String[] paths = method == null || method.path().length == 0 ? new String[] {""} : method.path();
        return Arrays.stream(paths).anyMatch(path -> (prefix + path).startsWith("/api/admin/"));
    }

    private static boolean consumes(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping != null && mapping.consumes().length > 0;
    }

    /** An operation that writes its answer itself (the CSV export) negotiates no media type. */
    private static boolean writesItself(HandlerMethod handler) {
        return Arrays.stream(handler.getMethodParameters())
                .anyMatch(p -> p.getParameterType() == HttpServletResponse.class);
    }

    private static boolean has(HandlerMethod handler, Class<? extends java.lang.annotation.Annotation> annotation) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(annotation)) {
                return true;
            }
        }
        return false;
    }
}
