"use strict";
/* Audit: the tenant's audit trail (GET /api/audit), filtered by entity and id (also from the URL), paged. */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, guard} = Didpool;
  const $ = id => document.getElementById(id);
  const PAGE_SIZE = 50;
  const params = new URLSearchParams(location.search);
  const state = {page: 0, filter: {entity: params.get("entity") || "", id: params.get("id") || ""}};

  async function load() {
    const result = await api("GET", "/api/audit?" + Didpool.query({...state.filter, page: state.page,
      size: PAGE_SIZE}));
    $("audit-table").tBodies[0].replaceChildren(...(result.items.length === 0
        ? [el("tr", {}, el("td", {colspan: 6, class: "empty"}, "No change recorded matches."))]
        : result.items.map(entry => el("tr", {"data-entity": entry.entity, "data-action": entry.action},
            el("td", {}, Didpool.when(entry.at)),
            el("td", {class: "key"}, entry.key ? entry.key.name : ""),
            el("td", {}, entry.entity),
            el("td", {class: "entity-id"}, entry.id ?? el("span", {class: "muted"}, "many")),
            el("td", {class: "action"}, entry.action),
            el("td", {class: "change"}, change(entry.before, entry.after))))));
    $("audit-pager").replaceChildren(Didpool.pager("audit-pages", state.page, PAGE_SIZE, result.items.length,
        result.total, page => {
          state.page = page;
          guard(load);
        }));
  }

  /** Before → after: for two objects only the fields that differ, one a line; otherwise each side whole. */
  function change(before, after) {
    const text = value => value === null || value === undefined ? "—"
        : typeof value === "string" ? value : JSON.stringify(value);
    const isObject = value => value !== null && typeof value === "object" && !Array.isArray(value);
    if (isObject(before) && isObject(after)) {
      const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
          .filter(field => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
      return fields.length === 0 ? el("span", {class: "muted"}, "no field changed")
          : fields.map(field => el("div", {}, field + ": " + text(before[field]) + " → " + text(after[field])));
    }
    const side = value => isObject(value)
        ? Object.entries(value).map(([field, v]) => field + ": " + text(v)).join(", ") : text(value);
    return el("div", {}, side(before) + " → " + side(after));
  }

  $("audit-entity").value = state.filter.entity;
  $("audit-id").value = state.filter.id;
  $("audit-filters").addEventListener("submit", event => {
    event.preventDefault();
    state.filter = {entity: $("audit-entity").value, id: $("audit-id").value.trim()};
    state.page = 0;
    history.replaceState(null, "", "/audit" + (Didpool.query(state.filter) ? "?" + Didpool.query(state.filter) : ""));
    guard(load, $("audit-apply"));
  });

  guard(load);
})();
