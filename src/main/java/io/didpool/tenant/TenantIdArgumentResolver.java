package io.didpool.tenant;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets a controller method declare a {@link TenantId} parameter: the tenant of the request's API key. */
@Configuration(proxyBeanMethods = false)
class TenantIdArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TenantId.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object tenant = request.getAttribute(ApiKeyAuthenticationFilter.TENANT_ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST);
        if (tenant == null) {
            throw new IllegalStateException("no tenant on a request that needs one: is the path under /api/?");
        }
        return tenant;
    }
}
