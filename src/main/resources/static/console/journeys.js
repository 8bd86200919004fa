"use strict";
/*
 * Journeys: create and edit a journey's MAKE_CALL steps (caller ID: a specific DID, the next DID of a segment and
 * then of its fallback segments, or the next of all the tenant's DIDs), then run a test execution for one phone number
 * and watch its steps, with why each got its DID.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, guard, notify} = Didpool;
  const $ = id => document.getElementById(id);
  // polling stops at a final status; an unknown status is taken as still running (until MAX_POLLS)
  const FINAL = /^(COMPLETED?|SUCCEEDED|SUCCESS|FAILED|FAILURE|CANCELL?ED|ERROR|DONE|FINISHED|ABORTED|TIMED_OUT|EXPIRED)$/i;
  const POLL_MILLIS = 1000;
  const MAX_POLLS = 300;
  const DID_CHOICES = 50;
  // dids: the DIDs seen so far by id, to name a node's DID; the picker searches the server (q) as the user types
  const state = {journeys: [], current: null, dids: new Map(), segments: [], run: 0};

  async function loadReferences() {
    state.segments = (await api("GET", "/api/asterisk-dids/segments")).segments;
  }

  async function loadJourneys() {
    const answer = await api("GET", "/api/journeys");
    // the list may come bare or wrapped; both are read
    state.journeys = Array.isArray(answer) ? answer : (answer.items || answer.journeys || []);
    renderList();
  }

  function renderList() {
    const list = $("journey-list");
    if (state.journeys.length === 0) {
      list.replaceChildren(el("li", {class: "muted"}, "No journey yet."));
      return;
    }
    list.replaceChildren(...state.journeys.map(j => el("li", {},
        el("button", {type: "button", class: state.current && state.current.id === j.id ? "current" : null,
          "data-id": j.id, onclick: () => edit(j)}, j.name))));
  }

  function edit(journey) {
    state.current = journey;
    state.run++; // stop watching the previous journey's execution
    $("editor-title").textContent = journey ? "Edit journey" : "New journey";
    $("journey-name").value = journey ? journey.name : "";
    $("delete-journey").hidden = !journey;
    const nodes = journey && journey.nodes && journey.nodes.length > 0 ? journey.nodes
        : [{type: "MAKE_CALL", config: {}}];
    $("nodes").replaceChildren(...nodes.map(nodeEditor));
    renumber();
    renderList();
    $("steps-table").hidden = true;
    $("execution-status").textContent = journey ? "" : "Save the journey to run it.";
  }

  function renumber() {
    [...$("nodes").children].forEach((node, i) => {
      node.querySelector(".step-number").textContent = "Step " + (i + 1);
    });
  }

  /** The form of one MAKE_CALL node; the node's id is kept so that an edit keeps the node's identity. */
  function nodeEditor(node) {
    const config = node.config || {};
    const mode = config.didId ? "did" : config.didSegment ? "segment" : "rotate";
    const group = "caller-id-" + Didpool.uuid();
    const radio = (value, label) => el("label", {},
        el("input", {type: "radio", name: group, value, class: "mode-" + value, checked: mode === value,
          onchange: () => showMode(box)}), label);

    const segment = segmentSelect("node-segment", "segment", config.didSegment);
    const fallbacks = el("ol", {class: "fallback-list"}, (config.fallbackSegments || []).map(fallbackRow));

    const search = el("input", {type: "search", class: "node-did-search", placeholder: "search number or name…",
      "aria-label": "search DIDs", oninput: () => {
        clearTimeout(typing);
        typing = setTimeout(() => guard(() => filterDids(didList, search.value, didList.value)), 250);
      }});
    let typing;
    const didList = el("select", {class: "node-did", size: 6, "aria-label": "DID"});
    guard(() => filterDids(didList, "", config.didId));

    const box = el("div", {class: "node", "data-node-id": node.id || "", "data-type": node.type || "MAKE_CALL"},
        el("header", {}, el("span", {class: "step-number"}), el("span", {}, "MAKE_CALL — place a call"),
            el("span", {class: "spacer"}),
            el("button", {type: "button", class: "link remove-node", onclick: () => {
              box.remove();
              renumber();
            }}, "remove")),
        el("fieldset", {},
            el("legend", {}, "Caller ID"),
            el("div", {class: "modes"}, radio("rotate", "Rotate across all DIDs"), radio("segment", "Next DID of a segment"),
                radio("did", "A specific DID")),
            el("div", {class: "pick-segment"}, segment,
                el("div", {class: "fallbacks"},
                    el("span", {class: "hint"}, "When it has no usable DID (all at a cap, resting or not selectable),"
                        + " the next DID of these segments, in this order:"),
                    fallbacks,
                    el("button", {type: "button", class: "link add-fallback", onclick: () => {
                      fallbacks.append(fallbackRow(""));
                      fallbacks.lastChild.querySelector("select").focus();
                    }}, "add a fallback segment"))),
            el("div", {class: "pick-did did-picker"}, search, didList)),
        el("div", {class: "fields"},
            el("label", {}, "Audio file (Asterisk sound, optional)",
                el("input", {class: "node-audio", value: config.audioFile || "", placeholder: "custom/voice_template_123"})),
            el("label", {}, "Transfer to (E.164, optional)",
                el("input", {class: "node-transfer", value: config.transferNumber || "", placeholder: "+14155550199"}))));
    showMode(box);
    return box;
  }

  /** A list of the tenant's segments; a segment the node names that no longer exists stays, marked. */
  function segmentSelect(cls, label, value) {
    const select = el("select", {class: cls, "aria-label": label},
        el("option", {value: ""}, "choose a segment…"),
        state.segments.map(s => el("option", {value: s, selected: s === value}, s)));
    if (value && !state.segments.includes(value)) {
      select.append(el("option", {value, selected: true}, value + " (holds no DID)"));
    }
    return select;
  }

  /** One fallback segment of a node: which, moved earlier in the order, or removed. */
  function fallbackRow(value) {
    const row = el("li", {}, segmentSelect("node-fallback", "fallback segment", value),
        el("button", {type: "button", class: "link move-up", title: "tried earlier", onclick: () => {
          if (row.previousElementSibling) {
            row.previousElementSibling.before(row);
          }
        }}, "↑ earlier"),
        el("button", {type: "button", class: "link remove-fallback", onclick: () => row.remove()}, "remove"));
    return row;
  }

  /**
   * Fills a node's DID list with the first DIDs matching the text (part of the number or the name, searched by the
   * server, so that the page never downloads the whole inventory); the DID the node names stays first.
   */
  async function filterDids(select, text, keep) {
    const {items, total} = await api("GET", "/api/asterisk-dids?" + Didpool.query({q: text.trim(), size: DID_CHOICES}));
    items.forEach(d => state.dids.set(d.id, d));
    if (keep && !state.dids.has(keep)) {
      try {
        state.dids.set(keep, await api("GET", "/api/asterisk-dids/" + keep));
      } catch (e) {
        if (!(e instanceof Didpool.ApiError && e.status === 404)) {
          throw e;
        }
      }
    }
    // whether rotation may choose a DID is the server's answer (selectable), not a rule kept here
    const label = d => d.number + (d.friendlyName ? " · " + d.friendlyName : "") + (d.segment ? " · " + d.segment : "")
        + (d.selectable ? "" : " · not selectable (" + d.status + (Didpool.resting(d) ? ", resting" : "") + ")");
    const options = items.map(d => el("option", {value: d.id, selected: d.id === keep}, label(d)));
    if (keep && !items.some(d => d.id === keep)) {
      const known = state.dids.get(keep);
      options.unshift(el("option", {value: keep, selected: true}, known ? label(known) : "DID " + keep + " (not found)"));
    }
    if (total > items.length) {
      options.push(el("option", {disabled: true, value: ""}, "… " + (total - items.length) + " more: type to narrow"));
    }
    select.replaceChildren(...options);
  }

  function showMode(box) {
    const mode = box.querySelector("input[type=radio]:checked").value;
    box.querySelector(".pick-segment").hidden = mode !== "segment";
    box.querySelector(".pick-did").hidden = mode !== "did";
  }

  /** The journey as the API takes it; an unset optional field is left out rather than sent as "". */
  function journeyFromForm() {
    const nodes = [...$("nodes").children].map((box, i) => {
      const mode = box.querySelector("input[type=radio]:checked").value;
      const config = {};
      if (mode === "did") {
        config.didId = box.querySelector(".node-did").value;
        if (!config.didId) {
          throw new Error("step " + (i + 1) + ": choose the DID to call from");
        }
      } else if (mode === "segment") {
        config.didSegment = box.querySelector(".node-segment").value;
        if (!config.didSegment) {
          throw new Error("step " + (i + 1) + ": choose the segment to call from");
        }
        const fallbacks = [...box.querySelectorAll(".node-fallback")].map(select => select.value);
        if (fallbacks.includes("")) {
          throw new Error("step " + (i + 1) + ": choose each fallback segment, or remove it");
        }
        if (fallbacks.length > 0) {
          config.fallbackSegments = fallbacks;
        }
      }
      const audio = box.querySelector(".node-audio").value.trim();
      const transfer = box.querySelector(".node-transfer").value.trim();
      if (audio) {
        config.audioFile = audio;
      }
      if (transfer) {
        config.transferNumber = transfer;
      }
      // a node the server has not seen yet goes without an id: the server gives it one
      return box.dataset.nodeId ? {id: box.dataset.nodeId, type: box.dataset.type, config}
        : {type: box.dataset.type, config};
    });
    return {name: $("journey-name").value.trim(), nodes};
  }

  async function save() {
    let body;
    try {
      body = journeyFromForm();
    } catch (e) {
      notify("Not saved: " + e.message + ".", "error");
      return;
    }
    if (state.current) {
      // a PUT replaces the whole journey: the calling hours this page does not edit are sent back as read
      body.callingHours = state.current.callingHours ?? null;
    }
    const saved = state.current
        ? await api("PUT", "/api/journeys/" + state.current.id, body)
        : await api("POST", "/api/journeys", body);
    await loadJourneys();
    edit(saved);
    notify("Journey " + saved.name + " saved.", "ok");
  }

  async function remove() {
    if (!state.current || !await Didpool.confirmAction("Delete journey " + state.current.name + "?"
        + " Its campaigns and executions stay readable.", "Delete the journey", true)) {
      return;
    }
    const path = "/api/journeys/" + state.current.id;
    try {
      await api("DELETE", path);
    } catch (e) {
      if (!(e instanceof Didpool.ApiError && e.status === 409)) {
        throw e;
      }
      // work in flight, which the service names: deleting anyway cancels it as a campaign's cancel does
      const inFlight = e.problem && e.problem.detail ? e.problem.detail.split(". Wait until")[0] + "." : e.message;
      if (!await Didpool.confirmAction(inFlight + " Cancel them and delete the journey? Queued executions are"
          + " cancelled; calls in progress finish and are recorded.", "Cancel them and delete", true)) {
        return;
      }
      await api("DELETE", path + "?cancelExecutions=true");
    }
    notify("Journey " + state.current.name + " deleted.", "ok");
    edit(null);
    await loadJourneys();
  }

  async function run() {
    if (!state.current) {
      notify("Save the journey before running it.", "error");
      return;
    }
    const journeyId = state.current.id;
    const phoneNumber = $("run-phone").value.trim();
    const started = await api("POST", "/api/journeys/" + journeyId + "/executions", {contact: {phoneNumber}});
    notify("Test execution started for " + phoneNumber + ".", "info");
    renderExecution(started);
    // watched in the background: the Run button is free again as soon as the execution is accepted
    guard(() => watch(journeyId, started.id, ++state.run));
  }

  /** Polls the execution until it reaches a final status, or another run or journey takes over the page. */
  async function watch(journeyId, executionId, run) {
    for (let polls = 0; polls < MAX_POLLS && run === state.run; polls++) {
      const execution = await api("GET", "/api/journeys/" + journeyId + "/executions/" + executionId);
      if (run !== state.run) {
        return;
      }
      renderExecution(execution);
      if (FINAL.test(String(execution.status))) {
        notify("Test execution " + String(execution.status).toLowerCase() + ".",
            /FAIL|ERROR|ABORT|TIMED|EXPIRED|CANCEL/i.test(execution.status) ? "error" : "ok");
        return;
      }
      await new Promise(resolve => setTimeout(resolve, POLL_MILLIS));
    }
    if (run === state.run) {
      notify("Stopped watching the test execution: still " + $("execution-status").dataset.status
          + " after " + (MAX_POLLS * POLL_MILLIS / 1000) + " s.", "info");
    }
  }

  function renderExecution(execution) {
    $("execution-status").replaceChildren("Execution " + execution.id + ": " + execution.status + " · ",
        Didpool.callbacks(execution));
    $("execution-status").dataset.status = execution.status;
    const steps = execution.steps || [];
    const position = nodeId => {
      const index = (state.current?.nodes || []).findIndex(n => n.id === nodeId);
      return index >= 0 ? "Step " + (index + 1) : nodeId;
    };
    const outcome = o => o == null ? "" : typeof o === "object" ? (o.status || "") + (o.reason ? ": " + o.reason : "") : o;
    $("steps-table").tBodies[0].replaceChildren(...steps.map(s => el("tr", {"data-node-id": s.nodeId},
        el("td", {}, position(s.nodeId)), el("td", {}, s.type), el("td", {class: "step-status"}, s.status),
        el("td", {class: "step-did"},
            s.waitingFor ? Didpool.stepWaiting(s.waitingFor) : Didpool.stepDid(s) ?? "—"), el("td", {class: "step-why"}, Didpool.stepWhy(s)),
        el("td", {}, s.destination || ""), el("td", {}, s.channel || ""), el("td", {class: "step-outcome"}, outcome(s.outcome)),
        el("td", {class: "step-error"}, s.error || ""))));
    $("steps-table").hidden = false;
  }

  $("new-journey").addEventListener("click", () => edit(null));
  $("add-node").addEventListener("click", () => {
    $("nodes").append(nodeEditor({type: "MAKE_CALL", config: {}}));
    renumber();
  });
  $("journey-editor").addEventListener("submit", event => {
    event.preventDefault();
    guard(save, $("save-journey"));
  });
  $("delete-journey").addEventListener("click", () => guard(remove, $("delete-journey")));
  $("run-form").addEventListener("submit", event => {
    event.preventDefault();
    guard(run, $("run-button"));
  });

  guard(async () => {
    await loadReferences();
    edit(null);
    await loadJourneys();
  });
})();
