package io.didpool.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 1,000 calls in progress at once through one AMI dialer, against {@link AmiPeer} as a carrier whose callees ring
 * 3 s: the JVM's thread count does not grow with the calls, since no call holds a thread.
 */
class AmiDialerScaleTest {

    private static final int CALLS = 1_000;
    /** Threads that may come and go meanwhile for reasons of their own (JIT, GC, other tests' pools). */
    private static final int SLACK = 20;

    private final AmiPeer peer = new AmiPeer();
    private final CallTimers timers = new CallTimers();
    private final AmiLink link = new AmiLink(new AmiProperties("127.0.0.1", peer.port(), AmiPeer.USERNAME,
            AmiPeer.PASSWORD, Duration.ofSeconds(5)));
    private final AmiDialer dialer = new AmiDialer(link, new AsteriskProperties("didpool-outbound",
            Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofHours(2), 0, null), timers);

    @AfterEach
    void stop() {
        link.close();
        peer.close();
        timers.close();
    }

    /** Every 20th destination is busy, every 20th (offset 1) does not answer; the others answer after 3 s. */
    private static CallStatus expected(int i) {
        return switch (i % 20) {
            case 0 -> CallStatus.BUSY;
            case 1 -> CallStatus.NO_ANSWER;
            default -> CallStatus.ANSWERED;
        };
    }

    private static String destination(int i) {
        return "+1415556" + String.format("%04d", i);
    }

    @Test
    void carriesAThousandCallsInProgressWithoutAThreadEach() {
        peer.carrier(100_000, Duration.ofSeconds(3), Duration.ofSeconds(3));
        for (int i = 0; i < CALLS; i++) {
            if (expected(i) == CallStatus.BUSY) {
                peer.callee(destination(i), AmiPeer.Callee.BUSY);
            } else if (expected(i) == CallStatus.NO_ANSWER) {
                peer.callee(destination(i), AmiPeer.Callee.NO_ANSWER);
            }
        }
        link.start();
        // two (busy) calls first, so that every pool a call uses (AMI, timers, the peer's two) has its threads
        peer.callee("+14155550100", AmiPeer.Callee.BUSY);
        for (String warmUp : List.of("warm-up-1", "warm-up-2")) {
            AmiDialerTest.await(dialer.place(new OutboundCall(warmUp, "+14155550100", "+14155550199", "TWILIO", null,
                    null)).ended());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();

        List<PlacedCall> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(dialer.place(new OutboundCall("scale-" + i, destination(i), "+14155550100", "TWILIO", null,
                    null)));
        }
        int inProgress = dialer.inProgress();
        int during = threads.getThreadCount();

        long ringing = IntStream.range(0, CALLS).filter(i -> expected(i) != CallStatus.BUSY).count();
        assertThat(inProgress).as("every call that rings in progress at once").isGreaterThanOrEqualTo((int) ringing);
        assertThat(during).as("live threads with %d calls in progress, against %d before", CALLS, before)
                .isLessThanOrEqualTo(before + SLACK);
        for (int i = 0; i < CALLS; i++) {
            CallOutcome outcome = AmiDialerTest.await(calls.get(i).outcome());
            assertThat(outcome.status()).as("call %d: %s", i, outcome.reason()).isEqualTo(expected(i));
        }
        for (int i = 0; i < CALLS; i++) {
            CallEnd end = AmiDialerTest.await(calls.get(i).ended());
            assertThat(end.kind()).as("call %d", i).isEqualTo(expected(i) == CallStatus.ANSWERED
                    ? CallEnd.Kind.HANGUP : CallEnd.Kind.NOT_ANSWERED);
        }
        assertThat(peer.maxInProgress("TWILIO")).isGreaterThanOrEqualTo((int) ringing);
        assertThat(dialer.inProgress()).as("no call left behind").isZero();
        assertThat(timers.queued()).as("no timer left behind").isZero();
    }
}
