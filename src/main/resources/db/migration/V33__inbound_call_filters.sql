-- GET /api/inbound-calls filters a tenant's calls (newest first, with their total) by the DID called, the caller, the
-- segment and the decision. inbound_calls_by_tenant (V32) serves the list unfiltered and by time (from/to);
-- inbound_calls_by_execution serves executionId. A filter on an exact value reads a tenant's whole history through
-- the tenant index and throws most of it away, once for the page and once for its count: "the calls from this
-- caller" among a year of a busy tenant's calls. Each of these indexes takes the filter first and keeps the list's
-- order, so the page is a short range scan and the count an index-only range. The table is written once per call,
-- off the call's path (InboundRecorder), so four more indexes cost nothing a caller waits for.
CREATE INDEX inbound_calls_by_tenant_did ON inbound_calls (tenant_id, did, at DESC, id);
CREATE INDEX inbound_calls_by_tenant_caller ON inbound_calls (tenant_id, caller, at DESC, id);
CREATE INDEX inbound_calls_by_tenant_segment ON inbound_calls (tenant_id, segment, at DESC, id)
    WHERE segment IS NOT NULL;
-- a decision is one of seven values, but the rare ones (NO_ROUTE, FALLBACK: what an operator looks for) would
-- otherwise mean reading every call to find a few
CREATE INDEX inbound_calls_by_tenant_decision ON inbound_calls (tenant_id, decision, at DESC, id);
-- the admin's list reads every tenant's calls (and no tenant's), newest first
CREATE INDEX inbound_calls_by_time ON inbound_calls (at DESC, id);
