package io.didpool.asterisk;

import io.didpool.api.DomainException;
import io.didpool.did.DidRules;
import io.didpool.did.DidService;
import io.didpool.tenant.TenantId;
import io.didpool.trunk.TrunkService;
import java.util.ArrayList;
import java.util.List;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.PJSipShowEndpointAction;
import org.asteriskjava.manager.event.ContactStatusDetail;
import org.asteriskjava.manager.event.EndpointDetail;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * For a tenant the trunk is open to: asks Asterisk (over AMI, {@code PJSIPShowEndpoint}) about a trunk's endpoint and
 * counts the DIDs naming it.
 */
@Service
class TrunkEndpoints {

    private final ObjectProvider<AmiLink> ami;
    private final DidService dids;
    private final TrunkService trunks;

    TrunkEndpoints(ObjectProvider<AmiLink> ami, DidService dids, TrunkService trunks) {
        this.ami = ami;
        this.dids = dids;
        this.trunks = trunks;
    }

    TrunkStatus status(TenantId tenant, String trunk) {
        if (!DidRules.isTrunk(trunk)) {
            throw new DomainException.InvalidRequest("name: must be 1-64 letters, digits, '_' or '-'; got "
                    + io.didpool.api.FieldRefused.quoted(trunk));
        }
        if (!trunks.isOpenTo(tenant, trunk)) {
            // a trunk the tenant may not use is, to that tenant, a trunk that does not exist
            throw new DomainException.NotFound("no trunk named " + trunk);
        }
        long didCount = dids.countOnTrunk(tenant, trunk);
        AmiLink link = ami.getIfAvailable();
        if (link == null) {
            return new TrunkStatus(trunk, false, null,
                    "AMI is not configured (DIDPOOL_AMI_HOST unset): the dry-run dialer places no calls and "
                            + "Asterisk was not asked",
                    null, didCount);
        }
        ResponseEvents answer;
        try {
            PJSipShowEndpointAction action = new PJSipShowEndpointAction();
            action.setEndpoint(trunk);
            answer = link.sendEventGenerating(action);
        } catch (AmiLink.AmiDownException e) {
            throw new DomainException.UpstreamFailed(e.getMessage());
        }
        EndpointDetail detail = null;
        List<TrunkStatus.Contact> contacts = new ArrayList<>();
        for (ResponseEvent event : answer.getEvents()) {
            if (event instanceof EndpointDetail endpoint) {
                detail = endpoint;
            } else if (event instanceof ContactStatusDetail contact) {
                contacts.add(new TrunkStatus.Contact(contact.getAor(), contact.getUri(), contact.getStatus(),
                        contact.getRoundtripUsec()));
            }
        }
        if (answer.getResponse() instanceof ManagerError || detail == null) {
            return new TrunkStatus(trunk, true, false, "Asterisk at " + link.address()
                    + " has no PJSIP endpoint named '" + trunk + "' (" + didCount + " of your DIDs name this trunk): "
                    + "calls over it fail until its configuration (bin/didpool asterisk-config) is installed and "
                    + "res_pjsip reloaded", null, didCount);
        }
        TrunkStatus.Endpoint endpoint = new TrunkStatus.Endpoint(detail.getDeviceState(), detail.getActiveChannels(),
                detail.getContext(), detail.getAors(), detail.getOutboundAuth(), detail.getTransport(),
                detail.getFromDomain(), detail.getCallerid(), detail.isSendPai(), detail.isSendRpid(), contacts);
        return new TrunkStatus(trunk, true, true, "PJSIP endpoint '" + trunk + "' is " + detail.getDeviceState(),
                endpoint, didCount);
    }
}
