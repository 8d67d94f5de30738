// Small SVG charts for the EdgeIngest pages. No dependencies, no innerHTML: every text goes in through
// textContent, every attribute through setAttribute, so names and labels from the server stay text.
"use strict";

const EdgeCharts = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const COLORS = ["#2f7ed8", "#e4572e", "#29a36a", "#a05195", "#f0a202", "#17becf", "#7f7f7f", "#bcbd22"];

  function el(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      node.setAttribute(key, String(value));
    }
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  function format(value) {
    if (!Number.isFinite(value)) {
      return "–";
    }
    if (value === 0) {
      return "0";
    }
    const magnitude = Math.abs(value);
    if (magnitude >= 1000) {
      return value.toFixed(0);
    }
    if (magnitude >= 10) {
      return value.toFixed(1);
    }
    return value.toFixed(magnitude >= 1 ? 2 : 3);
  }

  // series: [{ name, points: [{ x, y, title? }] }]; options: { width, height, unit, xIsTime, dots, fitY }
  // (fitY: the y axis spans the data only, for sensor values; otherwise it starts at 0).
  function line(series, options) {
    const width = options.width || 360;
    const height = options.height || 160;
    const pad = { left: 58, right: 8, top: 10, bottom: 22 };
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
    const all = series.flatMap(s => s.points).filter(p => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (all.length === 0) {
      svg.appendChild(el("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "no data yet"));
      return svg;
    }

    let minX = Math.min(...all.map(p => p.x));
    let maxX = Math.max(...all.map(p => p.x));
    let minY = options.fitY ? Math.min(...all.map(p => p.y)) : Math.min(0, ...all.map(p => p.y));
    let maxY = Math.max(...all.map(p => p.y));
    if (maxX === minX) { maxX = minX + 1; minX = minX - 1; }
    if (maxY === minY) { maxY = minY + 1; }
    const sx = x => pad.left + (x - minX) / (maxX - minX) * (width - pad.left - pad.right);
    const sy = y => height - pad.bottom - (y - minY) / (maxY - minY) * (height - pad.top - pad.bottom);

    svg.appendChild(el("line", { x1: pad.left, y1: sy(minY), x2: width - pad.right, y2: sy(minY), class: "axis" }));
    svg.appendChild(el("line", { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom, class: "axis" }));
    // Grafana's "short" is a plain number: no unit to show.
    const unit = options.unit && options.unit !== "short" ? " " + options.unit : "";
    svg.appendChild(el("text", { x: pad.left - 4, y: sy(maxY) + 4, "text-anchor": "end", class: "tick" }, format(maxY) + unit));
    svg.appendChild(el("text", { x: pad.left - 4, y: sy(minY), "text-anchor": "end", class: "tick" }, format(minY)));
    if (options.xIsTime) {
      const time = seconds => new Date(seconds * 1000).toISOString().substring(11, 19);
      svg.appendChild(el("text", { x: pad.left, y: height - 6, "text-anchor": "start", class: "tick" }, time(minX)));
      svg.appendChild(el("text", { x: width - pad.right, y: height - 6, "text-anchor": "end", class: "tick" }, time(maxX)));
    }

    series.forEach((s, index) => {
      const color = COLORS[index % COLORS.length];
      const points = s.points.filter(p => Number.isFinite(p.x) && Number.isFinite(p.y));
      const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
      const stroke = el("path", { d: path, class: "series", stroke: color });
      stroke.appendChild(el("title", {}, s.name));
      svg.appendChild(stroke);
      if (options.dots || points.length === 1) {
        for (const p of points) {
          const dot = el("circle", { cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: 3, fill: color, class: "dot" });
          if (p.title) {
            dot.setAttribute("data-title", p.title);
            dot.appendChild(el("title", {}, p.title));
          }
          svg.appendChild(dot);
        }
      }
    });
    return svg;
  }

  function legend(series) {
    const list = document.createElement("ul");
    list.className = "legend";
    series.forEach((s, index) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLORS[index % COLORS.length];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.name));
      if (s.last !== undefined) {
        const last = document.createElement("b");
        last.textContent = " " + s.last;
        item.appendChild(last);
      }
      list.appendChild(item);
    });
    return list;
  }

  // steps: [{ name, count, conversion }] → horizontal bars with the count and the conversion.
  function funnel(steps) {
    const width = 560;
    const row = 30;
    const height = Math.max(1, steps.length) * row + 10;
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart funnel", role: "img" });
    const max = Math.max(1, ...steps.map(s => Number(s.count) || 0));
    steps.forEach((step, i) => {
      const y = 5 + i * row;
      const count = Number(step.count) || 0;
      const barWidth = Math.max(2, count / max * (width - 330));
      svg.appendChild(el("text", { x: 170, y: y + 18, "text-anchor": "end", class: "label" }, step.name));
      svg.appendChild(el("rect", { x: 180, y: y + 4, width: barWidth.toFixed(1), height: row - 10, class: "bar" }));
      const conversion = Number.isFinite(step.conversion) ? ` (${(step.conversion * 100).toFixed(0)}%)` : "";
      svg.appendChild(el("text", { x: 186 + barWidth, y: y + 18, class: "label" }, `${count}${conversion}`));
    });
    return svg;
  }

  return { line, legend, funnel, format };
})();
