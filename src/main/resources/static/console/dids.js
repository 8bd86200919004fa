"use strict";
/* DIDs: the filtered, paged table; moving and re-statusing the selected DIDs; adding one; the Twilio import. */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, guard, notify} = Didpool;
  const STATUSES = ["active", "available", "inactive", "quarantined", "released"];
  const $ = id => document.getElementById(id);
  const state = {page: 0, total: 0, items: [], selected: new Set()};

  function filter() {
    return {segment: $("filter-segment").value, status: $("filter-status").value, trunk: $("filter-trunk").value.trim()};
  }

  function size() {
    return Number($("page-size").value);
  }

  async function loadSegments() {
    const {segments} = await api("GET", "/api/asterisk-dids/segments");
    const select = $("filter-segment");
    const current = select.value;
    select.replaceChildren(el("option", {value: ""}, "any"), ...segments.map(s => el("option", {value: s}, s)));
    select.value = segments.includes(current) ? current : "";
    $("segment-options").replaceChildren(...segments.map(s => el("option", {value: s})));
  }

  async function loadPage() {
    const result = await api("GET", "/api/asterisk-dids?" + Didpool.query({...filter(), page: state.page, size: size()}));
    if (result.items.length === 0 && state.page > 0 && result.total > 0) {
      state.page = Math.floor((result.total - 1) / size());
      return loadPage();
    }
    state.items = result.items;
    state.total = result.total;
    render();
  }

  function render() {
    const body = $("dids-table").tBodies[0];
    if (state.items.length === 0) {
      body.replaceChildren(el("tr", {}, el("td", {colspan: 8, class: "empty"},
          state.total === 0 ? "No DID matches these filters." : "Nothing on this page.")));
    } else {
      body.replaceChildren(...state.items.map(row));
    }
    const first = state.total === 0 ? 0 : state.page * size() + 1;
    const last = state.page * size() + state.items.length;
    $("page-info").textContent = state.total === 0 ? "no DIDs" : first + "–" + last + " of " + state.total;
    $("prev-page").disabled = state.page === 0;
    $("next-page").disabled = last >= state.total;
    $("select-all").checked = state.items.length > 0 && state.items.every(d => state.selected.has(d.id));
    $("selected-count").textContent = state.selected.size + " selected";
  }

  function row(did) {
    const checked = state.selected.has(did.id);
    const status = el("select", {class: "status-select", "aria-label": "status of " + did.number,
          onchange: event => changeStatus(did, event.target)},
        STATUSES.map(s => el("option", {value: s, selected: s === did.status}, s)));
    return el("tr", {"data-id": did.id, "data-number": did.number, class: checked ? "selected" : null},
        el("td", {}, el("input", {type: "checkbox", class: "select-did", checked, "aria-label": "select " + did.number,
          onchange: event => toggle(did.id, event.target.checked)})),
        el("td", {class: "number"}, did.number),
        el("td", {}, did.friendlyName || ""),
        el("td", {class: "segment"}, did.segment || el("span", {class: "muted"}, "—")),
        el("td", {}, did.trunk),
        el("td", {}, status),
        el("td", {class: "num usage"}, did.usageCount),
        el("td", {class: "muted"}, Didpool.when(did.lastUsedAt)));
  }

  function toggle(id, on) {
    if (on) {
      state.selected.add(id);
    } else {
      state.selected.delete(id);
    }
    render();
  }

  function changeStatus(did, select) {
    guard(async () => {
      const updated = await api("PUT", "/api/asterisk-dids/" + did.id, {status: select.value});
      notify("Status of " + updated.number + " is now " + updated.status + ".", "ok");
      await loadPage();
    }, select).then(() => {
      // a refused change leaves the control showing what is stored
      select.value = state.items.find(d => d.id === did.id)?.status ?? select.value;
    });
  }

  /** PUTs the same change to every selected DID, one by one, and says how many succeeded and why others did not. */
  async function updateSelected(change, done) {
    if (state.selected.size === 0) {
      notify("Select one or more DIDs in the table first.", "error");
      return;
    }
    const ids = [...state.selected];
    const failures = [];
    for (const id of ids) {
      try {
        await api("PUT", "/api/asterisk-dids/" + id, change);
        state.selected.delete(id);
      } catch (e) {
        if (!(e instanceof Didpool.ApiError)) {
          throw e;
        }
        failures.push(e.message);
        if (e.status === 401 || e.status === 400) {
          break; // the same refusal would repeat for every DID
        }
      }
    }
    const changed = ids.length - state.selected.size;
    await Promise.all([loadSegments(), loadPage()]);
    if (failures.length === 0) {
      notify(done(changed), "ok");
    } else {
      notify((changed > 0 ? done(changed) + " " : "") + "Not changed: " + state.selected.size + " DID"
          + (state.selected.size === 1 ? "" : "s") + ". " + failures[0], "error");
    }
  }

  function plural(n) {
    return n + " DID" + (n === 1 ? "" : "s");
  }

  function showImport(result) {
    const box = $("import-result");
    const figures = ["fetched", "created", "updated", "unchanged", "failed"].map(name =>
        el("div", {}, el("dt", {}, name), el("dd", {id: "import-" + name}, result[name] ?? 0)));
    const errors = result.errors || [];
    box.replaceChildren(
        el("h2", {}, $("import-dry-run").checked ? "Dry run: nothing was changed" : "Import finished"),
        el("dl", {class: "stats"}, figures),
        errors.length === 0 ? el("p", {class: "muted"}, "No number failed.")
            : el("table", {class: "grid", id: "import-errors"},
                el("thead", {}, el("tr", {}, el("th", {}, "Number"), el("th", {}, "Why it failed"))),
                el("tbody", {}, errors.map(e => el("tr", {}, el("td", {}, e.number), el("td", {}, e.reason))))));
    box.hidden = false;
  }

  $("filters").addEventListener("submit", event => {
    event.preventDefault();
    state.page = 0;
    guard(loadPage, $("apply-filters"));
  });
  $("page-size").addEventListener("change", () => {
    state.page = 0;
    guard(loadPage);
  });
  $("prev-page").addEventListener("click", () => {
    state.page = Math.max(0, state.page - 1);
    guard(loadPage, $("prev-page"));
  });
  $("next-page").addEventListener("click", () => {
    state.page += 1;
    guard(loadPage, $("next-page"));
  });
  $("select-all").addEventListener("change", event => {
    state.items.forEach(d => event.target.checked ? state.selected.add(d.id) : state.selected.delete(d.id));
    render();
  });
  $("move-button").addEventListener("click", () => {
    const segment = $("move-segment").value.trim();
    if (!segment) {
      notify("Enter the segment to move the selected DIDs to.", "error");
      return;
    }
    guard(() => updateSelected({segment}, n => "Moved " + plural(n) + " to segment " + segment + "."),
        $("move-button"));
  });
  $("status-button").addEventListener("click", () => {
    const status = $("bulk-status").value;
    guard(() => updateSelected({status}, n => "Set " + plural(n) + " to " + status + "."), $("status-button"));
  });
  $("add-form").addEventListener("submit", event => {
    event.preventDefault();
    const body = {number: $("add-number").value.trim()};
    for (const [field, id] of [["segment", "add-segment"], ["trunk", "add-trunk"], ["friendlyName", "add-name"]]) {
      const value = $(id).value.trim();
      if (value) {
        body[field] = value;
      }
    }
    guard(async () => {
      const did = await api("POST", "/api/asterisk-dids", body);
      notify("Added " + did.number + ".", "ok");
      $("add-number").value = "";
      await Promise.all([loadSegments(), loadPage()]);
    }, $("add-button"));
  });
  $("import-form").addEventListener("submit", event => {
    event.preventDefault();
    const body = {segment: $("import-segment").value.trim(), trunk: $("import-trunk").value.trim(),
      dryRun: $("import-dry-run").checked};
    notify("Importing from Twilio…", "info");
    guard(async () => {
      const result = await api("POST", "/api/asterisk-dids/import/twilio", body);
      showImport(result);
      notify("Twilio import: " + result.fetched + " fetched, " + result.created + " created, " + result.updated
          + " updated, " + result.unchanged + " unchanged, " + result.failed + " failed.",
          result.failed > 0 ? "error" : "ok");
      await Promise.all([loadSegments(), loadPage()]);
    }, $("import-button"));
  });

  guard(async () => {
    await loadSegments();
    await loadPage();
  });
})();
