package io.didpool.testsupport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * Tools that some groups of tests need from the machine: a real Asterisk, SIPp, headless Chromium. Where one is
 * missing, the group is skipped and says why, once, on the build's console; with {@code CI=true} (as CI services
 * set it) the group fails instead, so that a CI build cannot pass without having run it.
 */
public final class Prerequisites {

    /**
     * The forked test JVM's own stderr: surefire echoes it on the build's console, while what tests print through
     * System.out and System.err goes to report files (redirectTestOutputToFile), and a skipped test's reason is
     * printed nowhere. Never closed: it is file descriptor 2.
     */
    private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private Prerequisites() {
    }

    /** Whether this build runs on CI: the environment variable {@code CI} is {@code true}. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * For an {@code ExecutionCondition} on a test class: enabled when nothing is missing; else disabled saying
     * why, or on CI an exception, which fails the class.
     */
    public static ConditionEvaluationResult condition(String group, Optional<String> missing) {
        return missing.map(reason -> ConditionEvaluationResult.disabled(skipped(group, reason)))
                .orElseGet(() -> ConditionEvaluationResult.enabled(group + ": everything needed is here"));
    }

    /** For a test or its set-up: returns when nothing is missing; else skips the test saying why, or on CI fails it. */
    public static void require(String group, Optional<String> missing) {
        missing.ifPresent(reason -> Assumptions.abort(skipped(group, reason)));
    }

    private static String skipped(String group, String reason) {
        if (onCi()) {
            throw new IllegalStateException(group + " must run on CI (CI=true), but " + reason);
        }
        String message = group + " skipped: " + reason;
        if (ANNOUNCED.add(group)) {
            CONSOLE.println("[WARNING] " + message);
        }
        return message;
    }
}
