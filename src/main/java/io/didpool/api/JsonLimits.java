package io.didpool.api;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;

/**
 * The JSON parser refuses a string value longer than {@link HttpLimits#maxJsonStringLength()} characters and nesting
 * deeper than {@link HttpLimits#maxJsonDepth()} as it reads them, before they are held in memory; the request is
 * answered 400 naming the field ({@link ProblemDetailsAdvice}).
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    @Bean
    JsonFactoryBuilderCustomizer boundedJsonInput(HttpLimits limits) {
        return factory -> factory.streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(limits.maxJsonStringLength())
                .maxNameLength(limits.maxJsonStringLength())
                .maxNestingDepth(limits.maxJsonDepth())
                .build());
    }
}
