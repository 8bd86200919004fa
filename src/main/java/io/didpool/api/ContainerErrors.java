package io.didpool.api;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Requests that Tomcat refuses before Spring sees them (a malformed %-escape, an encoded slash, an illegal character
 * in the URL) got Tomcat's HTML error page; these answer with a problem detail like every other error of the API.
 *
 * <p>TRACE, which Tomcat refused itself (its connector's {@code allowTrace}) and reported through Spring Boot's error
 * page as Spring's own JSON, goes to Spring MVC like any other method the API does not serve: 405, a problem detail
 * with the path's real {@code Allow}. The dispatcher never echoes a TRACE ({@link NoTraceEchoDispatcherServlet}).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemDetailsFromTomcat() {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            // the host installs its default valve (and Spring Boot its own) on start: replace them once it has
            host.addLifecycleListener(event -> {
                if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new ProblemReportValve());
                }
            });
        });
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> traceToSpringMvc() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
    }

    /** Spring Boot's dispatcher servlet, from the same properties, but a {@link NoTraceEchoDispatcherServlet}. */
    @Bean(DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet(WebMvcProperties properties) {
        DispatcherServlet servlet = new NoTraceEchoDispatcherServlet();
        servlet.setDispatchOptionsRequest(properties.isDispatchOptionsRequest());
        servlet.setPublishEvents(properties.isPublishRequestHandledEvents());
        servlet.setEnableLoggingRequestDetails(properties.isLogRequestDetails());
        return servlet;
    }

    /**
     * Handles TRACE like every other method, through handler mappings and the exception advice (405 with the path's
     * methods when nothing serves it), and never falls back to HttpServlet's TRACE, which echoes the request and its
     * headers: {@code FrameworkServlet} does, even after dispatching, unless a handler answered {@code message/http}.
     */
    static final class NoTraceEchoDispatcherServlet extends DispatcherServlet {

        @Override
        protected void doTrace(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            processRequest(request, response);
        }
    }

    /** Writes the error Tomcat is about to report as {@code application/problem+json}. */
    static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            String detail = status == 400 ? "the request is malformed: check the URL's %-escapes and characters"
                    : title.toLowerCase();
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                            + ",\"detail\":\"" + detail + "\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the response already committed: nothing more can be said
            }
        }
    }
}
