// The observability page: one chart per panel of the ObservabilityPlan (GET /api/observability/panels), the reason
// for each panel that has no chart, and the funnel. Every text from the server goes in through textContent.
"use strict";

(() => {
  const $ = id => document.getElementById(id);
  const REFRESH_MS = 10000;

  function seriesName(labels, fallback) {
    const entries = Object.entries(labels || {});
    return entries.length === 0 ? fallback : entries.map(([k, v]) => `${k}=${v}`).join(", ");
  }

  function text(tag, className, value) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    node.textContent = value === undefined || value === null ? "" : String(value);
    return node;
  }

  function panelCard(panel) {
    const card = document.createElement("article");
    card.className = "widget obs-panel";
    card.dataset.panelId = String(panel.id || "");
    card.dataset.status = String(panel.status || "");
    card.append(text("h3", "", panel.title));
    card.append(text("p", "meta", `unit: ${panel.unit || "–"} · status: ${panel.status}`));
    const query = text("code", "query", panel.query);
    query.title = String(panel.query || "");
    card.append(query);
    if (panel.description) {
      card.title = String(panel.description);
    }
    const unit = panel.unit && panel.unit !== "short" ? " " + panel.unit : "";
    const series = (Array.isArray(panel.series) ? panel.series : []).map((s, i) => {
      const points = (Array.isArray(s.points) ? s.points : []).map(p => ({ x: Number(p[0]), y: Number(p[1]) }));
      const name = typeof s.legend === "string" && s.legend.length > 0 ? s.legend : seriesName(s.labels, `series ${i + 1}`);
      return { name, points, last: points.length ? EdgeCharts.format(points[points.length - 1].y) + unit : undefined };
    });
    if (panel.status === "ok") {
      const box = document.createElement("div");
      box.className = "chart-box";
      box.appendChild(EdgeCharts.line(series, { width: 420, height: 170, unit: panel.unit, xIsTime: true }));
      card.append(box, EdgeCharts.legend(series));
    } else {
      card.append(text("p", "reason", panel.reason || (panel.status === "no-data" ? "No data yet." : "This panel cannot be rendered here.")));
    }
    return card;
  }

  async function load() {
    let data;
    try {
      const response = await fetch("/api/observability/panels", { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" });
      if (!response.ok) {
        let reason = "";
        try { reason = String((await response.json()).error || ""); } catch { /* not JSON: the status says enough */ }
        throw new Error(response.status === 401
          ? "GET /api/observability/panels needs the /metrics credentials (the app runs with --metrics-auth)."
          : reason || `GET /api/observability/panels answered ${response.status}`);
      }
      data = await response.json();
    } catch (error) {
      $("load-error").textContent = error.message;
      $("status").textContent = "error";
      return;
    }
    $("load-error").textContent = "";
    $("source").textContent = String(data.source || "–");
    $("generated-at").textContent = String(data.generatedAt || "–");
    const panels = Array.isArray(data.panels) ? data.panels : [];
    $("panels").replaceChildren(...panels.map(panelCard));
    const steps = data.funnel && Array.isArray(data.funnel.steps) ? data.funnel.steps : [];
    $("funnel").replaceChildren(steps.length ? EdgeCharts.funnel(steps) : text("p", "reason", "No funnel events yet."));
    const ok = panels.filter(p => p.status === "ok").length;
    $("status").textContent = `${ok} of ${panels.length} panels with data`;
    document.body.dataset.loaded = "true";
  }

  load();
  setInterval(load, REFRESH_MS);
})();
