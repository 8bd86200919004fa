package io.didpool.asterisk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places each call as one asynchronous AMI Originate whose {@code ChannelId} is the call id, so that Asterisk gives
 * the dialled channel that Uniqueid and the OriginateResponse, DialEnd and Hangup events of the call can be told
 * from those of every other call. The outcome is read from them (see {@link PendingCall}); nothing waits longer than
 * the ring timeout plus a bounded margin.
 */
final class AmiDialer implements Dialer {

    private static final Logger log = LoggerFactory.getLogger(AmiDialer.class);

    private final AmiLink link;
    private final AmiSettings settings;
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();

    AmiDialer(AmiLink link, AmiSettings settings) {
        this.link = link;
        this.settings = settings;
        link.addListener(this::onEvent);
    }

    @Override
    public CallOutcome call(OutboundCall call) {
        Originate originate = CallValidation.originate(call, settings.context(), settings.ringTimeout());
        PendingCall waiting = new PendingCall(originate.channel());
        if (pending.putIfAbsent(originate.channelId(), waiting) != null) {
            throw new IllegalArgumentException("callId: a call with this id is already in progress");
        }
        try {
            ManagerResponse response = link.send(action(originate));
            if (response instanceof ManagerError) {
                return outcome(originate, new CallOutcome(CallStatus.FAILED, originate.channel(),
                        "Asterisk refused the Originate: " + oneLine(response.getMessage())));
            }
            long bound = settings.ringTimeout().plus(settings.responseTimeout().multipliedBy(2)).toMillis();
            return outcome(originate, waiting.await(bound, settings.outcomeGrace().toMillis()));
        } catch (AmiLink.AmiDownException e) {
            return outcome(originate, new CallOutcome(CallStatus.FAILED, originate.channel(), e.getMessage()));
        } finally {
            pending.remove(originate.channelId());
        }
    }

    private static CallOutcome outcome(Originate originate, CallOutcome outcome) {
        log.info("Call {} to {} with caller ID {}: {} ({})", originate.channelId(), originate.channel(),
                originate.callerId(), outcome.status(), outcome.reason());
        return outcome;
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
            find(response.getUniqueId()).onOriginateResponse(response.getResponse(), response.getReason(),
                    response.getChannel());
        } else if (event instanceof DialEndEvent dialEnd) {
            find(dialEnd.getDestUniqueId()).onDialEnd(dialEnd.getDialStatus());
        } else if (event instanceof HangupEvent hangup) {
            find(hangup.getUniqueId()).onHangup(hangup.getCause(), hangup.getCauseTxt());
        } else if (event instanceof DisconnectEvent) {
            pending.values().forEach(call -> call.onLinkLost("AMI link to Asterisk at " + link.address()
                    + " was lost while the call was in progress; its outcome is unknown"));
        }
    }

    private PendingCall find(String uniqueId) {
        PendingCall call = uniqueId == null ? null : pending.get(uniqueId);
        return call == null ? PendingCall.NONE : call;
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("[\\r\\n]+", " ").strip();
    }
}
