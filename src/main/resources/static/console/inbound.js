"use strict";
/*
 * Inbound: the tenant's inbound calls (GET /api/inbound-calls), filtered by DID, segment, caller, decision, execution
 * and time (the filters live in the URL: /inbound?did=%2B14155550100 is a link to one DID's calls), paged.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, guard} = Didpool;
  const $ = id => document.getElementById(id);
  const PAGE_SIZE = 50;
  const FILTERS = ["did", "segment", "caller", "decision", "executionId", "from", "to"];
  const INPUTS = {did: "inbound-did", segment: "inbound-segment", caller: "inbound-caller",
    decision: "inbound-decision", executionId: "inbound-execution", from: "inbound-from", to: "inbound-to"};
  const DECISIONS = {CALLBACK: "callback", SEGMENT: "segment route", DEFAULT: "default route",
    NO_ROUTE: "no route", UNKNOWN_NUMBER: "unknown number", AMBIGUOUS: "ambiguous number",
    FALLBACK: "fallback"};
  const params = new URLSearchParams(location.search);
  const state = {page: 0, filter: Object.fromEntries(FILTERS.map(f => [f, params.get(f) || ""]))};

  async function load() {
    const result = await api("GET", "/api/inbound-calls?" + Didpool.query({...state.filter, page: state.page,
      size: PAGE_SIZE}));
    $("inbound-table").tBodies[0].replaceChildren(...(result.items.length === 0
        ? [el("tr", {}, el("td", {colspan: 8, class: "empty"}, "No inbound call matches."))]
        : result.items.map(call => el("tr", {"data-id": call.id, "data-decision": call.decision},
            el("td", {}, Didpool.when(call.at)),
            el("td", {class: "did"}, call.did),
            el("td", {class: "caller"}, call.caller),
            el("td", {class: "decision", title: call.reason || call.decision}, DECISIONS[call.decision] || call.decision),
            el("td", {class: "route"}, call.route ?? el("span", {class: "muted"}, "—")),
            el("td", {class: "execution"}, call.executionId
                ? el("a", {href: "/inbound?executionId=" + encodeURIComponent(call.executionId),
                  title: call.campaignId ? "campaign " + call.campaignId : "no campaign"}, call.executionId)
                : el("span", {class: "muted"}, "—")),
            el("td", {class: "outcome"}, call.outcome ?? el("span", {class: "muted", title: "not known yet"}, "…")),
            el("td", {class: "num"}, call.durationSeconds == null ? "" : call.durationSeconds + " s")))));
    $("inbound-pager").replaceChildren(Didpool.pager("inbound-pages", state.page, PAGE_SIZE, result.items.length,
        result.total, page => {
          state.page = page;
          guard(load);
        }));
  }

  /** An ISO instant as a datetime-local input shows it: this browser's local time, to the minute. */
  function local(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return "";
    }
    const two = n => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + "T"
        + two(date.getHours()) + ":" + two(date.getMinutes());
  }

  function show(filter) {
    for (const name of FILTERS) {
      $(INPUTS[name]).value = name === "from" || name === "to" ? (filter[name] ? local(filter[name]) : "")
          : filter[name];
    }
  }

  function read() {
    const filter = {};
    for (const name of FILTERS) {
      const value = $(INPUTS[name]).value.trim();
      // a datetime-local value is this browser's local time: sent as the instant it names
      filter[name] = (name === "from" || name === "to") && value !== "" ? new Date(value).toISOString() : value;
    }
    return filter;
  }

  function apply(filter, button) {
    state.filter = filter;
    state.page = 0;
    const q = Didpool.query(state.filter);
    history.replaceState(null, "", "/inbound" + (q ? "?" + q : ""));
    guard(load, button);
  }

  show(state.filter);
  $("inbound-filters").addEventListener("submit", event => {
    event.preventDefault();
    apply(read(), $("inbound-apply"));
  });
  $("inbound-clear").addEventListener("click", () => {
    const none = Object.fromEntries(FILTERS.map(f => [f, ""]));
    show(none);
    apply(none, $("inbound-clear"));
  });

  guard(load);
})();
