package io.didpool.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A query parameter that the endpoint does not take is refused (400 naming it and the ones it takes), never ignored:
 * {@code ?number=+1415…} on the DID list used to answer every DID, which looks like a search that found them all.
 * The parameters an endpoint takes are its handler method's {@code @RequestParam}s, so a new endpoint is covered
 * without being listed anywhere.
 */
@Configuration(proxyBeanMethods = false)
class KnownQueryParameters implements HandlerInterceptor, WebMvcConfigurer {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** The names each handler takes; null when it takes a map of every parameter (then anything goes). */
    private final Map<Method, Taken> taken = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null) {
            return true;
        }
        // lets Tomcat parse (and refuse a malformed %-escape) before the query string is read here
        request.getParameterMap();
        Taken known = taken.computeIfAbsent(method.getMethod(), m -> Taken.of(method));
        if (known.any()) {
            return true;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String pair : request.getQueryString().split("&")) {
            String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            if (!name.isEmpty() && !known.names().contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw UnknownFieldsException.queryParameters(unknown, known.names());
        }
        return true;
    }

    private record Taken(boolean any, List<String> names) {

        static Taken of(HandlerMethod handler) {
            Set<String> names = new LinkedHashSet<>();
            for (MethodParameter parameter : handler.getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                if (param == null) {
                    continue;
                }
                if (Map.class.isAssignableFrom(parameter.getParameterType()) && param.name().isEmpty()) {
                    return new Taken(true, List.of());
                }
                parameter.initParameterNameDiscovery(NAMES);
                names.add(param.name().isEmpty() ? parameter.getParameterName() : param.name());
            }
            return new Taken(false, List.copyOf(names));
        }
    }
}
