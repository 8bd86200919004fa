"use strict";
/* Do-not-call list: the tenant's suppressed numbers (GET /api/suppression), searched and paged; add, remove, CSV. */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, guard, notify} = Didpool;
  const $ = id => document.getElementById(id);
  const PAGE_SIZE = 50;
  const state = {page: 0, q: ""};

  async function load() {
    const result = await api("GET", "/api/suppression?" + Didpool.query({q: state.q, page: state.page,
      size: PAGE_SIZE}));
    $("suppression-table").tBodies[0].replaceChildren(...(result.items.length === 0
        ? [el("tr", {}, el("td", {colspan: 5, class: "empty"}, "No suppressed number matches."))]
        : result.items.map(entry => el("tr", {"data-number": entry.number},
            el("td", {class: "number"}, entry.number),
            el("td", {}, entry.reason ?? ""),
            el("td", {}, entry.expiresAt ? Didpool.when(entry.expiresAt) + (entry.active ? "" : " (expired)")
                : el("span", {class: "muted"}, "never")),
            el("td", {}, Didpool.when(entry.createdAt)),
            el("td", {}, el("button", {type: "button", class: "link", onclick: e => guard(() => remove(entry),
              e.target)}, "Remove"))))));
    $("suppression-pager").replaceChildren(Didpool.pager("suppression-pages", state.page, PAGE_SIZE,
        result.items.length, result.total, page => {
          state.page = page;
          guard(load);
        }));
  }

  async function put() {
    const number = $("suppression-number").value.trim();
    const expires = $("suppression-expires").value;
    const reason = $("suppression-reason").value.trim();
    await api("PUT", "/api/suppression/" + encodeURIComponent(number), {
      reason: reason === "" ? null : reason,
      expiresAt: expires === "" ? null : new Date(expires).toISOString()});
    notify(number + " is suppressed.", "ok");
    $("suppression-add").reset();
    await load();
  }

  async function remove(entry) {
    if (!await Didpool.confirmAction("Remove " + entry.number + " from the do-not-call list? It may be called"
        + " again.", "Remove", true)) {
      return;
    }
    await api("DELETE", "/api/suppression/" + encodeURIComponent(entry.number));
    notify(entry.number + " is no longer suppressed.", "ok");
    await load();
  }

  async function exportCsv() {
    const response = await Didpool.send("GET", "/api/suppression/export",
        {accept: "text/csv, application/problem+json"});
    Didpool.download(await response.blob(), "suppression.csv");
  }

  async function importCsv() {
    const file = $("suppression-file").files[0];
    if (!file) {
      notify("Choose a CSV file first (number, reason, expiresAt).", "error");
      return;
    }
    const response = await Didpool.send("POST", "/api/suppression/import/csv", {body: file, contentType: "text/csv"});
    const result = await Didpool.json(response, "/api/suppression/import/csv");
    $("suppression-result").replaceChildren(el("p", {}, file.name + ": " + result.fetched + " rows, "
        + result.created + " added, " + result.updated + " updated, " + result.failed + " failed."),
        ...result.errors.map(problem => el("div", {class: "muted"}, (problem.number ?? "") + " " + problem.reason)));
    await load();
  }

  $("suppression-add").addEventListener("submit", event => {
    event.preventDefault();
    guard(put, $("suppression-put"));
  });
  $("suppression-filters").addEventListener("submit", event => {
    event.preventDefault();
    state.q = $("suppression-q").value.trim();
    state.page = 0;
    guard(load, $("suppression-apply"));
  });
  $("suppression-export").addEventListener("click", () => guard(exportCsv, $("suppression-export")));
  $("suppression-import").addEventListener("click", () => guard(importCsv, $("suppression-import")));

  guard(load);
})();
