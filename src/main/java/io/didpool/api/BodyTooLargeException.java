package io.didpool.api;

import java.io.IOException;

/**
 * A request body over its endpoint's limit ({@link HttpLimits}): 413. An {@link IOException} because it is thrown
 * from the body's stream as it is read, by whatever reads it.
 */
class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limit) {
        super("the request body is larger than " + readable(limit) + ", the most this endpoint accepts");
    }

    private static String readable(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
