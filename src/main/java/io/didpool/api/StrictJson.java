package io.didpool.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.type.LogicalType;

/**
 * A request body is taken exactly as sent, or refused (400 naming the field, {@link ProblemDetailsAdvice}). By
 * default Jackson lets the last of two equal keys win (a contact {@code {"phoneNumber":"+1646…","phoneNumber":
 * "+1900"}} was queued for +1900) and converts scalars ({@code "20"} and {@code 20.7} became 20, {@code "false"} and
 * {@code 0} false: a bulk {@code "dryRun":"false"} performed the change). These settings hold for the application's
 * one JsonMapper, so for every body; query parameters are converted by Spring, not Jackson, and keep their rules.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    private static final String DUPLICATE = "Duplicate Object property \"";

    /** A key given twice in one object fails the parse, wherever the object is. */
    @Bean
    JsonFactoryBuilderCustomizer duplicateKeysRefused() {
        return factory -> factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * No scalar becomes another kind: a string is not a number or a boolean, a number not a boolean or a string, a
     * fraction not an integer, {@code ""} not null. An integer where a fraction is declared stays welcome: 1 is how
     * JSON writes 1.0. JSON {@code null} is not a coercion and keeps meaning "not given".
     */
    @Bean
    JsonMapperBuilderCustomizer noScalarCoercion() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Integer, refusing(CoercionInputShape.Float, CoercionInputShape.Boolean,
                        CoercionInputShape.String, CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Float, refusing(CoercionInputShape.Boolean, CoercionInputShape.String,
                        CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Boolean, refusing(CoercionInputShape.Integer, CoercionInputShape.Float,
                        CoercionInputShape.String, CoercionInputShape.EmptyString))
                .withCoercionConfig(LogicalType.Textual, refusing(CoercionInputShape.Integer, CoercionInputShape.Float,
                        CoercionInputShape.Boolean))
                .withCoercionConfig(LogicalType.Enum, refusing(CoercionInputShape.Integer, CoercionInputShape.Float));
    }

    private static Consumer<MutableCoercionConfig> refusing(CoercionInputShape... shapes) {
        return config -> {
            for (CoercionInputShape shape : shapes) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }

    /** The key a body gave twice, when that is why it was refused; null otherwise. */
    static String duplicateKey(StreamReadException e) {
        // Jackson has no exception type of its own for it, only this message (tools.jackson.core.json.JsonReadContext)
        String message = e.getOriginalMessage();
        if (message == null || !message.startsWith(DUPLICATE) || !message.endsWith("\"")) {
            return null;
        }
        return message.substring(DUPLICATE.length(), message.length() - 1);
    }

    private static final Set<Class<?>> WHOLE = Set.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class, BigInteger.class);
    private static final Set<Class<?>> FRACTION = Set.of(Double.class, double.class, Float.class, float.class,
            BigDecimal.class);

    /** What a field of this type takes, in words, for a value of another kind; null for other types. */
    static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (WHOLE.contains(type)) {
            return "must be a JSON number without a fraction";
        }
        if (FRACTION.contains(type)) {
            return "must be a JSON number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a JSON string";
        }
        return null;
    }
}
