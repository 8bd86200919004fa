package io.didpool.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The FastAGI script {@code agi://…/inbound} that Asterisk's inbound context runs: reads the number called
 * ({@code agi_extension}) and the caller ({@code agi_callerid}), both untrusted, asks {@link InboundRouter} and answers
 * the channel variables {@code DIDPOOL_ROUTE} (a dial string; none when refused), {@code DIDPOOL_CALLERID} (the DID,
 * when a number is forwarded) and, last, {@code DIDPOOL_DECISION}: the dialplan reads a decision only once
 * everything it needs is set.
 *
 * <p>Bounded: a decision not made within {@code didpool.agi.decision-timeout} (500 ms), or one the database refused,
 * is no decision; didpool answers nothing and the dialplan's fallback route takes the call (Asterisk itself waits
 * for an AGI answer as long as the server likes). The decisions run on a small pool of their own; when it is full
 * (the database has stalled them all) a call gets the fallback at once.
 */
@Component
class InboundAgi implements AgiScript, DisposableBean {

    static final String SCRIPT = "inbound";
    /** Asterisk's channel unique id, "1733628000.42": anything else is not kept. */
    private static final Pattern UNIQUE_ID = Pattern.compile("^[0-9]{1,20}\\.[0-9]{1,20}$");
    private static final Logger log = LoggerFactory.getLogger(InboundAgi.class);

    private final InboundRouter router;
    private final InboundRecorder recorder;
    private final InboundProperties properties;
    private final Clock clock;
    /** 16 threads (a queue fills before a pool grows past its core, so core and maximum are one), idle ones ended. */
    private final ThreadPoolExecutor decisions = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64), runnable -> {
                Thread thread = new Thread(runnable, "didpool-inbound-decision");
                thread.setDaemon(true);
                return thread;
            });
    private final Map<InboundDecision, Counter> calls = new EnumMap<>(InboundDecision.class);
    private final Timer decisionTime;
    private final Timer answerTime;

    InboundAgi(InboundRouter router, InboundRecorder recorder, InboundProperties properties, Clock clock,
            MeterRegistry meters) {
        this.router = router;
        this.recorder = recorder;
        this.properties = properties;
        this.clock = clock;
        for (InboundDecision decision : InboundDecision.values()) {
            calls.put(decision, Counter.builder("didpool.inbound.calls").tag("decision", decision.name())
                    .description("inbound calls by didpool's decision").register(meters));
        }
        this.decisionTime = Timer.builder("didpool.inbound.decision")
                .description("time from the AGI request to didpool's decision").register(meters);
        this.answerTime = Timer.builder("didpool.inbound.answer")
                .description("time from the AGI request until Asterisk has the answer").register(meters);
        decisions.allowCoreThreadTimeOut(true);
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        long started = System.nanoTime();
        Instant at = clock.instant();
        String called = request.getExtension();
        String caller = request.getCallerIdNumber();
        String uniqueId = request.getUniqueId();
        String channelId = uniqueId != null && UNIQUE_ID.matcher(uniqueId).matches() ? uniqueId : null;
        Decision decision = decide(called, caller);
        decisionTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        try {
            answer(channel, decision);
        } finally {
            answerTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            calls.get(decision.decision()).increment();
            recorder.record(decision, at, channelId);
        }
    }

    /** The router's decision, or {@link InboundDecision#FALLBACK} when it takes too long or fails. */
    Decision decide(String called, String caller) {
        Future<Decision> future;
        try {
            future = decisions.submit(() -> router.decide(called, caller));
        } catch (RejectedExecutionException e) {
            return fallback(called, caller, "every decision thread waits for the database");
        }
        try {
            return future.get(properties.decisionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fallback(called, caller, "no decision within " + properties.decisionTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            log.warn("inbound decision failed: {}", e.getCause().getClass().getSimpleName());
            return fallback(called, caller, "the decision failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback(called, caller, "interrupted");
        }
    }

    private static Decision fallback(String called, String caller, String why) {
        return new Decision(UUID.randomUUID(), InboundDecision.FALLBACK, why + ": the dialplan's fallback route took "
                + "the call", null, Numbers.e164(called).orElseGet(() -> Numbers.clean(called, 16)), null, null,
                Numbers.e164(caller).orElseGet(() -> Numbers.clean(caller, 64)), null, null, null, null, null);
    }

    private static void answer(AgiChannel channel, Decision decision) throws AgiException {
        if (decision.decision() == InboundDecision.FALLBACK) {
            return;
        }
        channel.exec("MSet", assignments(decision));
    }

    /**
     * What the dialplan is told, as one {@code MSet}: one AGI round trip to Asterisk instead of one per variable,
     * and all or nothing (the dialplan cleared the three before it asked). Only what is set is sent, the decision
     * last. Every value is didpool's own and checked (InboundRouter.routed: a number, {@code PJSIP/} and an
     * endpoint name, {@code @} and a trunk name, an enum name), so none holds the comma, quote or bar MSet would
     * read as syntax, and no caller-sent text reaches the dialplan.
     */
    static String assignments(Decision decision) {
        java.util.List<String> set = new java.util.ArrayList<>(3);
        if (decision.dialString() != null) {
            set.add("DIDPOOL_ROUTE=" + decision.dialString());
        }
        if (decision.callerId() != null) {
            set.add("DIDPOOL_CALLERID=" + decision.callerId());
        }
        set.add("DIDPOOL_DECISION=" + decision.decision().name());
        return String.join(",", set);
    }

    @Override
    public void destroy() {
        decisions.shutdownNow();
    }
}
