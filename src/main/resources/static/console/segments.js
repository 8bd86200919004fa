"use strict";
/*
 * Segments: the usage figures of each segment (GET /api/asterisk-dids/usage) and a bar chart of the usage of each
 * of its DIDs, so that an uneven rotation shows at a glance.
 */
(() => {
  if (!Didpool.requireKey()) {
    return;
  }
  const {api, el, svg, guard, notify} = Didpool;
  const NO_SEGMENT = "(no segment)";

  async function load() {
    const [{segments}, dids] = await Promise.all([api("GET", "/api/asterisk-dids/usage"), Didpool.allDids({})]);
    const bySegment = new Map();
    for (const did of dids) {
      const name = did.segment ?? NO_SEGMENT;
      if (!bySegment.has(name)) {
        bySegment.set(name, []);
      }
      bySegment.get(name).push(did);
    }
    const container = document.getElementById("segments");
    if (segments.length === 0) {
      container.replaceChildren(el("p", {class: "muted"},
          "This tenant has no DIDs yet. Add or import some on the DIDs page."));
      return;
    }
    container.replaceChildren(...segments.map(usage => card(usage, bySegment.get(usage.segment ?? NO_SEGMENT) || [])));
  }

  function card(usage, dids) {
    const name = usage.segment ?? NO_SEGMENT;
    const selectable = dids.filter(d => d.selectable).map(d => d.usageCount);
    const spread = selectable.length === 0 ? 0 : Math.max(...selectable) - Math.min(...selectable);
    const verdict = selectable.length === 0 ? el("span", {class: "badge uneven"}, "nothing selectable")
        : spread <= 1 ? el("span", {class: "badge even"}, "rotation even")
            : el("span", {class: "badge uneven"}, "uneven: counts differ by " + spread);
    const stat = (label, value, cls) => el("div", {}, el("dt", {}, label), el("dd", {class: cls}, value));
    return el("section", {class: "card segment-card", "data-segment": name},
        el("h2", {}, el("span", {class: "name"}, name), verdict, el("span", {class: "spacer"}),
            usage.segment == null ? null : el("button", {type: "button", class: "reset",
              onclick: event => reset(usage.segment, event.target)}, "Reset usage")),
        el("dl", {class: "stats"},
            stat("DIDs", usage.totalDids, "total-dids"),
            stat("Selectable", usage.selectableDids, "selectable-dids"),
            stat("Total usage", usage.totalUsage, "total-usage"),
            stat("Average usage", usage.avgUsage, "avg-usage"),
            stat("Min – max", usage.minUsage + " – " + usage.maxUsage, "min-max")),
        chart(dids, usage.avgUsage));
  }

  /** One bar per DID (ordered by number), grey when not selectable; the dashed line is the segment's average. */
  function chart(dids, average) {
    const width = 600, height = 150, top = 12, bottom = 22, left = 28;
    const plot = height - top - bottom;
    const max = Math.max(1, ...dids.map(d => d.usageCount));
    const slot = (width - left) / Math.max(dids.length, 1);
    const barWidth = Math.max(1, Math.min(48, slot * 0.75));
    const y = value => top + plot - (value / max) * plot;
    // a pale column behind each bar, so that a DID never used still shows as an empty slot
    const slots = dids.map((did, i) => svg("rect", {class: "slot", x: left + i * slot + (slot - barWidth) / 2, y: top,
      width: barWidth, height: plot}));
    const bars = dids.map((did, i) => {
      const x = left + i * slot + (slot - barWidth) / 2;
      const h = Math.max(2, (did.usageCount / max) * plot);
      return svg("rect", {x, y: top + plot - h, width: barWidth, height: h, "data-number": did.number,
            "data-usage": did.usageCount, class: "bar" + (did.selectable ? "" : " unselectable")},
          svg("title", {}, did.number + " (" + did.status + "): " + did.usageCount + " uses"));
    });
    const labels = dids.length <= 12 ? dids.map((did, i) => svg("text", {x: left + i * slot + slot / 2,
      y: height - 6, "text-anchor": "middle"}, did.number.slice(-4))) : [];
    return svg("svg", {class: "usage-chart", viewBox: "0 0 " + width + " " + height,
          role: "img", "aria-label": "usage per DID"},
        svg("line", {class: "axis", x1: left, x2: width, y1: top + plot, y2: top + plot}),
        svg("text", {x: 0, y: top + 4}, String(max)),
        svg("text", {x: 0, y: top + plot}, "0"),
        slots,
        bars,
        svg("line", {class: "avg", x1: left, x2: width, y1: y(average), y2: y(average)},
            svg("title", {}, "average " + average)),
        labels);
  }

  function reset(segment, button) {
    if (!confirm("Set the usage count of every DID of " + segment + " back to 0?")) {
      return;
    }
    guard(async () => {
      const {reset: count} = await api("POST", "/api/asterisk-dids/usage/reset?" + Didpool.query({segment}));
      notify("Usage of " + segment + " reset: " + count + " DID" + (count === 1 ? "" : "s") + " changed.", "ok");
      await load();
    }, button);
  }

  guard(load);
})();
