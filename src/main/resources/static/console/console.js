"use strict";
/*
 * What every console page shares: the tenant API key (sessionStorage only), calls to the JSON API with it,
 * API errors turned into words, and a small DOM builder (text is always set as text, never parsed as HTML).
 */
const Didpool = (() => {
  const KEY = "didpool.apiKey";

  function key() {
    return sessionStorage.getItem(KEY);
  }

  function signIn(apiKey) {
    sessionStorage.setItem(KEY, apiKey);
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    location.href = "/";
  }

  class ApiError extends Error {
    constructor(status, message, problem) {
      super(message);
      this.status = status;
      this.problem = problem;
    }
  }

  /**
   * Sends a request with the key; resolves to the Response when it succeeded, rejects with an ApiError that says
   * what went wrong. body is sent as it is (a string or a File) with contentType; api() below sends JSON.
   */
  async function send(method, path, {body, contentType, accept, apiKey} = {}) {
    const headers = {
      "Accept": accept || "application/json, application/problem+json",
      "Authorization": "Bearer " + (apiKey ?? key() ?? ""),
    };
    if (contentType) {
      headers["Content-Type"] = contentType;
    }
    let response;
    try {
      response = await fetch(path, {method, headers, body});
    } catch (e) {
      throw new ApiError(0, "The service could not be reached. Is it running? (" + e.message + ")");
    }
    if (!response.ok) {
      const problem = parse(await response.text());
      throw new ApiError(response.status, describeFailure(response, problem), problem);
    }
    return response;
  }

  /** Calls the API; resolves to the parsed JSON (null for 204), rejects with an ApiError that says what went wrong. */
  async function api(method, path, body, apiKey) {
    const response = await send(method, path, body === undefined ? {apiKey}
        : {apiKey, body: JSON.stringify(body), contentType: "application/json"});
    return json(response, path);
  }

  /** The JSON of a successful answer (null when it has no body). */
  async function json(response, path) {
    const text = await response.text();
    const parsed = parse(text);
    if (text && parsed === null) {
      throw new ApiError(response.status, "The service answered " + path + " with something that is not JSON.");
    }
    return parsed;
  }

  function parse(text) {
    try {
      return text ? JSON.parse(text) : null;
    } catch (e) {
      return null;
    }
  }

  function describeFailure(response, problem) {
    const said = problem && typeof problem === "object" ? (problem.detail || problem.title) : null;
    if (response.status === 401) {
      return "Your API key was refused (" + (said || "unauthorized") + "). Sign in again with a valid key.";
    }
    if (response.status === 403) {
      return "Not changed: this API key is read-only, it may look but not change anything. Sign in with a key that"
          + " may write to do this.";
    }
    if (said) {
      return said;
    }
    if (response.status >= 500) {
      return "The service failed (HTTP " + response.status + "). Try again, or look at its log.";
    }
    return "The request failed with HTTP " + response.status + ".";
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "") {
        q.set(name, value);
      }
    }
    return q.toString();
  }

  /** Shows a message above the page; kind is "error", "ok" or "info". */
  function notify(text, kind) {
    const box = document.getElementById("message");
    box.className = "message " + (kind || "info");
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.textContent = text;
    box.hidden = false;
  }

  function clearMessage() {
    const box = document.getElementById("message");
    box.hidden = true;
    box.textContent = "";
  }

  /**
   * Runs an async action, showing any failure in words; the button (if given) is disabled meanwhile so that a
   * double click does not send twice.
   */
  async function guard(action, button) {
    if (button) {
      button.disabled = true;
    }
    busy(+1);
    try {
      return await action();
    } catch (e) {
      notify(e instanceof ApiError ? e.message : "Something went wrong in the page: " + e.message, "error");
      if (e instanceof ApiError && e.status === 401 && document.body.dataset.page !== "signin") {
        sessionStorage.removeItem(KEY);
      }
      return undefined;
    } finally {
      if (button) {
        button.disabled = false;
      }
      busy(-1);
    }
  }

  /** body[data-busy] counts the API actions in flight: "0" once the page has settled (tests wait for it). */
  let inFlight = 0;

  function busy(change) {
    inFlight += change;
    document.body.dataset.busy = String(inFlight);
  }

  /** el("td", {class: "num"}, "12") — attributes starting with "on" are listeners; children are nodes or text. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) {
        continue;
      }
      if (name.startsWith("on")) {
        node.addEventListener(name.slice(2), value);
      } else if (name in node && typeof node[name] === "boolean") {
        node[name] = Boolean(value);
      } else {
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function when(instant) {
    if (!instant) {
      return "never";
    }
    const date = new Date(instant);
    return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  }

  /** A time in the browser's time zone, to the minute: "2026-11-25 11:00" (when() is the exact UTC time). */
  function localTime(instant) {
    const date = new Date(instant);
    const two = n => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + " "
        + two(date.getHours()) + ":" + two(date.getMinutes());
  }

  /** A share such as an answer rate (0.125) as a percentage: "12.5 %"; "—" when there is none yet. */
  function percent(share) {
    return share == null ? "—" : (Math.round(Number(share) * 1000) / 10).toLocaleString("en-US") + " %";
  }

  /** Whether a DID rests now: restingUntil is kept after the rest ends, so only a future time counts. */
  function resting(did) {
    return did.restingUntil != null && new Date(did.restingUntil).getTime() > Date.now();
  }

  const MATCHES = {STICKY: "sticky: called before", AREA_CODE: "same area code", REGION: "same region",
    ANY: "any DID of the segment"};

  /**
   * Why a step waits, in words: "waiting for 08:00 America/Los_Angeles" (the callee's local time; with its date when
   * it is not within a day) or "attempt limit until 14:05" (this browser's time).
   */
  function stepWaiting(waitingFor) {
    const until = new Date(waitingFor.until);
    const soon = until.getTime() - Date.now() < 20 * 3600 * 1000;
    const options = {hour: "2-digit", minute: "2-digit", hourCycle: "h23"};
    if (!soon) {
      Object.assign(options, {year: "numeric", month: "2-digit", day: "2-digit"});
    }
    if (waitingFor.reason === "CALLING_HOURS") {
      return "waiting for " + until.toLocaleString("en-CA", {...options, timeZone: waitingFor.timeZone}) + " "
          + waitingFor.timeZone;
    }
    if (waitingFor.reason === "RECYCLE") {
      return "retry at " + until.toLocaleString("en-CA", options);
    }
    return "attempt limit until " + until.toLocaleString("en-CA", options);
  }

  /** The DID an execution's step called from: "+14155550100 (twilio-main)"; null before it has one. */
  function stepDid(step) {
    return step.did ? step.did.number + (step.did.segment ? " (" + step.did.segment + ")" : "") : null;
  }

  /**
   * Why a step got its DID, in words: "segment twilio-main: same area code" (the segment it came from, a fallback
   * perhaps, and the level of the choice that matched); empty before it has a DID.
   */
  function stepWhy(step) {
    if (!step.did) {
      return "";
    }
    if (step.selectedBy === "DID_ID") {
      return "the DID the step names";
    }
    const match = MATCHES[step.match] || step.match || "";
    return step.selectedBy === "DEFAULT" ? "rotation over all DIDs: " + (step.match === "ANY" ? "any DID" : match)
        : "segment " + step.segment + ": " + match;
  }

  /** An execution's callbacks, linked to those inbound calls: "2 callbacks"; "no callback" unlinked. */
  function callbacks(execution) {
    const n = execution.callbacks ?? 0;
    return n === 0 ? el("span", {class: "muted callbacks"}, "no callback")
        : el("a", {class: "callbacks", href: "/inbound?" + query({executionId: execution.id}),
          title: "the inbound calls that answered this execution"}, plural(n, "callback"));
  }

    /** A random UUID; crypto.randomUUID exists only on secure origins, the console may be served over plain HTTP. */
  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, x => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /** "1 DID", "412 DIDs"; the plural form is given when it is not the word and an s. */
  function plural(n, word, words) {
    return n.toLocaleString("en-US") + " " + (n === 1 ? word : (words || word + "s"));
  }

  /**
   * Asks the user to confirm what is about to happen, in a modal dialog of the page (not the browser's confirm(), so
   * that it can say more and be styled); resolves to true when confirmed.
   */
  function confirmAction(text, confirmLabel, danger) {
    let dialog = document.getElementById("confirm-dialog");
    if (!dialog) {
      dialog = el("dialog", {id: "confirm-dialog", class: "confirm"},
          el("p", {id: "confirm-text"}),
          el("form", {method: "dialog", class: "toolbar"},
              el("span", {class: "spacer"}),
              el("button", {id: "confirm-cancel", value: "cancel"}, "Cancel"),
              el("button", {id: "confirm-ok", value: "ok", class: "primary"})));
      document.body.append(dialog);
    }
    document.getElementById("confirm-text").textContent = text;
    const ok = document.getElementById("confirm-ok");
    ok.textContent = confirmLabel || "OK";
    ok.className = danger ? "danger" : "primary";
    dialog.returnValue = "";
    return new Promise(resolve => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), {once: true});
      dialog.showModal();
      ok.focus();
    });
  }

  /** Saves a Blob as a file: a download link of the page, clicked and dropped. */
  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el("a", {href: url, download: filename, hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /**
   * Calls refresh every `millis` while wanted() says so, never two at a time, and stops when the page is left.
   * Answers a function that restarts it (after a change that may make it wanted again).
   */
  function every(millis, wanted, refresh) {
    let timer = null;
    async function tick() {
      timer = null;
      if (document.visibilityState !== "hidden" && wanted()) {
        await guard(refresh);
      }
      schedule();
    }
    function schedule() {
      if (timer === null && wanted()) {
        timer = setTimeout(tick, millis);
      }
    }
    document.addEventListener("visibilitychange", schedule);
    return schedule;
  }

  const rendered = new WeakMap(); // a table row → what it was drawn from

  /**
   * Fills a table body with one row per item, keeping the row of an item drawn from the same state last time, so
   * that a page refreshed every few seconds does not replace the button under the user's pointer. state(item) says
   * everything the row is drawn from; render(item) draws it.
   */
  function rows(body, items, key, state, render) {
    const previous = new Map([...body.rows].filter(row => rendered.has(row)).map(row => [rendered.get(row).key, row]));
    body.replaceChildren(...items.map(item => {
      const drawnFrom = JSON.stringify(state(item));
      const kept = previous.get(key(item));
      if (kept && rendered.get(kept).drawnFrom === drawnFrom) {
        return kept;
      }
      const row = render(item);
      rendered.set(row, {key: key(item), drawnFrom});
      return row;
    }));
  }

  /** The pager under a paged table: "‹ Previous", "1–50 of 412", "Next ›"; go(page) shows another page. */
  function pager(id, page, size, shown, total, go) {
    const first = total === 0 ? 0 : page * size + 1;
    const last = page * size + shown;
    return el("div", {class: "pager", id},
        el("button", {type: "button", class: "prev-page", disabled: page === 0, onclick: () => go(page - 1)},
            "‹ Previous"),
        el("span", {class: "page-info"}, total === 0 ? "none" : first + "–" + last + " of " + total),
        el("button", {type: "button", class: "next-page", disabled: last >= total, onclick: () => go(page + 1)},
            "Next ›"));
  }

  /** Pages other than sign-in need a key: without one, go to sign-in and come back afterwards. */
  function requireKey() {
    if (document.body.dataset.page === "signin") {
      return true;
    }
    if (!key()) {
      location.replace("/?next=" + encodeURIComponent(location.pathname + location.search));
      return false;
    }
    const who = document.getElementById("who");
    if (who) {
      who.textContent = "signed in with key …" + key().slice(-4);
    }
    const out = document.getElementById("sign-out");
    if (out) {
      out.addEventListener("click", signOut);
    }
    return true;
  }

  return {key, signIn, signOut, send, api, json, query, notify, clearMessage, guard, el, svg, when, localTime,
    percent, resting, stepDid, stepWaiting, stepWhy, callbacks, uuid, plural, confirmAction, download, every, rows, pager,
    requireKey,
    ApiError};
})();
