"use strict";
/*
 * Segments: each segment's usage figures (GET /api/asterisk-dids/usage) and how its selectable DIDs' usage is
 * spread (GET /api/asterisk-dids/usage/histogram), both computed by the database, so the page stays fast with tens
 * of thousands of DIDs; each segment's caller-ID policy, in a line and in an editor; declare, describe, rename and
 * delete segments; reset usage.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, svg, guard, notify, plural} = Didpool;
  const $ = id => document.getElementById(id);
  const NO_SEGMENT = "(no segment)";
  const BUCKETS = 40;
  // the policy's fields as the editor shows them; nullable ones are sent as null when empty, the others left out
  // (the API then takes their defaults)
  const POLICY_FIELDS = [
    {name: "maxCallsPerHour", label: "Max calls per hour", nullable: true, empty: "no cap",
      hint: "the most calls one DID takes in any 60 minutes; a DID at its cap is skipped. Empty: no cap."},
    {name: "maxCallsPerDay", label: "Max calls per day", nullable: true, empty: "no cap",
      hint: "the most calls one DID takes in any 24 hours. Empty: no cap."},
    {name: "stickyDays", label: "Sticky days", empty: "0",
      hint: "a number called again within this many days gets the DID it got last time, while that DID is usable. "
          + "0: off."},
    {name: "restBelowAnswerRate", label: "Rest below answer rate", nullable: true, decimal: true, empty: "never",
      hint: "a share from 0 to 1: 0.2 rests a DID when fewer than 20 % of its recent calls were answered. "
          + "Empty: never rest."},
    {name: "healthWindowCalls", label: "Health window (calls)", empty: "50",
      hint: "the answer rate is over a DID's last this many calls, and judged once it has placed as many."},
    {name: "restHours", label: "Rest hours", empty: "24",
      hint: "how long a DID rests once its answer rate fell below the threshold; it returns by itself."},
  ];

  async function load() {
    const [{segments}, histogram] = await Promise.all([api("GET", "/api/asterisk-dids/usage"),
      api("GET", "/api/asterisk-dids/usage/histogram?buckets=" + BUCKETS)]);
    const spread = new Map(histogram.segments.map(h => [h.segment ?? NO_SEGMENT, h]));
    // one small request per segment: there is no list of policies, and segments are few next to DIDs
    const named = segments.map(usage => usage.segment).filter(name => name != null);
    const policies = new Map(await Promise.all(named.map(async name => [name, await api("GET", policyPath(name))])));
    const container = $("segments");
    if (segments.length === 0) {
      container.replaceChildren(el("p", {class: "muted"},
          "This tenant has no segment yet. Declare one above, or add or import DIDs on the DIDs page."));
      return;
    }
    container.replaceChildren(...segments.map(usage => card(usage, spread.get(usage.segment ?? NO_SEGMENT),
        policies.get(usage.segment))));
  }

  function policyPath(segment) {
    return "/api/asterisk-dids/segments/" + encodeURIComponent(segment) + "/policy";
  }

  function card(usage, histogram, policy) {
    const name = usage.segment ?? NO_SEGMENT;
    const named = usage.segment != null;
    const verdict = badge(usage, policy);
    const stat = (label, value, cls) => el("div", {}, el("dt", {}, label), el("dd", {class: cls}, value));
    const result = el("p", {class: "result card-result", role: "status"});
    const policyText = el("span", {class: "policy-text"}, named ? summary(policy) : null);
    // a saved policy changes what the badge judges
    const onPolicy = saved => section.querySelector(".verdict").replaceWith(badge(usage, saved));
    const section = el("section", {class: "card segment-card", "data-segment": name},
        el("h2", {},
            named ? el("a", {class: "name", href: "/dids?" + Didpool.query({segment: usage.segment}),
              title: "the DIDs of " + name}, name) : el("span", {class: "name"}, name),
            verdict, el("span", {class: "spacer"}),
            named ? [el("a", {class: "history", href: "/audit?" + Didpool.query({entity: "segment", id: usage.segment})},
              "history"),
              button("rename", "Rename", () => toggle(section, ".rename-form")),
              button("describe", "Describe", () => toggle(section, ".describe-form")),
              button("delete", "Delete", e => remove(usage, e.target, result))] : null,
            named && usage.totalDids > 0 ? button("reset", "Reset usage", e => reset(usage.segment, e.target)) : null),
        named ? el("p", {class: "description" + (usage.description ? "" : " muted")},
            usage.description || "No description.") : null,
        named ? el("p", {class: "policy-summary"}, el("span", {class: "muted"}, "Policy: "), policyText, " ",
            button("link policy", "edit", () => toggle(section, ".policy-form"))) : null,
        named ? policyForm(usage.segment, policy, policyText, onPolicy) : null,
        named ? renameForm(usage.segment, result) : null,
        named ? describeForm(usage, result) : null,
        result,
        el("dl", {class: "stats"},
            stat("DIDs", usage.totalDids, "total-dids"),
            stat("Selectable", usage.selectableDids, "selectable-dids"),
            stat("Total usage", usage.totalUsage, "total-usage"),
            stat("Average usage", usage.avgUsage, "avg-usage"),
            stat("Min – max (selectable)", usage.selectableDids === 0 ? "—" : usage.minUsage + " – " + usage.maxUsage,
                "min-max")),
        histogram ? chart(histogram) : el("p", {class: "muted no-chart"}, "No selectable DID to chart."));
    return section;
  }

  /**
   * The segment's badge. An even rotation is the goal only of a segment whose policy neither keeps a number's DID
   * (sticky) nor prefers the destination's area code (local presence): those spread calls unevenly by design, so
   * their badge names the policy, neutral, instead of judging the spread.
   */
  function badge(usage, policy) {
    const difference = usage.maxUsage - usage.minUsage;
    const uneven = [policy?.localPresence ? "local presence" : null, policy?.stickyDays > 0 ? "sticky" : null]
        .filter(Boolean);
    const span = (cls, text, title) => el("span", {class: "verdict badge " + cls, title}, text);
    return usage.totalDids === 0 ? span("", "empty")
        : usage.selectableDids === 0 ? span("uneven", "nothing selectable")
            : uneven.length > 0 ? span("by-policy", uneven.join(" · "),
                "uneven by design: the policy chooses by destination, so usage counts differ (by " + difference + ")")
                : difference <= 1 ? span("even", "rotation even")
                    : span("uneven", "uneven: counts differ by " + difference);
  }

  function button(cls, label, onclick) {
    return el("button", {type: "button", class: cls, onclick}, label);
  }

  /** A policy in one line: "local presence · max 20/h · sticky 7 days · rests below 20 % answered". */
  function summary(policy) {
    const parts = [];
    if (policy.localPresence) {
      parts.push(policy.localPresenceAcrossFallbacks ? "local presence across fallbacks" : "local presence");
    }
    if (policy.maxCallsPerHour != null) {
      parts.push("max " + policy.maxCallsPerHour + "/h");
    }
    if (policy.maxCallsPerDay != null) {
      parts.push("max " + policy.maxCallsPerDay + "/day");
    }
    if (policy.stickyDays > 0) {
      parts.push("sticky " + plural(policy.stickyDays, "day"));
    }
    if (policy.restBelowAnswerRate != null) {
      parts.push("rests below " + Didpool.percent(policy.restBelowAnswerRate) + " answered");
    }
    return parts.length === 0 ? "least used, no limits" : parts.join(" · ");
  }

  /**
   * The editor of a segment's policy, filled with the one in force. Saving replaces it whole (PUT); the API judges
   * the values, and its refusal is shown in words next to Save, with the fields it names marked.
   */
  function policyForm(segment, policy, policyText, onPolicy) {
    const local = el("input", {type: "checkbox", class: "policy-localPresence", checked: policy.localPresence});
    const across = el("input", {type: "checkbox", class: "policy-localPresenceAcrossFallbacks",
      checked: policy.localPresenceAcrossFallbacks});
    const inputs = new Map(POLICY_FIELDS.map(field => [field.name, el("input", {type: "number",
      class: "policy-" + field.name, step: field.decimal ? "any" : 1, value: policy[field.name] ?? "",
      placeholder: field.empty, "aria-label": field.label + " of " + segment})]));
    const result = el("span", {class: "result policy-result", role: "status"});
    const save = el("button", {type: "submit", class: "primary policy-save"}, "Save");
    return el("form", {class: "policy-form", hidden: true, novalidate: true, onsubmit: event => {
      event.preventDefault();
      inputs.forEach(input => input.removeAttribute("aria-invalid"));
      const body = {localPresence: local.checked, localPresenceAcrossFallbacks: across.checked};
      for (const field of POLICY_FIELDS) {
        const input = inputs.get(field.name);
        const value = Number(input.value);
        if (input.validity.badInput || (input.value !== "" && !field.decimal && !Number.isInteger(value))) {
          input.setAttribute("aria-invalid", "true");
          say(result, "Not saved: " + field.label.toLowerCase() + " must be a whole number"
              + (field.nullable ? ", or empty." : "."), "error");
          return;
        }
        if (input.value !== "") {
          body[field.name] = value;
        } else if (field.nullable) {
          body[field.name] = null;
        }
      }
      outcome(result, save, async () => {
        const saved = await api("PUT", policyPath(segment), body);
        policyText.textContent = summary(saved);
        onPolicy(saved);
        say(result, "Saved: " + summary(saved) + ".", "ok");
      }, e => {
        (e.problem?.errors || []).forEach(problem => inputs.get(problem.field)?.setAttribute("aria-invalid", "true"));
        return e.message.startsWith("Not changed") ? e.message : "Not saved: " + e.message;
      });
    }},
    el("label", {class: "check"}, local, "Local presence"),
    el("span", {class: "hint"}, "prefer DIDs of the destination's area code, then of its region (US state or Canadian "
        + "province), then any DID of the segment."),
    el("label", {class: "check"}, across, "Across fallbacks"),
    el("span", {class: "hint"}, "with local presence, when this segment is a call's first: look for the area code in "
        + "it and then in each fallback segment, then for the region in them, before any DID."),
    POLICY_FIELDS.flatMap(field => [el("label", {}, field.label, inputs.get(field.name)),
      el("span", {class: "hint"}, field.hint)]),
    el("div", {class: "policy-actions"}, save, result));
  }

  /** Shows text in a result box, as "ok" or "error" (or neither: kind null). */
  function say(box, text, kind) {
    box.classList.remove("ok", "error");
    if (kind) {
      box.classList.add(kind);
    }
    box.textContent = text;
  }

  function toggle(section, form) {
    const box = section.querySelector(form);
    box.hidden = !box.hidden;
    if (!box.hidden) {
      box.querySelector("input").focus();
    }
  }

  function renameForm(segment, result) {
    const input = el("input", {class: "rename-to", value: segment, required: true, size: 20,
      "aria-label": "new name of " + segment});
    return el("form", {class: "toolbar rename-form", hidden: true, onsubmit: event => {
      event.preventDefault();
      outcome(result, event.submitter, async () => {
        const to = input.value.trim();
        const renamed = await api("POST", "/api/asterisk-dids/segments/" + encodeURIComponent(segment) + "/rename",
            {to});
        notify("Segment " + segment + " is now " + renamed.name + ": its " + plural(renamed.totalDids, "DID")
            + " and the journeys naming it followed.", "ok");
        await load();
      });
    }}, el("label", {}, "New name", input), el("button", {type: "submit", class: "primary rename-save"}, "Rename"));
  }

  function describeForm(usage, result) {
    const input = el("input", {class: "description-text", value: usage.description || "", size: 40,
      maxlength: 1000, "aria-label": "description of " + usage.segment});
    return el("form", {class: "toolbar describe-form", hidden: true, onsubmit: event => {
      event.preventDefault();
      outcome(result, event.submitter, async () => {
        // a PUT replaces the whole declaration: the segment's inbound route is sent back as it is
        const path = "/api/asterisk-dids/segments/" + encodeURIComponent(usage.segment);
        const {inboundRoute} = await api("GET", path);
        await api("PUT", path, {description: input.value.trim() || null, inboundRoute: inboundRoute ?? null});
        notify("Description of " + usage.segment + " saved.", "ok");
        await load();
      });
    }}, el("label", {}, "Description", input), el("button", {type: "submit", class: "primary describe-save"}, "Save"));
  }

  /**
   * Runs a change of one segment; a refusal is shown in words in the segment's card, next to what caused it: the
   * API's words, or what refused(error) makes of them.
   */
  function outcome(result, button, action, refused) {
    say(result, "", null);
    return guard(async () => {
      try {
        await action();
      } catch (e) {
        if (!(e instanceof Didpool.ApiError) || e.status === 401) {
          throw e;
        }
        say(result, refused ? refused(e) : e.message, "error");
      }
    }, button);
  }

  async function remove(usage, button, result) {
    if (!await Didpool.confirmAction("Delete segment " + usage.segment + "? Only a segment that holds no DID can be "
        + "deleted" + (usage.totalDids === 0 ? "." : "; this one holds " + plural(usage.totalDids, "DID") + "."),
    "Delete", true)) {
      return;
    }
    await outcome(result, button, async () => {
      await api("DELETE", "/api/asterisk-dids/segments/" + encodeURIComponent(usage.segment));
      notify("Segment " + usage.segment + " deleted.", "ok");
      await load();
    });
  }

  /**
   * The selectable DIDs by usage: one bar per bucket of usage counts (its height: how many DIDs), from the
   * segment's least used to its most used. A single bar, or two side by side, is an even rotation.
   */
  function chart(histogram) {
    const width = 600, height = 150, top = 12, bottom = 22, left = 40;
    const plot = height - top - bottom;
    const buckets = histogram.buckets;
    const max = Math.max(1, ...buckets.map(b => b.dids));
    const slot = (width - left) / Math.max(buckets.length, 1);
    const barWidth = Math.max(1, Math.min(60, slot * 0.8));
    const range = b => b.from === b.to ? String(b.from) : b.from + "–" + b.to;
    const bars = buckets.map((b, i) => {
      const h = b.dids === 0 ? 0 : Math.max(2, (b.dids / max) * plot);
      return svg("rect", {class: "bar", x: left + i * slot + (slot - barWidth) / 2, y: top + plot - h,
            width: barWidth, height: h, "data-from": b.from, "data-to": b.to, "data-dids": b.dids},
          svg("title", {}, plural(b.dids, "DID") + " used " + range(b) + " times"));
    });
    const every = Math.ceil(buckets.length / 10);
    const labels = buckets.map((b, i) => i % every === 0 || i === buckets.length - 1
        ? svg("text", {x: left + i * slot + slot / 2, y: height - 6, "text-anchor": "middle"}, range(b)) : null)
        .filter(Boolean);
    return svg("svg", {class: "usage-chart", viewBox: "0 0 " + width + " " + height, role: "img",
          "aria-label": "selectable DIDs by usage count"},
        svg("line", {class: "axis", x1: left, x2: width, y1: top + plot, y2: top + plot}),
        svg("text", {x: 0, y: top + 4}, plural(max, "DID")),
        svg("text", {x: 0, y: top + plot}, "0"),
        bars,
        labels);
  }

  async function reset(segment, button) {
    if (!await Didpool.confirmAction("Set the usage count of every DID of " + segment + " back to 0?", "Reset")) {
      return;
    }
    await guard(async () => {
      const {reset: count} = await api("POST", "/api/asterisk-dids/usage/reset?" + Didpool.query({segment}));
      notify("Usage of " + segment + " reset: " + plural(count, "DID") + " changed.", "ok");
      await load();
    }, button);
  }

  $("declare-form").addEventListener("submit", event => {
    event.preventDefault();
    guard(async () => {
      const name = $("declare-name").value.trim();
      const description = $("declare-description").value.trim();
      await api("PUT", "/api/asterisk-dids/segments/" + encodeURIComponent(name), {description: description || null});
      notify("Segment " + name + " declared.", "ok");
      $("declare-form").reset();
      await load();
    }, $("declare-button"));
  });

  guard(load);
})();
