"use strict";
/*
 * Trunks: the trunks the tenant uses with the administrator's limits (read-only) and the tenant's own calls in
 * progress and queued on each, refreshed every few seconds; the endpoint's state in Asterisk on demand.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, svg, guard} = Didpool;
  const REFRESH_MILLIS = 3000;
  const $ = id => document.getElementById(id);
  const asterisk = new Map(); // trunk name → what Asterisk said, kept across refreshes

  async function load() {
    const {items} = await api("GET", "/api/asterisk/trunks");
    const body = $("trunks-table").tBodies[0];
    if (items.length === 0) {
      body.replaceChildren(el("tr", {}, el("td", {colspan: 7, class: "empty"},
          "No trunk yet: add DIDs, which name their trunk.")));
    } else {
      Didpool.rows(body, items, trunk => trunk.name, trunk => [trunk, asterisk.get(trunk.name)], row);
    }
    $("refreshed").textContent = "Live: refreshed every " + REFRESH_MILLIS / 1000 + " s, last at "
        + new Date().toLocaleTimeString("en-GB");
  }

  function row(trunk) {
    const cap = trunk.maxConcurrentCalls;
    return el("tr", {"data-trunk": trunk.name},
        el("td", {class: "name"}, trunk.name,
            trunk.configured ? null : el("span", {class: "muted"}, " (defaults: never configured)")),
        el("td", {class: "num cps"}, String(trunk.callsPerSecond)),
        el("td", {class: "num cap"}, cap == null ? "no cap" : String(cap)),
        el("td", {class: "num did-count"}, trunk.didCount),
        el("td", {class: "num"}, el("span", {class: "in-progress"}, trunk.callsInProgress),
            cap == null ? null : meter(trunk.callsInProgress, cap)),
        el("td", {class: "num queued"}, trunk.queued),
        el("td", {class: "asterisk"},
            el("button", {type: "button", class: "link check", onclick: e => check(trunk.name, e.target)}, "check in Asterisk"),
            asterisk.has(trunk.name) ? el("span", {class: "muted endpoint"}, " " + asterisk.get(trunk.name)) : null));
  }

  /** How much of the trunk's cap the tenant's calls take (the rest may be taken by other tenants). */
  function meter(value, max) {
    const width = 80;
    return svg("svg", {class: "meter", viewBox: "0 0 " + width + " 8", width, height: 8, role: "img",
          "aria-label": value + " of at most " + max},
        svg("rect", {class: "track", x: 0, y: 0, width, height: 8}),
        svg("rect", {class: "fill", x: 0, y: 0, width: Math.min(1, value / max) * width, height: 8}),
        svg("title", {}, value + " of the trunk's " + max + " (all tenants together)"));
  }

  function check(name, button) {
    guard(async () => {
      const status = await api("GET", "/api/asterisk/trunks/" + encodeURIComponent(name));
      asterisk.set(name, status.message);
      await load();
    }, button);
  }

  guard(load);
  Didpool.every(REFRESH_MILLIS, () => true, load)();
})();
