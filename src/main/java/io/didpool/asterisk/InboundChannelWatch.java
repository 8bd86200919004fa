package io.didpool.asterisk;

import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Watches AMI for the ends of calls in the inbound context ({@code didpool-inbound}): the {@code DialEnd} of such a
 * channel says how its Dial went and when it was answered, its {@code Hangup} when it ended; then
 * {@link InboundChannelEnded} is published. Only channels between those two events are held, and none across a lost
 * AMI link (their ends are not seen).
 */
final class InboundChannelWatch {

    static final String CONTEXT = "didpool-inbound";

    private final ApplicationEventPublisher events;
    private final Map<String, Dialled> dialled = new ConcurrentHashMap<>();

    InboundChannelWatch(AmiLink link, ApplicationEventPublisher events) {
        this.events = events;
        link.addListener(this::onEvent);
    }

    private record Dialled(String status, Date answeredAt) {
    }

    private void onEvent(ManagerEvent event) {
        if (event instanceof DialEndEvent end && CONTEXT.equals(end.getContext()) && end.getUniqueId() != null) {
            dialled.put(end.getUniqueId(), new Dialled(end.getDialStatus(),
                    "ANSWER".equals(end.getDialStatus()) ? received(end) : null));
        } else if (event instanceof HangupEvent hangup && hangup.getUniqueId() != null) {
            Dialled dial = dialled.remove(hangup.getUniqueId());
            if (dial == null && !CONTEXT.equals(hangup.getContext())) {
                return;
            }
            long seconds = dial == null || dial.answeredAt() == null ? 0
                    : Math.max(0, Math.round((received(hangup).getTime() - dial.answeredAt().getTime()) / 1000.0));
            events.publishEvent(new InboundChannelEnded(hangup.getUniqueId(), dial == null ? null : dial.status(),
                    seconds));
        } else if (event instanceof DisconnectEvent) {
            dialled.clear();
        }
    }

    private static Date received(ManagerEvent event) {
        return event.getDateReceived() == null ? new Date() : event.getDateReceived();
    }
}
