package io.didpool.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure whose message is safe to show to the caller; {@link ProblemDetailsAdvice} turns it into an RFC 9457
 * problem detail with this status. Messages must never carry secrets, SQL or stack traces.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, String> fieldErrors;

    protected ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    private ApiException(HttpStatus status, String title, String detail, Map<String, String> fieldErrors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fieldErrors = fieldErrors;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Field by field, when the refusal is about fields of the request (answered with an {@code errors} list). */
    Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** 404: unknown id, or an id of another tenant (the two must be indistinguishable). */
    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not Found", detail);
    }

    /** 409: duplicate, nothing selectable, an operation already running. */
    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    /** 400: input that passed the shape checks but is still invalid. */
    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Bad Request", detail);
    }

    /** 422: a reference (DID, segment) that does not resolve for this tenant. */
    public static ApiException unprocessable(String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable Content", detail);
    }

    /** 502: Twilio or Asterisk failed. */
    public static ApiException upstream(String detail) {
        return new ApiException(HttpStatus.BAD_GATEWAY, "Bad Gateway", detail);
    }

    /**
     * 400: fields of a request body that it does not take, a typo never being silently ignored. {@code body} says
     * what the body is ("a DID update"), {@code known} lists the fields it takes.
     */
    public static ApiException unknownFields(Collection<String> fields, String body, Collection<String> known) {
        Map<String, String> errors = new LinkedHashMap<>();
        fields.forEach(field -> errors.put(field, unknownFieldMessage(body, known)));
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid input", "unknown fields: " + String.join(", ", fields),
                errors);
    }

    /** "unknown field; a DID update takes segment, trunk, status, friendlyName": the message of every unknown field. */
    static String unknownFieldMessage(String body, Collection<?> known) {
        if (known.isEmpty()) {
            return "unknown field";
        }
        String fields = String.join(", ", known.stream().map(String::valueOf).toList());
        return "unknown field; " + (body == null ? "the fields here are " : body + " takes ") + fields;
    }
}
