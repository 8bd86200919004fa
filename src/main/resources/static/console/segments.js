"use strict";
/*
 * Segments: each segment's usage figures (GET /api/asterisk-dids/usage) and how its selectable DIDs' usage is
 * spread (GET /api/asterisk-dids/usage/histogram), both computed by the database, so the page stays fast with tens
 * of thousands of DIDs; declare, describe, rename and delete segments; reset usage.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, svg, guard, notify, plural} = Didpool;
  const $ = id => document.getElementById(id);
  const NO_SEGMENT = "(no segment)";
  const BUCKETS = 40;

  async function load() {
    const [{segments}, histogram] = await Promise.all([api("GET", "/api/asterisk-dids/usage"),
      api("GET", "/api/asterisk-dids/usage/histogram?buckets=" + BUCKETS)]);
    const spread = new Map(histogram.segments.map(h => [h.segment ?? NO_SEGMENT, h]));
    const container = $("segments");
    if (segments.length === 0) {
      container.replaceChildren(el("p", {class: "muted"},
          "This tenant has no segment yet. Declare one above, or add or import DIDs on the DIDs page."));
      return;
    }
    container.replaceChildren(...segments.map(usage => card(usage, spread.get(usage.segment ?? NO_SEGMENT))));
  }

  function card(usage, histogram) {
    const name = usage.segment ?? NO_SEGMENT;
    const named = usage.segment != null;
    const difference = usage.maxUsage - usage.minUsage;
    const verdict = usage.totalDids === 0 ? el("span", {class: "badge"}, "empty")
        : usage.selectableDids === 0 ? el("span", {class: "badge uneven"}, "nothing selectable")
            : difference <= 1 ? el("span", {class: "badge even"}, "rotation even")
                : el("span", {class: "badge uneven"}, "uneven: counts differ by " + difference);
    const stat = (label, value, cls) => el("div", {}, el("dt", {}, label), el("dd", {class: cls}, value));
    const result = el("p", {class: "result card-result", role: "status"});
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

  function button(cls, label, onclick) {
    return el("button", {type: "button", class: cls, onclick}, label);
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
        await api("PUT", "/api/asterisk-dids/segments/" + encodeURIComponent(usage.segment),
            {description: input.value.trim() || null});
        notify("Description of " + usage.segment + " saved.", "ok");
        await load();
      });
    }}, el("label", {}, "Description", input), el("button", {type: "submit", class: "primary describe-save"}, "Save"));
  }

  /** Runs a change of one segment; a refusal is shown in words in the segment's card, next to what caused it. */
  function outcome(result, button, action) {
    result.className = "result card-result";
    result.textContent = "";
    return guard(async () => {
      try {
        await action();
      } catch (e) {
        if (!(e instanceof Didpool.ApiError) || e.status === 401) {
          throw e;
        }
        result.className = "result card-result error";
        result.textContent = e.message;
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
