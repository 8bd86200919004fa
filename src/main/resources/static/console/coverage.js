"use strict";
/*
 * Coverage: the tenant's DIDs per area code or state (GET /api/asterisk-dids/coverage), or a campaign's destinations
 * set against the local DIDs of a segment and its fallbacks (POST /api/asterisk-dids/coverage/contacts), as a
 * sortable table and a bar chart. The choices live in the URL (/coverage?mode=contacts&campaign=… is a link).
 * Each row of the contacts table carries data-key (the area code or state) and a td.row-actions: a gap's has "Buy
 * numbers…", which opens the purchase form for that key (POST /api/twilio/numbers/purchase: a dry run first, then
 * the purchase once confirmed).
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, svg, guard, plural} = Didpool;
  const $ = id => document.getElementById(id);
  const CHOICES = ["mode", "by", "segment", "campaign", "fallbacks"];
  const params = new URLSearchParams(location.search);
  const state = {
    choice: Object.fromEntries(CHOICES.map(c => [c, params.get(c) || ""])),
    dids: {rows: [], sort: "key", desc: false},
    contacts: {rows: [], gaps: [], sort: "key", desc: false},
  };

  function keyName(by) {
    return by === "region" ? "State" : "Area code";
  }

  /** Rows ordered by one column, either way; a missing key or value last, ties by key. */
  function sorted(rows, column, desc) {
    const value = row => row[column] == null ? null : column === "key" ? row.key : Number(row[column]);
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) {
        return x === y ? 0 : x === null ? 1 : -1;
      }
      const order = x < y ? -1 : x > y ? 1 : 0;
      return (desc ? -order : order) || String(a.key).localeCompare(String(b.key));
    });
  }

  function showSort(table, view) {
    for (const th of $(table).tHead.rows[0].cells) {
      const button = th.querySelector("button.sort");
      if (button) {
        th.setAttribute("aria-sort", button.dataset.sort === view.sort
            ? (view.desc ? "descending" : "ascending") : "none");
      }
    }
  }

  /**
   * A horizontal bar per row, in the table's order: the whole bar is `total`, its coloured part `part` (for the
   * DIDs: all DIDs and the selectable ones; for contacts: destinations, red where no local DID covers them), and
   * label(row) in words beside it.
   */
  function chart(id, rows, total, part, label, gap) {
    const shown = rows.slice(0, 40);
    const max = Math.max(1, ...shown.map(total));
    const rowHeight = 18;
    const width = 900;
    const left = 70;
    const barWidth = width - left - 170;
    const height = Math.max(1, shown.length) * rowHeight + 8;
    $(id).setAttribute("viewBox", "0 0 " + width + " " + height);
    $(id).replaceChildren(...shown.flatMap((row, i) => {
      const y = 4 + i * rowHeight;
      const whole = Math.round(barWidth * total(row) / max);
      const inner = Math.round(barWidth * part(row) / max);
      return [
        svg("text", {class: "key", x: 4, y: y + 12}, row.key ?? "none"),
        svg("rect", {class: "total", x: left, y, width: whole, height: rowHeight - 5}),
        svg("rect", {class: "part" + (gap && gap(row) ? " gap" : ""), x: left, y, width: inner,
          height: rowHeight - 5}),
        svg("text", {x: left + whole + 6, y: y + 11}, label(row)),
      ];
    }));
    $(id).hidden = shown.length === 0;
  }

  function renderDids() {
    const view = state.dids;
    const rows = sorted(view.rows, view.sort, view.desc);
    $("coverage-table").tBodies[0].replaceChildren(...(rows.length === 0
        ? [el("tr", {}, el("td", {colspan: 7, class: "empty"}, "No DID here."))]
        : rows.map(row => el("tr", {"data-key": row.key ?? ""},
            el("td", {class: "key"}, row.key ?? el("span", {class: "muted", title: "not NANP, or no single state"},
                "none")),
            el("td", {class: "num dids"}, row.dids),
            el("td", {class: "num selectable"}, row.selectable),
            el("td", {class: "num resting"}, row.resting),
            el("td", {class: "num capped"}, row.cappedNow),
            el("td", {class: "num calls"}, row.callsLastDay),
            el("td", {class: "num answer-rate"}, Didpool.percent(row.answerRate))))));
    showSort("coverage-table", view);
    chart("coverage-chart", rows, r => r.dids, r => r.selectable, r => r.selectable + " of " + r.dids + " selectable");
  }

  function renderContacts() {
    const view = state.contacts;
    const rows = sorted(view.rows, view.sort, view.desc);
    const gaps = new Set(view.gaps);
    $("contacts-table").tBodies[0].replaceChildren(...(rows.length === 0
        ? [el("tr", {}, el("td", {colspan: 6, class: "empty"}, "No destination here."))]
        : rows.map(row => el("tr", {"data-key": row.key, class: gaps.has(row.key) ? "gap" : null},
            el("td", {class: "key"}, row.key),
            el("td", {class: "num destinations"}, row.destinations),
            el("td", {class: "num local-dids"}, row.localDids),
            el("td", {class: "num calls-per-did"}, row.callsPerLocalDid ?? "—"),
            el("td", {class: "coverage-state"}, gaps.has(row.key)
                ? el("span", {class: "gap"}, "gap: no local DID") : el("span", {class: "muted"}, "covered")),
            el("td", {class: "row-actions actions", "data-key": row.key}, gaps.has(row.key) && row.key
                ? el("button", {type: "button", class: "buy", onclick: () => openPurchase(row)}, "Buy numbers…")
                : "")))));
    showSort("contacts-table", view);
    chart("contacts-chart", rows, r => r.destinations, r => r.destinations,
        r => plural(r.destinations, "destination") + ", " + plural(r.localDids, "local DID"), r => gaps.has(r.key));
  }

  /** What is being bought: the gap's key as the search Twilio takes (areaCode or region). */
  const purchase = {key: null, by: null};

  function openPurchase(row) {
    purchase.key = row.key;
    purchase.by = state.choice.by === "region" ? "region" : "areaCode";
    $("purchase-title").textContent = "Buy numbers for " + (purchase.by === "region" ? "state " : "area code ")
        + row.key;
    $("purchase-count").value = "1";
    $("purchase-segment").value = state.choice.segment || "";
    $("purchase-candidates").replaceChildren();
    $("purchase-buy").hidden = true;
    $("purchase-result").textContent = "";
    $("purchase").hidden = false;
    $("purchase-segment").focus();
  }

  function purchaseBody(dryRun) {
    const body = {[purchase.by]: purchase.key, count: Number($("purchase-count").value),
      segment: $("purchase-segment").value.trim(), dryRun};
    const trunk = $("purchase-trunk").value.trim();
    if (trunk) {
      body.trunk = trunk;
    }
    return body;
  }

  function price(candidate) {
    return candidate.monthlyPrice == null ? "price unknown" : "$" + candidate.monthlyPrice + " a month";
  }

  async function previewPurchase() {
    $("purchase-result").textContent = "";
    const result = await api("POST", "/api/twilio/numbers/purchase", purchaseBody(true));
    const found = result.candidates;
    $("purchase-candidates").replaceChildren(found.length === 0
        ? el("p", {class: "muted"}, "Twilio has no local number for sale there now.")
        : el("ul", {class: "candidates"}, ...found.map(c => el("li", {"data-number": c.number},
            c.number + " (" + price(c) + ")"))));
    $("purchase-buy").textContent = "Buy " + plural(found.length, "number") + " into segment "
        + purchaseBody(true).segment;
    $("purchase-buy").hidden = found.length === 0;
  }

  async function buy() {
    const result = await api("POST", "/api/twilio/numbers/purchase", purchaseBody(false));
    $("purchase-buy").hidden = true;
    const failed = result.failed.map(f => f.number + ": " + f.step.toLowerCase() + " failed, " + f.reason);
    $("purchase-result").textContent = "Bought " + plural(result.bought.length, "number") + " ("
        + (result.bought.map(d => d.number).join(", ") || "none") + ")."
        + (failed.length ? " Not done: " + failed.join("; ") + "." : "");
    await load();
  }

  async function loadSegments() {
    const {segments} = await api("GET", "/api/asterisk-dids/segments");
    const wanted = state.choice.segment;
    const names = wanted && !segments.includes(wanted) ? [...segments, wanted] : segments;
    $("coverage-segment").replaceChildren(el("option", {value: ""}, "all DIDs"),
        ...names.map(s => el("option", {value: s}, s)));
    $("coverage-segment").value = wanted;
  }

  async function loadCampaigns() {
    const {items} = await api("GET", "/api/campaigns?size=500");
    const wanted = state.choice.campaign;
    $("coverage-campaign").replaceChildren(el("option", {value: ""}, items.length ? "choose…" : "no campaign yet"),
        ...items.map(c => el("option", {value: c.id}, c.name + " (" + plural(c.total, "contact") + ")")));
    $("coverage-campaign").value = items.some(c => c.id === wanted) ? wanted : "";
  }

  async function load() {
    const {mode, by, segment, campaign, fallbacks} = state.choice;
    const contacts = mode === "contacts";
    $("dids-view").hidden = contacts;
    $("contacts-view").hidden = !contacts;
    document.querySelectorAll(".contacts-only").forEach(n => n.hidden = !contacts);
    document.querySelectorAll("th button.sort[data-sort=key]").forEach(b => b.textContent = keyName(by));
    if (!contacts) {
      const report = await api("GET", "/api/asterisk-dids/coverage?" + Didpool.query({segment, by}));
      state.dids.rows = report.rows;
      renderDids();
      return;
    }
    if (!campaign) {
      state.contacts.rows = [];
      state.contacts.gaps = [];
      $("contacts-summary").textContent = "Choose a campaign to see where its calls go.";
      renderContacts();
      return;
    }
    const body = {campaignId: campaign};
    if (segment) {
      body.segment = segment;
      const list = fallbacks.split(",").map(s => s.trim()).filter(Boolean);
      if (list.length) {
        body.fallbackSegments = list;
      }
    }
    const result = await api("POST", "/api/asterisk-dids/coverage/contacts?" + Didpool.query({by}), body);
    state.contacts.rows = result.rows;
    state.contacts.gaps = result.gaps;
    $("contacts-summary").textContent = plural(result.contacts, "destination") + ", "
        + plural(result.rows.length, by === "region" ? "state" : "area code") + ", "
        + plural(result.gaps.length, "gap") + (result.unplaced ? "; " + result.unplaced
            + " not placed (not NANP, or no single state)" : "") + ".";
    renderContacts();
  }

  function show() {
    $("coverage-mode").value = state.choice.mode || "dids";
    $("coverage-by").value = state.choice.by || "areaCode";
    $("coverage-fallbacks").value = state.choice.fallbacks;
  }

  function read() {
    return {mode: $("coverage-mode").value === "dids" ? "" : $("coverage-mode").value,
      by: $("coverage-by").value === "areaCode" ? "" : $("coverage-by").value,
      segment: $("coverage-segment").value, campaign: $("coverage-campaign").value,
      fallbacks: $("coverage-fallbacks").value.trim()};
  }

  for (const [table, view, render] of [["coverage-table", state.dids, renderDids],
    ["contacts-table", state.contacts, renderContacts]]) {
    $(table).tHead.addEventListener("click", event => {
      const button = event.target.closest("button.sort");
      if (!button) {
        return;
      }
      // a new column sorts its counts largest first, the key in order; the same column again turns it round
      view.desc = view.sort === button.dataset.sort ? !view.desc : button.dataset.sort !== "key";
      view.sort = button.dataset.sort;
      render();
    });
  }
  $("coverage-filters").addEventListener("submit", event => {
    event.preventDefault();
    state.choice = read();
    const q = Didpool.query(state.choice);
    history.replaceState(null, "", "/coverage" + (q ? "?" + q : ""));
    guard(load, $("coverage-apply"));
  });
  $("purchase").addEventListener("submit", event => {
    event.preventDefault();
    guard(previewPurchase, $("purchase-preview"));
  });
  $("purchase-buy").addEventListener("click", () => guard(buy, $("purchase-buy")));
  $("purchase-cancel").addEventListener("click", () => $("purchase").hidden = true);
  $("coverage-mode").addEventListener("change", () => {
    document.querySelectorAll(".contacts-only").forEach(n => n.hidden = $("coverage-mode").value !== "contacts");
  });

  show();
  guard(async () => {
    await Promise.all([loadSegments(), loadCampaigns()]);
    await load();
  });
})();
