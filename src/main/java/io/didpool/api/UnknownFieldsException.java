package io.didpool.api;

import java.util.Collection;
import java.util.List;

/**
 * Fields of a request body that the body does not take. A typo is never ignored ("didSegmnet" would save a node that
 * then calls with default rotation): {@link ProblemDetailsAdvice} answers 400 naming each one and the fields the body
 * takes, in the shape it gives the unknown fields Jackson finds.
 */
public class UnknownFieldsException extends RuntimeException {

    private final List<String> fields;
    private final String fieldMessage;

    /** {@code body} says what the body is ("a DID update"); {@code known} lists the fields it takes. */
    public UnknownFieldsException(Collection<String> fields, String body, Collection<String> known) {
        this(fields, message(body, known));
    }

    private UnknownFieldsException(Collection<String> fields, String fieldMessage) {
        super("unknown fields: " + String.join(", ", fields));
        this.fields = List.copyOf(fields);
        this.fieldMessage = fieldMessage;
    }

    /** Query parameters the endpoint does not take; {@code known} lists those it takes. */
    static UnknownFieldsException queryParameters(Collection<String> parameters, Collection<String> known) {
        return new UnknownFieldsException(parameters, "unknown query parameter; "
                + (known.isEmpty() ? "this endpoint takes none" : "this endpoint takes " + String.join(", ", known)));
    }

    List<String> fields() {
        return fields;
    }

    String fieldMessage() {
        return fieldMessage;
    }

    /** "unknown field; a DID update takes segment, trunk, status, friendlyName": said of every unknown field. */
    static String message(String body, Collection<?> known) {
        if (known.isEmpty()) {
            return "unknown field";
        }
        String fields = String.join(", ", known.stream().map(String::valueOf).toList());
        return "unknown field; " + (body == null ? "the fields here are " : body + " takes ") + fields;
    }
}
