package io.didpool.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where exceptions become RFC 9457 problem details. Validation problems name the field in
 * {@code detail} and list every one in {@code errors}; unexpected failures are logged here and answered with a
 * generic 500 so that no stack trace, SQL or secret reaches a caller.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final HttpLimits limits;

    ProblemDetailsAdvice(HttpLimits limits) {
        this.limits = limits;
    }

    /** The one place where a kind of refusal becomes an HTTP status. */
    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> refused(DomainException e) {
        if (e instanceof DomainException.Unavailable unavailable) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER,
                            String.valueOf(Math.max(1, unavailable.retryAfter().toSeconds())))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(body(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", e.getMessage(), List.of()));
        }
        HttpStatus status = e instanceof DomainException.InvalidRequest ? HttpStatus.BAD_REQUEST
                : e instanceof DomainException.NotFound ? HttpStatus.NOT_FOUND
                : e instanceof DomainException.Conflict ? HttpStatus.CONFLICT
                : e instanceof DomainException.UnresolvedReference ? HttpStatus.UNPROCESSABLE_CONTENT
                : HttpStatus.BAD_GATEWAY;
        ProblemDetail body = body(status, status.getReasonPhrase(), e.getMessage(), List.of());
        e.properties().forEach(body::setProperty);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** A body over its endpoint's limit ({@link RequestBodyLimit}), whoever was reading it. */
    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Object> tooLarge(BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", e.getMessage(), List.of());
    }

    /**
     * The database is away or did not answer in time (see {@link DatabaseFaults}): 503 with Retry-After, so that the
     * caller retries instead of waiting. Any other data access failure is a bug and stays a 500.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<Object> database(Exception e) {
        if (!DatabaseFaults.isUnavailable(e)) {
            return unexpected(e);
        }
        DatabaseFaults.logUnavailable(log, e);
        return refused(new DomainException.Unavailable("the database did not answer in time; try again shortly",
                DatabaseFaults.RETRY_AFTER));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Object> duplicate(DuplicateKeyException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", "a row with the same unique key already exists", List.of());
    }

    /**
     * A value the database cannot store (SQLSTATE class 22: a NUL character, out of range, too long) is the caller's
     * input slipping past validation: 400, not 500. Any other integrity violation is a bug and stays a 500.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return problem(HttpStatus.BAD_REQUEST, "Bad Request",
                        "a value of the request cannot be stored (a NUL character, too long, or out of range)", List.of());
            }
        }
        return unexpected(e);
    }

    /** Tomcat parses the query string lazily, when the first parameter is read: a bad %-escape surfaces here. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameter(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad Request",
                "the query string is malformed: check its %-escapes", List.of());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        List<FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> {
                    String field = lastNode(v.getPropertyPath().toString());
                    return new FieldProblem(field, EchoedValue.append(field, v.getMessage(), v.getInvalidValue()));
                })
                .toList();
        return invalid(errors);
    }

    @ExceptionHandler(UnknownFieldsException.class)
    ResponseEntity<Object> unknownFields(UnknownFieldsException e) {
        return invalid(e.fields().stream().map(field -> new FieldProblem(field, e.fieldMessage())).toList());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (DatabaseFaults.isUnavailable(e)) {
            return database(e);
        }
        log.error("Unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                "an unexpected error occurred; it has been logged", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(fe.getField(),
                    EchoedValue.append(fe.getField(), fe.getDefaultMessage(), fe.getRejectedValue())));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(ge -> errors.add(new FieldProblem(ge.getObjectName(), ge.getDefaultMessage())));
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fe ? fe.getField() : name;
                // a query parameter's value, or the element of a list parameter that failed
                Object value = error instanceof FieldError fe ? fe.getRejectedValue() : result.getArgument();
                errors.add(new FieldProblem(field, EchoedValue.append(field, error.getDefaultMessage(), value)));
            }
        });
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof BodyTooLargeException tooLarge) {
            return tooLarge(tooLarge);
        }
        if (cause instanceof StreamConstraintsException limit) {
            return invalid(List.of(new FieldProblem(limit.getPath().isEmpty() ? "body" : field(limit),
                    exceeded(limit))));
        }
        if (cause instanceof StreamReadException read && StrictJson.duplicateKey(read) != null) {
            // the path is the object's (contacts[0]); the key completes it
            String key = StrictJson.duplicateKey(read);
            String field = read.getPath().isEmpty() ? key : field(read) + "." + key;
            return invalid(List.of(new FieldProblem(field, "is given twice in one object; a key may appear once")));
        }
        if (cause instanceof InputCoercionException range && !range.getPath().isEmpty()) {
            return invalid(List.of(new FieldProblem(field(range), "is out of range" + outOfRange(range))));
        }
        if (cause instanceof DatabindException de && !de.getPath().isEmpty()) {
            String field = field(de);
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return invalid(List.of(new FieldProblem(field, UnknownFieldsException.message(
                        describe(unknown.getReferringClass()), knownFields(unknown)))));
            }
            if (cause instanceof InvalidNullException) {
                return invalid(List.of(new FieldProblem(field, "may not be null; leave the field out instead")));
            }
            String expected = cause instanceof MismatchedInputException mismatch
                    ? StrictJson.expected(mismatch.getTargetType()) : null;
            Object value = cause instanceof tools.jackson.databind.exc.InvalidFormatException format
                    ? format.getValue() : null;
            return invalid(List.of(new FieldProblem(field, EchoedValue.append(field,
                    expected != null ? expected : "has a value of the wrong type or format", value))));
        }
        // valid JSON of the wrong shape ([], "x", 5) fails at the root, with no field to name
        String detail = cause instanceof DatabindException ? "the request body must be a JSON object"
                : cause instanceof JacksonException ? "the request body is not valid JSON"
                : "the request body is missing or unreadable";
        return problem(HttpStatus.BAD_REQUEST, "Bad Request", detail, List.of());
    }

    /** What a request body is, in words ("a MAKE_CALL node's config"), as its class describes itself. */
    private static String describe(Class<?> body) {
        JsonClassDescription description = body == null ? null : body.getAnnotation(JsonClassDescription.class);
        return description == null ? null : description.value();
    }

    /** The fields the body takes, as Jackson lists them (in the order a record declares them). */
    private static List<String> knownFields(UnrecognizedPropertyException unknown) {
        return unknown.getKnownPropertyIds() == null ? List.of()
                : unknown.getKnownPropertyIds().stream().map(String::valueOf).toList();
    }

    /** " (got 99999999999)": the number Jackson could not fit, as its message quotes it; "" when it does not. */
    private static String outOfRange(InputCoercionException e) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("value \\(([-0-9.eE+]{1,40})\\)")
                .matcher(String.valueOf(e.getOriginalMessage()));
        return value.find() ? " (got " + value.group(1) + ")" : "";
    }

    /** The JSON path of the failure, as a caller writes it: {@code nodes[0].config.didId}. */
    private static String field(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("body");
    }

    /** Jackson's message names its own setting; this one says what the caller sent too much of. */
    private String exceeded(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("String value length") || message.startsWith("Name length")) {
            return "is longer than " + limits.maxJsonStringLength() + " characters";
        }
        if (message.startsWith("Document nesting depth")) {
            return "nests objects and arrays deeper than " + limits.maxJsonDepth() + " levels";
        }
        return "exceeds a limit of the JSON the API reads";
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return invalid(List.of(new FieldProblem(field,
                EchoedValue.append(field, "has a value of the wrong type or format", e.getValue()))));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // Spring's own problem bodies are fine, but never carry the exception's message for server errors.
        if (status.is5xxServerError()) {
            log.error("Request failed", e);
            return problem(HttpStatus.valueOf(status.value()), "Internal Server Error",
                    "an unexpected error occurred; it has been logged", List.of());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /**
     * A mistyped console address in a browser gets a page with a way back, not a problem detail; API clients and
     * everything under {@code /api/} keep getting problem details.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "";
        if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE) && !path.startsWith("/api/")) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).body(NOT_FOUND_PAGE);
        }
        // Spring's own detail ("No static resource api/x.") speaks of its resource handler, not of the API
        return problem(HttpStatus.NOT_FOUND, "Not Found",
                "no such path: " + e.getHttpMethod() + " /" + e.getResourcePath(), List.of());
    }

    private static final String NOT_FOUND_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>didpool: page not found</title>
            <link rel="stylesheet" href="/console/console.css"></head>
            <body><main><h1>Page not found</h1><p>There is no page at this address.</p>
            <p><a href="/dids">Back to the console</a></p></main></body></html>""";

    private static ResponseEntity<Object> invalid(List<FieldProblem> errors) {
        String detail = errors.isEmpty() ? "invalid input"
                : errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b).get();
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", detail, errors);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail,
            List<FieldProblem> errors) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body(status, title, detail, errors));
    }

    private static ProblemDetail body(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setType(URI.create("about:blank"));
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors.stream()
                    .map(f -> Map.of("field", f.field(), "message", String.valueOf(f.message()))).toList());
        }
        return body;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private record FieldProblem(String field, String message) {
    }
}
