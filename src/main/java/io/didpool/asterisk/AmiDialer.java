package io.didpool.asterisk;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places each call as one asynchronous AMI Originate whose {@code ChannelId} is the call id, so that Asterisk gives
 * the dialled channel that Uniqueid and the OriginateResponse, DialEnd and Hangup events of the call can be told
 * from those of every other call. No thread waits for a call: the Originate's own response comes back through a
 * callback, the call's events drive its {@link PendingCall}, and its timeouts are tasks on the shared
 * {@link CallTimers}. A call leaves {@link #pending} when it ends.
 */
final class AmiDialer implements Dialer {

    private static final Logger log = LoggerFactory.getLogger(AmiDialer.class);

    private final AmiLink link;
    private final AsteriskProperties settings;
    private final CallTimers timers;
    /** How long to wait for the OriginateResponse: the far end rings at most ringTimeout, Asterisk answers late. */
    private final Duration responseBound;
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();

    AmiDialer(AmiLink link, AsteriskProperties settings, CallTimers timers) {
        this.link = link;
        this.settings = settings;
        this.timers = timers;
        this.responseBound = settings.ringTimeout().plus(link.responseTimeout().multipliedBy(2));
        link.addListener(this::onEvent);
    }

    @Override
    public PlacedCall place(OutboundCall call) {
        Originate originate = CallValidation.originate(call, settings.context(), settings.ringTimeout());
        PendingCall placing = new PendingCall(originate, settings, timers, this::ended);
        try {
            link.requireUp();
        } catch (AmiLink.AmiDownException e) {
            // Never registered: the calls in progress may still be being told of the disconnect, and this one, never
            // sent, is not one of them.
            placing.onRefused(e.getMessage());
            return placing.placed();
        }
        if (pending.putIfAbsent(originate.channelId(), placing) != null) {
            throw new IllegalArgumentException("callId: a call with this id is already in progress");
        }
        placing.awaitResponse(responseBound);
        try {
            link.sendAsync(action(originate), response -> {
                if (response == null) {
                    placing.onLinkLost(link.address());
                } else if (response instanceof ManagerError) {
                    placing.onRefused("Asterisk refused the Originate: " + oneLine(response.getMessage()));
                }
            });
        } catch (AmiLink.AmiDownException e) {
            placing.onRefused(e.getMessage());
        }
        return placing.placed();
    }

    /** Calls placed and not ended yet. */
    int inProgress() {
        return pending.size();
    }

    private void ended(PendingCall call, CallEnd end) {
        pending.remove(call.callId(), call);
        if (end.kind() == CallEnd.Kind.MAX_DURATION) {
            log.warn("Call {} on {}: {}", call.callId(), call.channel(), end.reason());
            hangup(call.channel());
        }
    }

    /** Best effort: a channel already gone answers an error, which is only logged. */
    private void hangup(String channel) {
        try {
            link.sendAsync(new HangupAction(channel), response -> {
                if (response instanceof ManagerError) {
                    log.info("Hangup of {}: Asterisk answered {}", channel, oneLine(response.getMessage()));
                }
            });
        } catch (AmiLink.AmiDownException e) {
            log.warn("Could not hang up {}: {}", channel, e.getMessage());
        }
    }

    static OriginateAction action(Originate originate) {
        OriginateAction action = new OriginateAction();
        action.setChannel(originate.channel());
        action.setCallerId(originate.callerId());
        action.setContext(originate.context());
        action.setExten(originate.exten());
        action.setPriority(originate.priority());
        action.setAsync(originate.async());
        action.setTimeout(originate.timeoutMillis());
        action.setChannelId(originate.channelId());
        action.setVariables(originate.variables());
        return action;
    }

    private void onEvent(ManagerEvent event) {
        if (event instanceof OriginateResponseEvent response) {
            PendingCall call = find(response.getUniqueId());
            if (call != null) {
                call.onOriginateResponse(response.getResponse(), response.getReason(), response.getChannel());
            }
        } else if (event instanceof DialEndEvent dialEnd) {
            PendingCall call = find(dialEnd.getDestUniqueId());
            if (call != null) {
                call.onDialEnd(dialEnd.getDialStatus());
            }
        } else if (event instanceof HangupEvent hangup) {
            PendingCall call = find(hangup.getUniqueId());
            if (call != null) {
                call.onHangup(hangup.getCause(), hangup.getCauseTxt());
            }
        } else if (event instanceof DisconnectEvent) {
            if (!pending.isEmpty()) {
                log.warn("AMI link to Asterisk at {} lost with {} calls in progress: their outcome or end is unknown",
                        link.address(), pending.size());
            }
            pending.values().forEach(call -> call.onLinkLost(link.address()));
        }
    }

    private PendingCall find(String uniqueId) {
        return uniqueId == null ? null : pending.get(uniqueId);
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("[\\r\\n]+", " ").strip();
    }
}
