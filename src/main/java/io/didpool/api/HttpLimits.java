package io.didpool.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How much a request may send ({@code didpool.http.*}, or {@code DIDPOOL_HTTP_*}): the service holds a JSON body in
 * memory while it reads it, so every body is capped, the bulk endpoints higher than the rest. Sizes take units
 * ({@code 1MB} is 1 MiB).
 *
 * @param maxBody             largest request body of every endpoint not named below
 * @param maxBulkBody         largest body of {@code POST /api/campaigns} and
 *                            {@code POST /api/asterisk-dids/coverage/contacts} (up to 100,000 contacts) and of
 *                            {@code POST /api/asterisk-dids/bulk} (up to 50,000 ids or numbers)
 * @param maxCsvImportBody    largest body of {@code POST /api/asterisk-dids/import/csv}
 * @param maxJsonStringLength longest string value (or field name) in a JSON body, in characters
 * @param maxJsonDepth        deepest nesting of objects and arrays in a JSON body
 */
@ConfigurationProperties("didpool.http")
record HttpLimits(
        @DefaultValue("1MB") DataSize maxBody,
        @DefaultValue("16MB") DataSize maxBulkBody,
        @DefaultValue("32MB") DataSize maxCsvImportBody,
        @DefaultValue("65536") int maxJsonStringLength,
        @DefaultValue("32") int maxJsonDepth) {

    /** The largest body a request of this method to this (routed) path may send, in bytes. */
    long maxBodyOf(String method, String path) {
        if ("POST".equals(method) && ("/api/campaigns".equals(path) || "/api/asterisk-dids/bulk".equals(path)
                || "/api/asterisk-dids/coverage/contacts".equals(path))) {
            return maxBulkBody.toBytes();
        }
        if ("POST".equals(method) && "/api/asterisk-dids/import/csv".equals(path)) {
            return maxCsvImportBody.toBytes();
        }
        return maxBody.toBytes();
    }
}
