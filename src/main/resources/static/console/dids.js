"use strict";
/*
 * DIDs: the searched, filtered, sorted and paged table (its filters in the page's URL); changing a hand-picked
 * selection or everything the filters match in one bulk request, after a dry run that says what will happen;
 * each DID's area code, recent calls and answer rate, resting it and reinstating it by hand; CSV export and import
 * (a dry run first, showing per field how many DIDs change and the first of them before and after); adding one DID;
 * the Twilio import.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, guard, notify, plural} = Didpool;
  const STATUSES = ["active", "available", "inactive", "quarantined", "released"];
  const FILTERS = ["q", "areaCode", "region", "numberPrefix", "segment", "status", "trunk", "neverUsed", "sort"];
  const MAX_REST_HOURS = 8760;
  const $ = id => document.getElementById(id);
  // the filters applied (the table, the export and "select all matching" use these, not the inputs being edited);
  // matching: the filters whose every DID is selected, or null while DIDs are picked by hand (selected)
  const state = {page: 0, total: 0, items: [], filter: fromUrl(), selected: new Set(), matching: null, csv: null};

  /** The filters of the page's URL (/dids?segment=twilio-main&q=415 is a link to those DIDs). */
  function fromUrl() {
    const params = new URLSearchParams(location.search);
    const filter = {};
    FILTERS.forEach(name => filter[name] = params.get(name) || "");
    filter.neverUsed = filter.neverUsed === "true" ? "true" : "";
    return filter;
  }

  function showFilter() {
    $("filter-q").value = state.filter.q;
    $("filter-area-code").value = state.filter.areaCode;
    $("filter-region").value = state.filter.region;
    $("filter-number-prefix").value = state.filter.numberPrefix;
    $("filter-status").value = state.filter.status;
    $("filter-trunk").value = state.filter.trunk;
    $("filter-never-used").checked = state.filter.neverUsed === "true";
    $("sort").value = state.filter.sort || "number";
  }

  function readFilter() {
    return {q: $("filter-q").value.trim(), areaCode: $("filter-area-code").value.replace(/\s+/g, ""),
      region: $("filter-region").value.trim().toUpperCase(), numberPrefix: $("filter-number-prefix").value.trim(),
      segment: $("filter-segment").value, status: $("filter-status").value,
      trunk: $("filter-trunk").value.trim(), neverUsed: $("filter-never-used").checked ? "true" : "",
      sort: $("sort").value === "number" ? "" : $("sort").value};
  }

  /** The filters in words, for confirmations: "search “415”, segment twilio-main". */
  function describe(filter) {
    const words = [];
    if (filter.q) {
      words.push("search “" + filter.q + "”");
    }
    if (filter.areaCode) {
      words.push("area code " + filter.areaCode.split(",").join(" or "));
    }
    if (filter.region) {
      words.push("state " + filter.region);
    }
    if (filter.numberPrefix) {
      words.push("number starting " + filter.numberPrefix);
    }
    ["segment", "status", "trunk"].filter(name => filter[name]).forEach(name => words.push(name + " " + filter[name]));
    if (filter.neverUsed) {
      words.push("never used");
    }
    return words.join(", ");
  }

  /** The filters as a bulk change takes them (the list's, without its order). */
  function bulkFilter(filter) {
    const body = {};
    ["q", "region", "numberPrefix", "segment", "status", "trunk"].filter(name => filter[name])
        .forEach(name => body[name] = filter[name]);
    if (filter.areaCode) {
      body.areaCode = filter.areaCode.split(",");
    }
    if (filter.neverUsed) {
      body.neverUsed = true;
    }
    return body;
  }

  function size() {
    return Number($("page-size").value);
  }

  async function loadSegments() {
    const {segments} = await api("GET", "/api/asterisk-dids/segments");
    const wanted = state.filter.segment;
    const names = wanted && !segments.includes(wanted) ? [...segments, wanted] : segments;
    $("filter-segment").replaceChildren(el("option", {value: ""}, "any"),
        ...names.map(s => el("option", {value: s}, s)));
    $("filter-segment").value = wanted;
    $("segment-options").replaceChildren(...segments.map(s => el("option", {value: s})));
  }

  async function loadPage() {
    const result = await api("GET", "/api/asterisk-dids?" + Didpool.query({...state.filter, page: state.page,
      size: size()}));
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
      body.replaceChildren(el("tr", {}, el("td", {colspan: $("dids-table").tHead.rows[0].cells.length, class: "empty"},
          state.total === 0 ? "No DID matches these filters." : "Nothing on this page.")));
    } else {
      body.replaceChildren(...state.items.map(row));
    }
    const first = state.total === 0 ? 0 : state.page * size() + 1;
    const last = state.page * size() + state.items.length;
    $("page-info").textContent = state.total === 0 ? "no DIDs" : first + "–" + last + " of " + state.total;
    $("prev-page").disabled = state.page === 0;
    $("next-page").disabled = last >= state.total;
    $("select-all").checked = state.items.length > 0
        && (state.matching !== null || state.items.every(d => state.selected.has(d.id)));
    $("select-all").disabled = state.matching !== null;
    $("selected-count").textContent = state.matching
        ? "All " + plural(state.matching.total, "DID") + " matching " + (describe(state.matching.filter) || "no filter")
            + " are selected"
        : state.selected.size + " selected";
    $("select-matching").hidden = state.matching !== null || state.total === 0;
    $("select-matching").textContent = "Select all " + plural(state.total, "matching DID");
    $("clear-selection").hidden = state.matching === null && state.selected.size === 0;
  }

  function row(did) {
    const checked = state.matching !== null || state.selected.has(did.id);
    const status = el("select", {class: "status-select", "aria-label": "status of " + did.number,
          onchange: event => changeStatus(did, event.target)},
        STATUSES.map(s => el("option", {value: s, selected: s === did.status}, s)));
    return el("tr", {"data-id": did.id, "data-number": did.number, class: checked ? "selected" : null},
        el("td", {}, el("input", {type: "checkbox", class: "select-did", checked, disabled: state.matching !== null,
          "aria-label": "select " + did.number, onchange: event => toggle(did.id, event.target.checked)})),
        el("td", {class: "number"}, did.number),
        el("td", {}, did.friendlyName || ""),
        el("td", {class: "segment"}, did.segment || el("span", {class: "muted"}, "—")),
        el("td", {}, did.trunk),
        el("td", {}, status),
        el("td", {class: "num usage"}, did.usageCount),
        el("td", {class: "muted"}, Didpool.when(did.lastUsedAt)),
        el("td", {class: "area"}, did.areaCode == null ? el("span", {class: "muted"}, "—")
            : did.areaCode + " · " + (did.region ?? "—")),
        el("td", {class: "num calls"}, did.callsLastHour + " / " + did.callsLastDay),
        el("td", {class: "num answer-rate"}, Didpool.percent(did.answerRate)),
        el("td", {class: "num callbacks"}, el("a", {href: "/inbound?" + Didpool.query({did: did.number}),
          title: "the inbound calls to " + did.number}, (did.callbacksLastDay ?? 0) + " / "
            + (did.callbacksLast30Days ?? 0))),
        el("td", {class: "resting-state"}, restingState(did)));
  }

  /** "resting until <local time>" and Reinstate, or Rest… which asks for how many hours. */
  function restingState(did) {
    if (Didpool.resting(did)) {
      return [el("span", {class: "resting", title: Didpool.when(did.restingUntil)},
          "resting until " + Didpool.localTime(did.restingUntil)), " ",
        el("button", {type: "button", class: "reinstate", onclick: e => setRest(did, null, e.target)}, "Reinstate")];
    }
    const hours = el("input", {type: "number", class: "rest-hours", step: "any", value: 24,
      "aria-label": "hours " + did.number + " rests"});
    const form = el("form", {class: "rest-form", hidden: true, novalidate: true, onsubmit: event => {
      event.preventDefault();
      const n = Number(hours.value);
      if (hours.value === "" || !(n > 0 && n <= MAX_REST_HOURS)) {
        notify("Not rested: enter for how many hours " + did.number + " rests, more than 0 and at most "
            + MAX_REST_HOURS + " (a year).", "error");
        return;
      }
      setRest(did, new Date(Date.now() + n * 3600000).toISOString(), event.submitter);
    }}, hours, " h ", el("button", {type: "submit", class: "rest-save"}, "Rest"));
    return [el("button", {type: "button", class: "rest", title: "rotation leaves it out until the time is up",
      onclick: event => {
        event.target.hidden = true;
        form.hidden = false;
        hours.select();
      }}, "Rest…"), form];
  }

  /** Rests a DID until a time (PUT restingUntil), or reinstates it (null). */
  function setRest(did, until, button) {
    guard(async () => {
      const updated = await api("PUT", "/api/asterisk-dids/" + did.id, {restingUntil: until});
      notify(Didpool.resting(updated)
          ? updated.number + " rests until " + Didpool.localTime(updated.restingUntil)
              + ": rotation leaves it out until then."
          : updated.number + " is reinstated" + (updated.selectable ? ": rotation may choose it again."
              : ", but is not selectable: its status is " + updated.status + "."), "ok");
      await loadPage();
    }, button);
  }

  function toggle(id, on) {
    if (on) {
      state.selected.add(id);
    } else {
      state.selected.delete(id);
    }
    render();
  }

  function clearSelection() {
    state.selected.clear();
    state.matching = null;
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

  /**
   * Applies `set` to the selection in one bulk request. Everything the filters match is changed only after a dry run
   * and a confirmation that says how many will change; a hand-picked selection is changed at once. The outcome, or
   * why nothing changed, is shown next to the button.
   */
  async function change(set, words, button, outcome) {
    outcome.className = "result";
    outcome.textContent = "";
    if (state.matching === null && state.selected.size === 0) {
      say(outcome, "Select DIDs in the table first, or all the DIDs matching the filters.", "error");
      return;
    }
    const filter = state.matching ? bulkFilter(state.matching.filter) : {ids: [...state.selected]};
    try {
      if (state.matching) {
        const dry = await api("POST", "/api/asterisk-dids/bulk", {filter, set, dryRun: true});
        if (dry.changed === 0) {
          say(outcome, "Nothing to change: the " + plural(dry.matched, "matching DID") + " "
              + words.already(dry.matched) + ".", "ok");
          return;
        }
        const unchanged = dry.matched - dry.changed;
        const confirmed = await Didpool.confirmAction(plural(dry.matched, "DID") + " "
            + (dry.matched === 1 ? "matches" : "match") + " " + (describe(state.matching.filter) || "no filter: every DID")
            + ". " + plural(dry.changed, "DID") + " will " + words.future + "."
            + (unchanged === 0 ? "" : " " + unchanged.toLocaleString("en-US") + " " + words.already(unchanged) + "."),
            words.verb + " " + plural(dry.changed, "DID"));
        if (!confirmed) {
          say(outcome, "Nothing changed.", "ok");
          return;
        }
      }
      const done = await api("POST", "/api/asterisk-dids/bulk", {filter, set, dryRun: false});
      const gone = state.matching ? 0 : state.selected.size - done.matched;
      say(outcome, words.past(done.changed) + "."
          + (done.matched > done.changed ? " " + (done.matched - done.changed).toLocaleString("en-US") + " "
              + words.already(done.matched - done.changed) + "." : "")
          + (gone > 0 ? " " + plural(gone, "selected DID") + " no longer " + (gone === 1 ? "exists" : "exist") + "."
              : ""), "ok");
      clearSelection();
    } catch (e) {
      if (!(e instanceof Didpool.ApiError) || e.status === 401) { // a refused key: the banner, and sign in again
        throw e;
      }
      say(outcome, e.message.startsWith("Not changed") ? e.message : "Not changed: " + e.message, "error");
      return;
    }
    await Promise.all([loadSegments(), loadPage()]);
  }

  function say(box, text, kind) {
    box.className = "result " + kind;
    box.textContent = text;
  }

  // ---- CSV out and in

  async function exportCsv() {
    const response = await Didpool.send("GET", "/api/asterisk-dids/export?" + Didpool.query(state.filter),
        {accept: "text/csv, application/problem+json"});
    const blob = await response.blob();
    const name = state.filter.segment ? "dids-" + state.filter.segment + ".csv" : "dids.csv";
    Didpool.download(blob, name);
    notify("Exported the " + plural(state.total, "DID") + " matching " + (describe(state.filter) || "no filter")
        + " to " + name + ".", "ok");
  }

  async function checkCsv() {
    const file = $("csv-file").files[0];
    if (!file) {
      notify("Choose a CSV file first.", "error");
      return;
    }
    state.csv = file;
    const result = await importCsv(file, true);
    const writes = result.created + result.updated;
    showResult($("csv-result"), "Dry run of " + file.name + ": nothing was changed yet", result,
        writes === 0 ? el("p", {class: "muted"}, "Nothing to import: no row would change a DID.")
            : el("button", {type: "button", id: "csv-import", class: "primary",
              onclick: e => guard(() => runCsvImport(file), e.target)},
                "Import: create " + plural(result.created, "DID") + ", update " + result.updated
                + (result.failed > 0 ? ", skip " + plural(result.failed, "invalid row") : "")));
  }

  async function runCsvImport(file) {
    if (state.csv !== file) {
      return; // another file was chosen meanwhile: it must be checked first
    }
    const result = await importCsv(file, false);
    showResult($("csv-result"), "Imported " + file.name, result, null);
    notify("CSV import: " + result.created + " created, " + result.updated + " updated, " + result.unchanged
        + " unchanged, " + result.failed + " failed.", result.failed > 0 ? "error" : "ok");
    await Promise.all([loadSegments(), loadPage()]);
  }

  async function importCsv(file, dryRun) {
    const response = await Didpool.send("POST", "/api/asterisk-dids/import/csv?dryRun=" + dryRun,
        {body: file, contentType: "text/csv"});
    return Didpool.json(response, "/api/asterisk-dids/import/csv");
  }

  /** An import's figures and each failed row's reason (the Twilio and the CSV import answer the same shape). */
  function showResult(box, title, result, next) {
    const prefix = box.id.replace("-result", "");
    const figures = ["fetched", "created", "updated", "unchanged", "failed"].map(name =>
        el("div", {}, el("dt", {}, name === "fetched" && prefix === "csv" ? "rows" : name),
            el("dd", {id: prefix + "-" + name}, result[name] ?? 0)));
    const errors = result.errors || [];
    box.replaceChildren(...[
        el("h2", {}, title),
        el("dl", {class: "stats"}, figures),
        ...changes(prefix, result),
        errors.length === 0 ? el("p", {class: "muted"}, "No row failed.")
            : el("table", {class: "grid", id: prefix + "-errors"},
                el("thead", {}, el("tr", {}, el("th", {}, "Number"), el("th", {}, "Why it failed"))),
                el("tbody", {}, errors.map(e => el("tr", {}, el("td", {}, e.number || ""), el("td", {}, e.reason))))),
        errors.length < result.failed ? el("p", {class: "muted"}, "The first " + errors.length + " of "
            + result.failed + " failures are listed.") : null,
        next].filter(Boolean));
    box.hidden = false;
  }

  const CSV_FIELDS = ["segment", "trunk", "status", "friendlyName"];

  /**
   * What an import changes on existing DIDs (a CSV import says it, dry run or not): per field how many DIDs, and the
   * first changed DIDs before and after, with only the fields that change.
   */
  function changes(prefix, result) {
    if (!result.changes) {
      return [];
    }
    const values = object => Object.entries(object).map(([field, v]) => field + ": " + (v ?? "none")).join(", ");
    const sample = result.sample || [];
    return [
      el("h3", {}, result.dryRun ? "What would change on existing DIDs" : "What changed on existing DIDs"),
      el("dl", {class: "stats", id: prefix + "-changes"}, CSV_FIELDS.map(field =>
          el("div", {}, el("dt", {}, field), el("dd", {id: prefix + "-changes-" + field}, result.changes[field] ?? 0)))),
      sample.length === 0 ? el("p", {class: "muted"}, "No existing DID changes.")
          : el("table", {class: "grid compact", id: prefix + "-sample"},
              el("caption", {class: "muted"}, sample.length < result.updated
                  ? "The first " + sample.length + " of " + plural(result.updated, "changed DID") + ", in the file's order"
                  : "Every changed DID, in the file's order"),
              el("thead", {}, el("tr", {}, el("th", {}, "Number"), el("th", {}, "Before"), el("th", {}, "After"))),
              el("tbody", {}, sample.map(change => el("tr", {"data-number": change.number},
                  el("td", {class: "number"}, change.number), el("td", {class: "before"}, values(change.before)),
                  el("td", {class: "after"}, values(change.after))))))];
  }

  // ---- events

  $("filters").addEventListener("submit", event => {
    event.preventDefault();
    state.filter = readFilter();
    state.page = 0;
    state.matching = null;
    history.replaceState(null, "", "/dids" + (Didpool.query(state.filter) ? "?" + Didpool.query(state.filter) : ""));
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
  $("select-matching").addEventListener("click", () => {
    state.matching = {filter: {...state.filter}, total: state.total};
    state.selected.clear();
    render();
  });
  $("clear-selection").addEventListener("click", () => {
    clearSelection();
    render();
  });
  $("move-button").addEventListener("click", () => {
    const segment = $("move-segment").value.trim();
    if (!segment) {
      say($("move-result"), "Enter the segment to move the selected DIDs to.", "error");
      return;
    }
    guard(() => change({segment}, {
      future: "move to segment " + segment, verb: "Move",
      already: n => (n === 1 ? "is" : "are") + " in segment " + segment + " already",
      past: n => "Moved " + plural(n, "DID") + " to segment " + segment,
    }, $("move-button"), $("move-result")), $("move-button"));
  });
  $("status-button").addEventListener("click", () => {
    const status = $("bulk-status").value;
    guard(() => change({status}, {
      future: "be set to " + status, verb: "Set", already: n => (n === 1 ? "is " : "are ") + status + " already",
      past: n => "Set " + plural(n, "DID") + " to " + status,
    }, $("status-button"), $("status-result")), $("status-button"));
  });
  $("export-button").addEventListener("click", () => guard(exportCsv, $("export-button")));
  $("csv-file").addEventListener("change", () => {
    state.csv = null;
    $("csv-result").hidden = true;
  });
  $("csv-form").addEventListener("submit", event => {
    event.preventDefault();
    guard(checkCsv, $("csv-check"));
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
    const dryRun = $("import-dry-run").checked;
    const body = {segment: $("import-segment").value.trim(), trunk: $("import-trunk").value.trim(), dryRun};
    notify("Importing from Twilio…", "info");
    guard(async () => {
      const result = await api("POST", "/api/asterisk-dids/import/twilio", body);
      showResult($("import-result"), dryRun ? "Dry run: nothing was changed" : "Import finished", result, null);
      notify("Twilio import: " + result.fetched + " fetched, " + result.created + " created, " + result.updated
          + " updated, " + result.unchanged + " unchanged, " + result.failed + " failed.",
          result.failed > 0 ? "error" : "ok");
      await Promise.all([loadSegments(), loadPage()]);
    }, $("import-button"));
  });

  showFilter();
  guard(async () => {
    await loadSegments();
    await loadPage();
  });
})();
