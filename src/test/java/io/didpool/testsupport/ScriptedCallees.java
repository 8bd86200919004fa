package io.didpool.testsupport;

import io.didpool.asterisk.CallEnd;
import io.didpool.asterisk.CallOutcome;
import io.didpool.asterisk.CallStatus;
import io.didpool.asterisk.Dialer;
import io.didpool.asterisk.OutboundCall;
import io.didpool.asterisk.PlacedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Callees a test scripts, for the dry-run dialer of the {@link OwnClock} application: a call to a scripted number is
 * placed by the dry-run dialer (its Originate recorded, as any) and then ends as the callee's script says, as the AMI
 * dialer reports it from Asterisk: ANSWERED (answered, then the dry-run call's duration), NO_ANSWER or BUSY (ended at
 * once, never answered). A number no test scripted ends {@code DRY_RUN}. Tests script numbers of their own.
 */
public final class ScriptedCallees {

    private static final Map<String, Script> SCRIPTS = new ConcurrentHashMap<>();

    private ScriptedCallees() {
    }

    /** From now on, calls to {@code number} end {@code fate} (ANSWERED, NO_ANSWER or BUSY) at once. */
    public static void script(String number, CallStatus fate) {
        script(number, fate, Duration.ZERO);
    }

    /** From now on, calls to {@code number} ring for {@code ring}, then end {@code fate}. */
    public static void script(String number, CallStatus fate, Duration ring) {
        if (fate != CallStatus.ANSWERED && fate != CallStatus.NO_ANSWER && fate != CallStatus.BUSY) {
            throw new IllegalArgumentException("a callee answers, rings out or is busy: " + fate);
        }
        SCRIPTS.put(number, new Script(fate, ring));
    }

    private record Script(CallStatus fate, Duration ring) {
    }

    /** Wraps the application's dialer (the bean {@code dialer}) so that scripted callees behave as scripted. */
    static final class Wrapper implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof Dialer dialer && beanName.equals("dialer") ? new Scripted(dialer) : bean;
        }
    }

    private record Scripted(Dialer dialer) implements Dialer {

        @Override
        public PlacedCall place(OutboundCall call) {
            PlacedCall placed = dialer.place(call);
            Script script = SCRIPTS.get(call.destination());
            if (script == null) {
                return placed;
            }
            CallStatus fate = script.fate();
            var outcome = placed.outcome().thenApplyAsync(o -> new CallOutcome(fate, o.channel(), "scripted: " + fate),
                    CompletableFuture.delayedExecutor(script.ring().toMillis(), TimeUnit.MILLISECONDS));
            var ended = fate == CallStatus.ANSWERED ? placed.ended()
                    : outcome.thenApply(o -> new CallEnd(Instant.now(), CallEnd.Kind.NOT_ANSWERED, null,
                            "scripted: " + fate));
            return new PlacedCall(placed.callId(), outcome, ended);
        }
    }
}
