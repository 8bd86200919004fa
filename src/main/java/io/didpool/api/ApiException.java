package io.didpool.api;

import org.springframework.http.HttpStatus;

/**
 * A failure whose message is safe to show to the caller; {@link ProblemDetailsAdvice} turns it into an RFC 9457
 * problem detail with this status. Messages must never carry secrets, SQL or stack traces.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    protected ApiException(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
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
}
