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
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** Calls the API; resolves to the parsed JSON (null for 204), rejects with an ApiError that says what went wrong. */
  async function api(method, path, body, apiKey) {
    const headers = {
      "Accept": "application/json, application/problem+json",
      "Authorization": "Bearer " + (apiKey ?? key() ?? ""),
    };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    let response;
    try {
      response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new ApiError(0, "The service could not be reached. Is it running? (" + e.message + ")");
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, describeFailure(response, json));
    }
    if (text && json === null) {
      throw new ApiError(response.status, "The service answered " + path + " with something that is not JSON.");
    }
    return json;
  }

  function describeFailure(response, problem) {
    const said = problem && typeof problem === "object" ? (problem.detail || problem.title) : null;
    if (response.status === 401) {
      return "Your API key was refused (" + (said || "unauthorized") + "). Sign in again with a valid key.";
    }
    if (said) {
      return said;
    }
    if (response.status >= 500) {
      return "The service failed (HTTP " + response.status + "). Try again, or look at its log.";
    }
    return "The request failed with HTTP " + response.status + ".";
  }

  /** Every DID of the tenant matching {segment,status,trunk}, following the pages. */
  async function allDids(filter) {
    const items = [];
    for (let page = 0; ; page++) {
      const result = await api("GET", "/api/asterisk-dids?" + query({...filter, page, size: 500}));
      items.push(...result.items);
      if (result.items.length === 0 || items.length >= result.total) {
        return items;
      }
    }
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

  /** A random UUID; crypto.randomUUID exists only on secure origins, the console may be served over plain HTTP. */
  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, x => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /** Pages other than sign-in need a key: without one, go to sign-in and come back afterwards. */
  function requireKey() {
    if (document.body.dataset.page === "signin") {
      return true;
    }
    if (!key()) {
      location.replace("/?next=" + encodeURIComponent(location.pathname));
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

  return {key, signIn, signOut, api, allDids, query, notify, clearMessage, guard, el, svg, when, uuid, requireKey, ApiError};
})();
