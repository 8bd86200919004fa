package io.didpool.api;

import java.util.List;
import java.util.Map;

/**
 * One refused field of a request, as Bean Validation would list it ({@code errors: [{"field","message"}]}), for the
 * rules that must also quote the value they refuse (which a constraint's message cannot).
 */
public class FieldRefused extends DomainException.InvalidRequest {

    private static final int SHOWN_LENGTH = 40;

    private final String field;
    private final String problem;

    public FieldRefused(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /**
     * The caller's text as a message quotes it: in double quotes, control characters shown as ? (a refused newline
     * is seen in the message, never obeyed by whatever prints it), and so are invisible and format characters (a
     * bidirectional control would reorder the message around it), separators, unpaired surrogates and noncharacters;
     * a long one shortened.
     */
    public static String quoted(String value) {
        String safe = value.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Cn}]", "?");
        return "\"" + (safe.length() <= SHOWN_LENGTH ? safe : safe.substring(0, SHOWN_LENGTH) + "…") + "\"";
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(Map.of("field", field, "message", problem)));
    }
}
