"use strict";
/*
 * Campaigns: start one from a CSV file of contacts (read in the browser), follow each campaign's progress (refreshed
 * while it runs), pause, resume or cancel it, and page through its executions with their steps.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, svg, guard, notify, plural} = Didpool;
  const $ = id => document.getElementById(id);
  const PAGE_SIZE = 20;
  const EXECUTIONS_PAGE_SIZE = 25;
  const REFRESH_MILLIS = 3000;
  // the order of a progress bar's parts, left to right
  const PARTS = ["completed", "failed", "cancelled", "suppressed", "running", "queued"];
  const WAIT_REASONS = {CALLING_HOURS: "calling hours", ATTEMPT_LIMIT: "the attempt limit", RECYCLE: "a retry"};
  const OUTCOMES = {NO_ANSWER: "no answer", BUSY: "busy"};
  const state = {page: 0, total: 0, campaigns: [], journeys: new Map(), contacts: null, watched: null,
    executionsPage: 0};

  // ---- contacts from a CSV file

  /**
   * The records of CSV text (RFC 4180): fields separated by commas, a field in double quotes may hold commas,
   * line breaks and "" (one quote); lines end with CRLF or LF; a UTF-8 byte order mark is skipped.
   */
  function parseCsv(text) {
    const records = [];
    let record = [];
    let field = "";
    let quoted = false;
    let fieldStart = true;
    for (let i = text.charCodeAt(0) === 0xFEFF ? 1 : 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c !== "\"") {
          field += c;
        } else if (text[i + 1] === "\"") {
          field += "\"";
          i++;
        } else {
          quoted = false;
        }
        continue;
      }
      if (c === "\"" && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else if (c === ",") {
        record.push(field);
        field = "";
        fieldStart = true;
      } else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") {
          i++;
        }
        record.push(field);
        records.push(record);
        record = [];
        field = "";
        fieldStart = true;
      } else {
        field += c;
        fieldStart = false;
      }
    }
    if (quoted) {
      throw new Error("row " + (records.length + 1) + ": a quoted field is not closed (a \" is missing)");
    }
    if (!fieldStart || field !== "" || record.length > 0) {
      record.push(field);
      records.push(record);
    }
    return records;
  }

  /** The contacts of a CSV file: each row's phoneNumber and its row in the file (the header is row 1). */
  function contactsOf(text) {
    const records = parseCsv(text);
    if (records.length === 0) {
      throw new Error("the file is empty");
    }
    const header = records[0].map(name => name.trim());
    const column = header.findIndex(name => name.toLowerCase() === "phonenumber");
    if (column < 0) {
      throw new Error("the file has no phoneNumber column (its header line is: " + header.join(", ") + ")");
    }
    const contacts = [];
    records.slice(1).forEach((record, i) => {
      if (record.length === 1 && record[0].trim() === "") {
        return; // a blank line
      }
      contacts.push({row: i + 2, phoneNumber: (record[column] ?? "").trim()});
    });
    if (contacts.length === 0) {
      throw new Error("the file has a header line but no contact");
    }
    return contacts;
  }

  async function readFile() {
    state.contacts = null;
    $("create-button").disabled = true;
    const summary = $("file-summary");
    const file = $("campaign-file").files[0];
    if (!file) {
      summary.hidden = true;
      return;
    }
    try {
      state.contacts = contactsOf(await file.text());
    } catch (e) {
      summary.className = "result error";
      summary.textContent = file.name + ": " + e.message + ".";
      summary.hidden = false;
      return;
    }
    const distinct = new Set(state.contacts.map(c => c.phoneNumber)).size;
    const duplicates = state.contacts.length - distinct;
    summary.className = "muted";
    summary.textContent = file.name + ": " + plural(state.contacts.length, "row") + " of contacts; "
        + (duplicates === 0 ? "no number appears twice: "
            : plural(duplicates, "duplicate") + " will be called once: ")
        + plural(distinct, "contact") + " to call.";
    summary.hidden = false;
    $("create-button").disabled = false;
  }

  /** The API's refusal of a contact, by its row in the file: "row 18: phone number must be an E.164 number …". */
  function inWords(error) {
    const rows = (error.problem?.errors || []).map(problem => {
      const match = /^contacts\[(\d+)\]\.phoneNumber$/.exec(problem.field || "");
      const contact = match ? state.contacts[Number(match[1])] : null;
      // the API's message quotes the value it refused ("… (got "4155550004")"): the row is what the page adds
      return contact ? "row " + contact.row + ": phone number " + problem.message : null;
    }).filter(Boolean);
    return rows.length === 0 ? error
        : new Didpool.ApiError(error.status, "The campaign was not started, nothing was queued: " + rows.join("; ")
            + ".", error.problem);
  }

  async function create() {
    const name = $("campaign-name").value.trim();
    const journeyId = $("campaign-journey").value;
    let campaign;
    try {
      campaign = await api("POST", "/api/campaigns", {journeyId, name,
        contacts: state.contacts.map(c => ({phoneNumber: c.phoneNumber}))});
    } catch (e) {
      throw e instanceof Didpool.ApiError ? inWords(e) : e;
    }
    notify("Campaign " + campaign.name + " started: " + plural(campaign.total, "contact") + " to call.", "ok");
    $("create-form").reset();
    await readFile();
    state.page = 0;
    await loadCampaigns();
    watch(campaign);
  }

  // ---- the list

  async function loadJourneys() {
    const {items} = await api("GET", "/api/journeys?size=500");
    state.journeys = new Map(items.map(j => [j.id, j.name]));
    const select = $("campaign-journey");
    select.replaceChildren(...(items.length === 0
        ? [el("option", {value: ""}, "no journey yet: create one on the Journeys page")]
        : items.map(j => el("option", {value: j.id}, j.name))));
  }

  async function loadCampaigns() {
    const result = await api("GET", "/api/campaigns?" + Didpool.query({page: state.page, size: PAGE_SIZE}));
    state.campaigns = result.items;
    state.total = result.total;
    render();
    if (state.watched) {
      const watched = state.campaigns.find(c => c.id === state.watched.id);
      if (watched) {
        state.watched = watched;
      }
      await loadExecutions();
    }
    refresh();
  }

  function render() {
    const body = $("campaigns-table").tBodies[0];
    if (state.campaigns.length === 0) {
      body.replaceChildren(el("tr", {}, el("td", {colspan: 6, class: "empty"}, "No campaign yet.")));
    } else {
      Didpool.rows(body, state.campaigns, c => c.id, c => [c, state.watched?.id === c.id,
        state.journeys.get(c.journeyId)], row);
    }
    $("campaigns-pager").replaceChildren(Didpool.pager("campaigns-pages", state.page, PAGE_SIZE,
        state.campaigns.length, state.total, page => {
          state.page = page;
          guard(loadCampaigns);
        }));
    $("refreshed").textContent = running() ? "Refreshed every " + REFRESH_MILLIS / 1000 + " s while a campaign runs; last at "
        + new Date().toLocaleTimeString("en-GB") : "";
  }

  function row(campaign) {
    const live = campaign.status === "RUNNING" || campaign.status === "PAUSED";
    const action = (name, label, run, cls) => el("button", {type: "button", class: name + (cls ? " " + cls : ""),
      onclick: e => guard(() => run(campaign), e.target)}, label);
    return el("tr", {"data-id": campaign.id, "data-status": campaign.status,
          class: state.watched && state.watched.id === campaign.id ? "selected" : null},
        el("td", {class: "name"}, campaign.name),
        el("td", {}, state.journeys.get(campaign.journeyId) || campaign.journeyId),
        el("td", {}, el("span", {class: "badge status " + campaign.status.toLowerCase()}, campaign.status)),
        el("td", {class: "progress"}, progressBar(campaign), el("div", {class: "figures"}, figures(campaign)),
            el("div", {class: "timing muted"}, timing(campaign)),
            el("div", {class: "recycle-rules muted"}, recycleRules(campaign))),
        el("td", {class: "muted"}, Didpool.when(campaign.createdAt)),
        el("td", {class: "actions"},
            campaign.status === "RUNNING" ? action("pause", "Pause", pause) : null,
            campaign.status === "PAUSED" ? action("resume", "Resume", resume) : null,
            live ? action("cancel", "Cancel", cancel, "danger") : null,
            live ? action("edit-recycle", "Recycling", editRecycle) : null,
            action("show-executions", "Executions", c => {
              watch(c);
              return loadExecutions();
            })));
  }

  /** One bar, its parts in proportion to the executions completed, failed, cancelled, suppressed, running, queued. */
  function progressBar(campaign) {
    const width = 240;
    const total = Math.max(campaign.total, 1);
    let x = 0;
    const parts = PARTS.filter(part => campaign[part] > 0).map(part => {
      const w = campaign[part] / total * width;
      const rect = svg("rect", {class: "part " + part, x, y: 0, width: w, height: 12},
          svg("title", {}, campaign[part] + " " + part));
      x += w;
      return rect;
    });
    return svg("svg", {class: "progress-bar", viewBox: "0 0 " + width + " 12", width, height: 12, role: "img",
      "aria-label": figures(campaign)}, svg("rect", {class: "track", x: 0, y: 0, width, height: 12}), parts);
  }

  function figures(campaign) {
    return PARTS.filter(part => part === "completed" || campaign[part] > 0)
        .map(part => campaign[part].toLocaleString("en-US") + " " + part).join(" · ")
        + " of " + campaign.total.toLocaleString("en-US") + waitingFigures(campaign);
  }

  /** "started 10:02 · 1.250 set-ups/s · ETA 10:40", then "finished 10:41" once it is over. */
  function timing(campaign) {
    const parts = [campaign.startedAt ? "started " + Didpool.when(campaign.startedAt) : "not started"];
    if (campaign.finishedAt) {
      parts.push("finished " + Didpool.when(campaign.finishedAt));
    } else {
      parts.push(campaign.setupsPerSecond + " set-ups/s");
      parts.push("ETA " + (campaign.eta ? Didpool.when(campaign.eta) : "—"));
    }
    return parts.join(" · ");
  }

  /** "Recycling: no answer after 60 min, up to 3 calls · 12 recycled", or "No recycling". */
  function recycleRules(campaign) {
    const rules = (campaign.recycle || []).map(r => OUTCOMES[r.outcome] + " after " + r.afterMinutes
        + " min, up to " + r.maxAttempts + " calls");
    return (rules.length === 0 ? "No recycling" : "Recycling: " + rules.join("; "))
        + (campaign.recycled > 0 ? " · " + plural(campaign.recycled, "retry", "retries") + " queued so far" : "");
  }

  function editRecycle(campaign) {
    state.editing = campaign;
    $("recycle-title").textContent = "Recycling of " + campaign.name;
    for (const fieldset of $("recycle-form").querySelectorAll("fieldset")) {
      const rule = (campaign.recycle || []).find(r => r.outcome === fieldset.dataset.outcome);
      fieldset.querySelector(".recycle-on").checked = Boolean(rule);
      if (rule) {
        fieldset.querySelector(".recycle-after").value = rule.afterMinutes;
        fieldset.querySelector(".recycle-max").value = rule.maxAttempts;
      }
    }
    $("recycle-editor").hidden = false;
  }

  async function saveRecycle() {
    const recycle = [...$("recycle-form").querySelectorAll("fieldset")]
        .filter(fieldset => fieldset.querySelector(".recycle-on").checked)
        .map(fieldset => ({outcome: fieldset.dataset.outcome,
          afterMinutes: Number(fieldset.querySelector(".recycle-after").value),
          maxAttempts: Number(fieldset.querySelector(".recycle-max").value)}));
    const saved = await api("PUT", "/api/campaigns/" + state.editing.id + "/recycle", {recycle});
    notify("Recycling of " + saved.name + " saved: " + recycleRules(saved) + ".", "ok");
    $("recycle-editor").hidden = true;
    await loadCampaigns();
  }

  /** " · 1,200 waiting (1,000 for calling hours, 200 for the attempt limit)", or nothing when none waits. */
  function waitingFigures(campaign) {
    if (!campaign.waiting) {
      return "";
    }
    const reasons = Object.entries(campaign.waitingByReason || {}).filter(([, n]) => n > 0)
        .map(([reason, n]) => n.toLocaleString("en-US") + " for " + WAIT_REASONS[reason]);
    return " · " + campaign.waiting.toLocaleString("en-US") + " waiting (" + reasons.join(", ") + ")";
  }

  async function pause(campaign) {
    const paused = await api("POST", "/api/campaigns/" + campaign.id + "/pause");
    notify("Campaign " + paused.name + " paused: no new call starts; calls in progress finish.", "ok");
    await loadCampaigns();
  }

  async function resume(campaign) {
    const resumed = await api("POST", "/api/campaigns/" + campaign.id + "/resume");
    notify("Campaign " + resumed.name + " resumed.", "ok");
    await loadCampaigns();
  }

  async function cancel(campaign) {
    const now = await api("GET", "/api/campaigns/" + campaign.id);
    const confirmed = await Didpool.confirmAction("Cancel campaign " + now.name + "? "
        + (now.queued === 0 ? "No execution is queued."
            : plural(now.queued, "queued execution") + " will be cancelled: "
                + (now.queued === 1 ? "its contact is" : "their contacts are") + " not called.")
        + (now.running === 0 ? "" : " " + plural(now.running, "call") + " in progress "
            + (now.running === 1 ? "finishes." : "finish."))
        + " This cannot be undone.", "Cancel the campaign", true);
    if (!confirmed) {
      return;
    }
    const cancelled = await api("POST", "/api/campaigns/" + campaign.id + "/cancel");
    notify("Campaign " + cancelled.name + " cancelled: " + plural(cancelled.cancelled, "execution")
        + " cancelled.", "ok");
    await loadCampaigns();
  }

  function running() {
    return state.campaigns.some(c => c.status === "RUNNING" || c.running > 0);
  }

  const refresh = Didpool.every(REFRESH_MILLIS, running, loadCampaigns);

  // ---- one campaign's executions

  function watch(campaign) {
    if (!state.watched || state.watched.id !== campaign.id) {
      state.executionsPage = 0;
    }
    state.watched = campaign;
    $("executions").hidden = false;
    $("executions-title").textContent = "Executions of " + campaign.name;
    render();
  }

  async function loadExecutions() {
    const campaign = state.watched;
    const result = await api("GET", "/api/campaigns/" + campaign.id + "/executions?" + Didpool.query({
      status: $("execution-status").value, page: state.executionsPage, size: EXECUTIONS_PAGE_SIZE}));
    if (state.watched !== campaign) {
      return;
    }
    $("executions-table").tBodies[0].replaceChildren(...(result.items.length === 0
        ? [el("tr", {}, el("td", {colspan: 7, class: "empty"}, "No execution matches."))]
        : result.items.map(execution => el("tr", {"data-id": execution.id, "data-status": execution.status},
            el("td", {class: "contact"}, execution.contact?.phoneNumber || ""),
            el("td", {class: "execution-status"}, execution.status),
            el("td", {class: "steps"}, (execution.steps || []).map((step, i, steps) => el("div", {class: "step"},
                callOfNode(steps, i) > 1 ? "call " + callOfNode(steps, i) + " · " : "",
                step.status, " · ", step.waitingFor
                    ? el("span", {class: "step-waiting"}, Didpool.stepWaiting(step.waitingFor))
                    : Didpool.stepDid(step) ?? "no DID yet",
                step.did ? el("span", {class: "step-why"}, " · ", Didpool.stepWhy(step)) : "",
                step.outcome ? " · " + step.outcome : "",
                step.attempts > 1 ? " · " + step.attempts + " attempts" : "",
                step.error ? " · " + step.error : ""))),
            el("td", {class: "muted"}, Didpool.when(execution.createdAt)),
            el("td", {class: "muted"}, execution.finishedAt ? Didpool.when(execution.finishedAt) : ""),
            el("td", {class: "num callbacks"}, Didpool.callbacks(execution)),
            el("td", {}, execution.error || "")))));
    $("executions-pager").replaceChildren(Didpool.pager("executions-pages", state.executionsPage,
        EXECUTIONS_PAGE_SIZE, result.items.length, result.total, page => {
          state.executionsPage = page;
          guard(loadExecutions);
        }));
    const {items} = await api("GET", "/api/campaigns/" + campaign.id + "/dids");
    if (state.watched !== campaign) {
      return;
    }
    $("dids-table").tBodies[0].replaceChildren(...(items.length === 0
        ? [el("tr", {}, el("td", {colspan: 4, class: "empty"}, "No call placed yet."))]
        : items.map(did => el("tr", {"data-did": did.did},
            el("td", {class: "did"}, did.did),
            el("td", {class: "num calls"}, did.calls.toLocaleString("en-US")),
            el("td", {class: "num answered"}, did.answered.toLocaleString("en-US")),
            el("td", {class: "num answer-rate"}, did.answerRate === null ? "—" : Didpool.percent(did.answerRate))))));
  }

  /** Which call to the contact for its node step {@code i} is: 2 for the first retry (a recycled attempt). */
  function callOfNode(steps, i) {
    return steps.slice(0, i + 1).filter(step => step.nodeId === steps[i].nodeId).length;
  }

  $("campaign-file").addEventListener("change", () => {
    Didpool.clearMessage();
    guard(readFile);
  });
  $("create-form").addEventListener("submit", event => {
    event.preventDefault();
    // the button stays off until a valid file is chosen again
    guard(create, $("create-button")).then(() => $("create-button").disabled = state.contacts === null);
  });
  $("recycle-form").addEventListener("submit", event => {
    event.preventDefault();
    guard(saveRecycle, $("recycle-save"));
  });
  $("recycle-close").addEventListener("click", () => $("recycle-editor").hidden = true);
  $("execution-status").addEventListener("change", () => {
    state.executionsPage = 0;
    guard(loadExecutions);
  });

  guard(async () => {
    await loadJourneys();
    await loadCampaigns();
  });
})();
