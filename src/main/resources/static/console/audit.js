"use strict";
/*
 * Audit: the tenant's audit trail (GET /api/audit), filtered by entity and id (also from the URL), paged. Each entry
 * reads as a sentence ("moved 1,412 DIDs from ny-metro to manhattan, filter q=(212)"), its raw JSON behind a toggle.
 * A bulk change or CSV import can be undone: a dry run says what the undo will restore and skip, then it is confirmed.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, guard, notify, plural} = Didpool;
  const $ = id => document.getElementById(id);
  const PAGE_SIZE = 50;
  const UNDOABLE = ["bulk-update", "csv-import"];
  /** Fields of a DID that change by themselves or with every write: not worth a word in a sentence. */
  const NOISE = ["updatedAt", "createdAt", "usageCount", "lastUsedAt", "callsLastHour", "callsLastDay", "answerRate",
    "callbacksLastDay", "callbacksLast30Days", "selectable", "totalDids", "selectableDids"];
  const params = new URLSearchParams(location.search);
  const state = {page: 0, filter: {entity: params.get("entity") || "", id: params.get("id") || ""}};

  async function load() {
    const result = await api("GET", "/api/audit?" + Didpool.query({...state.filter, page: state.page,
      size: PAGE_SIZE}));
    $("audit-table").tBodies[0].replaceChildren(...(result.items.length === 0
        ? [el("tr", {}, el("td", {colspan: 5, class: "empty"}, "No change recorded matches."))]
        : result.items.map(row)));
    $("audit-pager").replaceChildren(Didpool.pager("audit-pages", state.page, PAGE_SIZE, result.items.length,
        result.total, page => {
          state.page = page;
          guard(load);
        }));
  }

  function row(entry) {
    const raw = JSON.stringify({entryId: entry.entryId, entity: entry.entity, id: entry.id, action: entry.action,
      before: entry.before, after: entry.after, undoneBy: entry.undoneBy}, null, 2);
    return el("tr", {"data-entity": entry.entity, "data-action": entry.action, "data-entry": entry.entryId},
        el("td", {class: "when"}, Didpool.when(entry.at)),
        el("td", {class: "key"}, entry.key ? entry.key.name : ""),
        el("td", {class: "change"},
            el("div", {class: "sentence"}, sentence(entry)),
            entry.undoneBy == null ? null
                : el("div", {class: "muted undone"}, "undone by entry #" + entry.undoneBy),
            el("details", {class: "raw"}, el("summary", {}, "entry #" + entry.entryId + " as recorded"),
                el("pre", {}, raw))),
        el("td", {class: "action"}, entry.action),
        el("td", {}, undoable(entry) ? el("button", {type: "button", class: "undo",
          onclick: e => guard(() => undo(entry, e.target), e.target)}, "Undo…") : null));
  }

  function undoable(entry) {
    return entry.entity === "did" && UNDOABLE.includes(entry.action) && entry.undoneBy == null;
  }

  // ---- sentences

  const count = n => Number(n ?? 0).toLocaleString("en-US");
  /** A value as a sentence shows it: none for null, short JSON for lists and objects. */
  function shown(value) {
    if (value === null || value === undefined || value === "") {
      return "none";
    }
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    return text.length > 80 ? text.slice(0, 79) + "…" : text;
  }

  /** "segment from a to b, status from active to inactive": the fields that differ between two objects. */
  function differences(before, after) {
    const isObject = value => value !== null && typeof value === "object" && !Array.isArray(value);
    if (!isObject(before) || !isObject(after)) {
      return [];
    }
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter(field => !NOISE.includes(field) && JSON.stringify(before[field]) !== JSON.stringify(after[field]))
        .map(field => field + " from " + shown(before[field]) + " to " + shown(after[field]));
  }

  /** "field value, …" of an object's set fields. */
  function fields(object) {
    return Object.entries(object || {}).filter(([field, v]) => v !== null && !NOISE.includes(field))
        .map(([field, v]) => field + " " + shown(v)).join(", ");
  }

  /** A bulk change's filter, each field key=value ("filter q=(212), segment=ny-metro"); ids/numbers are counts. */
  function filterWords(filter) {
    const words = Object.entries(filter || {}).map(([field, v]) =>
        field === "ids" || field === "numbers" ? v + " " + field + " listed"
            : field + "=" + (v === null ? "none" : Array.isArray(v) ? v.join(",") : v));
    return words.length === 0 ? "no filter (every DID)" : "filter " + words.join(", ");
  }

  /** The previous values of a bulk change's field: "ny-metro" or "ny-metro (1,000), queens (412)". */
  function previous(summary) {
    if (!Array.isArray(summary) || summary.length === 0) {
      return "";
    }
    return summary.length === 1 ? shown(summary[0].value)
        : summary.map(s => shown(s.value) + " (" + count(s.dids) + ")").join(", ");
  }

  function bulkSentence(before, after) {
    const n = plural(after.changed, "DID");
    const parts = Object.entries(after.set || {}).map(([field, value]) => {
      const from = previous((before || {})[field]);
      return field === "segment"
          ? "moved " + n + (from ? " from " + from : "") + " to " + (value === null ? "no segment" : value)
          : "set " + field + " of " + n + " to " + value + (from ? " (from " + from + ")" : "");
    });
    const unchanged = after.matched - after.changed;
    return parts.join("; ") + ", " + filterWords(after.filter)
        + (unchanged > 0 ? " (" + count(unchanged) + " more matched and had the value already)" : "");
  }

  const CSV_FIELDS = ["segment", "trunk", "status", "friendlyName"];

  function csvSentence(what, after) {
    const changes = after.changes ? CSV_FIELDS.filter(f => after.changes[f] > 0)
        .map(f => f + " of " + count(after.changes[f])) : [];
    return "imported " + what + " CSV file of " + plural(after.rows, "row") + ": " + count(after.created)
        + " created, " + count(after.updated) + " updated, " + count(after.failed) + " failed"
        + (changes.length ? " (changed " + changes.join(", ") + ")" : "");
  }

  /** The entry in words; an entity or action this page does not know reads generically, its fields included. */
  function sentence(entry) {
    const {entity, action, id} = entry;
    const before = entry.before || {};
    const after = entry.after || {};
    const changed = differences(entry.before, entry.after);
    const changes = changed.length ? ": " + changed.join(", ") : "";
    const didName = after.number || before.number || id;
    switch (entity + " " + action) {
      case "did create": return "added DID " + didName + (after.segment ? " to segment " + after.segment : "");
      case "did update": return changed.length === 0 ? "saved DID " + didName + " unchanged"
          : "changed " + changed.map((c, i) => i === 0 ? c.replace(" from ", " of " + didName + " from ") : c)
              .join(", ");
      case "did delete": return "deleted DID " + didName;
      case "did bulk-update": return bulkSentence(entry.before, after);
      case "did csv-import": return csvSentence("a", after);
      case "did twilio-import": return "imported from Twilio into segment " + shown(after.segment) + ", trunk "
          + shown(after.trunk) + (after.mode ? " (" + after.mode + ")" : "") + ": " + count(after.fetched) + " fetched, " + count(after.created)
          + " created, " + count(after.updated) + " updated, " + count(after.failed) + " failed, "
          + count(after.released) + " released" + (after.outcome && after.outcome !== "succeeded"
              ? "; " + after.outcome : "");
      case "did usage-reset": return "reset the usage count of " + plural(after.reset, "DID")
          + (after.segment ? " of segment " + after.segment : "");
      case "did release-missing": return "released " + plural(after.dids, "DID") + " that " + shown(after.provider)
          + " no longer lists";
      case "did undo": return "undid entry #" + after.entryId + " (" + after.action + "): restored "
          + count(after.reverted) + " of " + plural(after.matched, "DID")
          + (after.skipped > 0 ? ", skipped " + count(after.skipped) + " changed since" : "");
      case "segment declare": return "declared segment " + id + (after.description ? " (" + after.description + ")"
          : "");
      case "segment update": return "changed segment " + id + changes;
      case "segment delete": return "deleted segment " + id;
      case "segment rename": return "renamed segment " + (before.name || id) + " to " + after.name;
      case "policy set": return "set the caller-ID policy of segment " + id + ": " + fields(after);
      case "policy update": return "changed the caller-ID policy of segment " + id + changes;
      case "journey create": return "created journey " + shown(after.name);
      case "journey update": return "changed journey " + shown(after.name) + changes;
      case "journey update-node": return "changed a node of journey " + shown(after.name);
      case "journey delete": return "deleted journey " + shown(before.name);
      case "journey segment-renamed": return "journey " + id + " follows the rename of segment " + before.didSegment
          + " to " + after.didSegment;
      case "key create": return "created API key " + shown(after.name) + (after.readOnly ? " (read-only)" : "");
      case "key revoke": return "revoked API key " + shown(before.name || after.name);
      case "tenant create": return "created tenant " + shown(after.name);
      case "trunk configure": return "configured trunk " + id + (entry.before ? changes : ": " + fields(after));
      case "suppression create": return "suppressed " + id + (after.reason ? " (" + after.reason + ")" : "");
      case "suppression update": return "changed the suppression of " + id + changes;
      case "suppression delete": return "lifted the suppression of " + id;
      case "suppression csv-import": return csvSentence("a suppression", after);
      default: return generic(entry, changes);
    }
  }

  /** "update dialing_limits: maxCallsPerContactPerDay from none to 3" */
  function generic(entry, changes) {
    const subject = entry.entity.replace(/_/g, " ") + (entry.id ? " " + entry.id : "");
    if (changes) {
      return entry.action + " " + subject + changes;
    }
    const side = entry.after ?? entry.before;
    const isObject = side !== null && typeof side === "object" && !Array.isArray(side);
    return entry.action + " " + subject + (side == null ? "" : ": " + (isObject ? fields(side) : shown(side)));
  }

  // ---- undo

  /** A dry run first; the confirmation says how many DIDs get their values back and how many are skipped, why. */
  async function undo(entry, button) {
    const path = "/api/audit/" + entry.entryId + "/undo";
    const dry = await api("POST", path + "?dryRun=true");
    const skipped = dry.matched - dry.reverted;
    showUndo("Dry run of the undo of entry #" + entry.entryId + ": nothing was changed yet", dry);
    if (dry.reverted === 0) {
      notify("Nothing to undo: every one of the " + plural(dry.matched, "DID") + " changed since.", "error");
      return;
    }
    const confirmed = await Didpool.confirmAction("Undo entry #" + entry.entryId + " (" + sentence(entry) + "): "
        + plural(dry.reverted, "DID") + " will get " + (dry.reverted === 1 ? "its" : "their") + " previous values back"
        + (entry.action === "csv-import" ? " (DIDs the import created are deleted)" : "") + "."
        + (skipped > 0 ? " " + plural(skipped, "DID") + " changed since and will be left as "
            + (skipped === 1 ? "it is" : "they are") + "." : ""), "Undo " + plural(dry.reverted, "DID"), true);
    if (!confirmed) {
      notify("Nothing undone.", "ok");
      return;
    }
    const done = await api("POST", path);
    showUndo("Undid entry #" + entry.entryId, done);
    notify("Undone: " + plural(done.reverted, "DID") + " restored"
        + (done.matched > done.reverted ? ", " + count(done.matched - done.reverted) + " skipped (changed since)"
            : "") + ".", "ok");
    await load();
  }

  /** The undo's figures and the DIDs it skips, each with the reason. */
  function showUndo(title, result) {
    const box = $("undo-result");
    box.replaceChildren(...[
        el("h2", {}, title),
        el("dl", {class: "stats"},
            el("div", {}, el("dt", {}, "DIDs changed"), el("dd", {id: "undo-matched"}, count(result.matched))),
            el("div", {}, el("dt", {}, "restored"), el("dd", {id: "undo-reverted"}, count(result.reverted))),
            el("div", {}, el("dt", {}, "skipped"), el("dd", {id: "undo-skipped"},
                count(result.matched - result.reverted)))),
        result.skipped.length === 0 ? null : el("table", {class: "grid", id: "undo-skipped-table"},
            el("thead", {}, el("tr", {}, el("th", {}, "Number"), el("th", {}, "Why it is left as it is"))),
            el("tbody", {}, result.skipped.map(s => el("tr", {}, el("td", {}, s.number), el("td", {}, s.reason)))))]
        .filter(Boolean));
    box.hidden = false;
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
