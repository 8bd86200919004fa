package io.didpool.twilio;

import com.twilio.base.Page;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumberReader;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * didpool's only door to Twilio, through the official SDK. Each call builds a client of its own for the tenant's
 * credentials (never the SDK's static {@code Twilio.init} global, which would mix tenants); the clients share one
 * connection pool whose every socket has the configured timeout.
 */
@Component
class TwilioGateway implements DisposableBean {

    private final TwilioProperties properties;
    private final PoolingHttpClientConnectionManager connections;

    TwilioGateway(TwilioProperties properties) {
        this.properties = properties;
        Timeout timeout = Timeout.of(properties.timeout());
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout).setSoKeepAlive(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(20)
                .build();
    }

    String accountFriendlyName(TwilioCredentials credentials) {
        Client client = client(credentials);
        return call(client, credentials, () -> Account.fetcher(credentials.accountSid()).fetch(client.rest()))
                .getFriendlyName();
    }

    /**
     * Reads the account's numbers page by page, giving each page to {@code handler} before asking for the next,
     * so that only one page is ever in memory.
     */
    void forEachNumberPage(TwilioCredentials credentials, Consumer<List<TwilioNumber>> handler) {
        Client client = client(credentials);
        IncomingPhoneNumberReader reader = IncomingPhoneNumber.reader(credentials.accountSid())
                .setPageSize((long) properties.pageSize());
        Page<IncomingPhoneNumber> page = call(client, credentials, () -> reader.firstPage(client.rest()));
        while (true) {
            handler.accept(page.getRecords().stream().map(TwilioNumber::of).toList());
            if (!page.hasNextPage()) {
                return;
            }
            Page<IncomingPhoneNumber> current = page;
            page = call(client, credentials, () -> reader.nextPage(current, client.rest()));
        }
    }

    /**
     * Reads every page of {@code reader} with a client for {@code credentials}, giving each page's records to
     * {@code handler} before asking for the next.
     */
    <T extends com.twilio.base.Resource> void forEachPage(TwilioCredentials credentials,
            com.twilio.base.Reader<T> reader, Consumer<List<T>> handler) {
        Client client = client(credentials);
        Page<T> page = call(client, credentials, () -> reader.firstPage(client.rest()));
        while (true) {
            handler.accept(page.getRecords());
            if (!page.hasNextPage()) {
                return;
            }
            Page<T> current = page;
            page = call(client, credentials, () -> reader.nextPage(current, client.rest()));
        }
    }

    /** One request with a client for {@code credentials}: retried as every request is, failures as TwilioFailure. */
    <T> T request(TwilioCredentials credentials, java.util.function.Function<TwilioRestClient, T> request) {
        Client client = client(credentials);
        return call(client, credentials, () -> request.apply(client.rest()));
    }

    private Client client(TwilioCredentials credentials) {
        RebasedHttpClient http = new RebasedHttpClient(HttpClientBuilder.create()
                .setConnectionManager(connections)
                .setConnectionManagerShared(true)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(properties.timeout()))
                        .setResponseTimeout(Timeout.of(properties.timeout()))
                        .build()),
                properties);
        TwilioRestClient rest = new TwilioRestClient.Builder(credentials.accountSid(), credentials.authToken())
                .httpClient(http)
                .build();
        return new Client(rest, http);
    }

    private <T> T call(Client client, TwilioCredentials credentials, Supplier<T> request) {
        try {
            return request.get();
        } catch (TwilioException e) {
            throw failure(e, client.http().lastStatus(), credentials);
        }
    }

    private TwilioFailure failure(TwilioException e, int lastStatus, TwilioCredentials credentials) {
        Integer status = e instanceof ApiException api && api.getStatusCode() != null
                ? api.getStatusCode() : (lastStatus == 0 ? null : lastStatus);
        String twilioSaid = e instanceof ApiException api && api.getCode() != null
                ? "Twilio error " + api.getCode() + ": " + e.getMessage() : e.getMessage();
        if (status == null) {
            return new TwilioFailure(null, "Twilio at " + properties.baseUrl().getHost() + " did not answer ("
                    + e.getMessage() + ") after " + properties.maxAttempts() + " attempts");
        }
        if (status == 401 || status == 403) {
            return new TwilioFailure(status, "Twilio rejected the credentials of account " + credentials.accountSid()
                    + " (HTTP " + status + ", " + twilioSaid + "): check the account SID and auth token");
        }
        if (status >= 200 && status < 300) {
            return new TwilioFailure(status, "Twilio's answer could not be read (" + e.getMessage() + ")");
        }
        boolean retried = status == 429 || status >= 500;
        return new TwilioFailure(status, "Twilio answered HTTP " + status + " (" + twilioSaid + ")"
                + (retried ? " after " + properties.maxAttempts() + " attempts" : ""));
    }

    @Override
    public void destroy() {
        connections.close();
    }

    private record Client(TwilioRestClient rest, RebasedHttpClient http) {
    }
}
