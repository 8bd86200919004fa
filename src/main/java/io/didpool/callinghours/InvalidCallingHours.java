package io.didpool.callinghours;

import io.didpool.api.DomainException;
import java.util.List;
import java.util.Map;

/**
 * Calling hours refused: a 400 whose detail lists every problem and whose {@code errors} name each field, as the
 * API's own validation answers ({@code [{"field":"days.MON.start","message":"…"}]}).
 */
class InvalidCallingHours extends DomainException.InvalidRequest {

    private final List<Problem> problems;

    InvalidCallingHours(List<Problem> problems) {
        super(String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList()));
        this.problems = List.copyOf(problems);
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", problems.stream().map(p -> Map.of("field", p.field(), "message", p.message()))
                .toList());
    }

    record Problem(String field, String message) {
    }
}
