// The dashboard page: signs in with a dashboard id and token, lays out the dashboard's widgets, follows the
// dashboard WebSocket and paints each reading; reports its timings to POST /api/frontend-timings.
// Security: the token lives in sessionStorage only and travels as a WebSocket subprotocol and a bearer header,
// never in a URL; every server-provided string is inserted with textContent.
"use strict";

(() => {
  const KEEP = 60;            // points kept per widget
  const RECENT = 6;           // readings listed under a widget
  const storageKey = "edgeingest.dashboard";
  const $ = id => document.getElementById(id);
  const widgets = new Map();  // widget_id → { card, chart, list, points, label }
  let socket = null;
  let signedIn = null;        // { id, token }
  let retry = 0;
  let timings = null;         // the measurements of the current connection
  let signupStartedAt = null; // performance.now() of the sign-up submit, when this tab created the dashboard

  function setStatus(text, kind) {
    const status = $("status");
    status.textContent = text;
    status.dataset.kind = kind || "";
  }

  function showError(id, text) {
    $(id).textContent = text || "";
  }

  // Credentials from a #dashboard_id=…&token=… link (the fragment never reaches the server) move to session storage.
  function takeFragment() {
    if (!location.hash || location.hash.length < 2) {
      return;
    }
    const fragment = new URLSearchParams(location.hash.substring(1));
    const id = fragment.get("dashboard_id");
    const token = fragment.get("token");
    history.replaceState(null, "", location.pathname);
    if (id && token) {
      sessionStorage.setItem(storageKey, JSON.stringify({ id, token }));
    }
  }

  async function api(method, path, body, bearer) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (bearer) {
      headers["Authorization"] = "Bearer " + bearer;
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit", cache: "no-store" });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      const message = json && typeof json.message === "string" ? json.message : `HTTP ${response.status}`;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return json;
  }

  function reportTimings(page, entries) {
    const list = entries.filter(e => Number.isFinite(e.ms) && e.ms >= 0).map(e => ({ name: e.name, ms: Math.round(e.ms * 10) / 10 }));
    if (list.length === 0) {
      return;
    }
    fetch("/api/frontend-timings", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ page, timings: list }),
      credentials: "omit",
      keepalive: true,
    }).catch(() => { /* timings are best effort */ });
  }

  function widgetCard(id, label, sensor) {
    const card = document.createElement("article");
    card.className = "widget";
    card.dataset.widgetId = id;
    const title = document.createElement("h3");
    title.textContent = label;
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = sensor;
    const value = document.createElement("p");
    value.className = "value";
    value.textContent = "–";
    const chart = document.createElement("div");
    chart.className = "chart-box";
    const list = document.createElement("ol");
    list.className = "readings";
    card.append(title, meta, value, chart, list);
    $("widgets").appendChild(card);
    const widget = { card, value, chart, list, points: [], label };
    widgets.set(id, widget);
    draw(widget);
    return widget;
  }

  function draw(widget) {
    const series = [{ name: widget.label, points: widget.points }];
    widget.chart.replaceChildren(EdgeCharts.line(series, { width: 320, height: 120, dots: true, fitY: true }));
  }

  function paintReading(frame) {
    if (typeof frame.widget_id !== "string" || !Array.isArray(frame.values)) {
      return false;
    }
    const widget = widgets.get(frame.widget_id) || widgetCard(frame.widget_id, "widget " + frame.widget_id.substring(0, 8), String(frame.sensor || ""));
    const messageId = String(frame.message_id || "");
    const sentAt = Date.parse(frame.sent_at) / 1000;
    for (const raw of frame.values) {
      const value = Number(raw);
      if (!Number.isFinite(value)) {
        continue;
      }
      const x = widget.points.length ? widget.points[widget.points.length - 1].x + 1 : 0;
      widget.points.push({ x, y: value, title: "message_id: " + messageId });
      const item = document.createElement("li");
      item.className = "reading";
      item.dataset.messageId = messageId;
      item.title = "message_id: " + messageId;
      item.textContent = EdgeCharts.format(value) + (Number.isFinite(sentAt) ? "  ·  " + new Date(sentAt * 1000).toISOString().substring(11, 23) : "");
      widget.list.prepend(item);
      widget.value.textContent = EdgeCharts.format(value);
      widget.value.title = "message_id: " + messageId;
    }
    while (widget.points.length > KEEP) {
      widget.points.shift();
    }
    while (widget.list.children.length > RECENT) {
      widget.list.lastElementChild.remove();
    }
    draw(widget);
    widget.card.dataset.live = "true";
    return true;
  }

  function paintAlert(frame) {
    const item = document.createElement("li");
    item.className = "alert " + String(frame.severity || "");
    item.title = "alert_id: " + String(frame.alert_id || "");
    item.textContent = `${frame.severity}: ${frame.message} (${frame.sensor} ${EdgeCharts.format(Number(frame.value))})`;
    $("alerts").prepend(item);
    while ($("alerts").children.length > 20) {
      $("alerts").lastElementChild.remove();
    }
  }

  function onFrame(event) {
    let frame;
    try { frame = JSON.parse(event.data); } catch { return; }
    if (!frame || typeof frame !== "object") {
      return;
    }
    if (frame.type === "reading") {
      if (paintReading(frame) && timings && timings.firstRender === undefined) {
        timings.firstRender = null;
        // The point is painted at the next frame: measure when the browser has drawn it.
        requestAnimationFrame(() => requestAnimationFrame(() => {
          const now = performance.now();
          const entries = [{ name: "first_widget_render", ms: now - timings.openedAt }];
          if (signupStartedAt !== null) {
            entries.push({ name: "signup_to_first_data", ms: now - signupStartedAt });
            signupStartedAt = null;
          }
          timings.firstRender = now - timings.openedAt;
          document.body.dataset.firstRender = "done";
          reportTimings("dashboard", entries);
        }));
      }
    } else if (frame.type === "alert") {
      paintAlert(frame);
    } else if (frame.type === "frames_dropped") {
      setStatus(`live · ${Number(frame.count) || 0} frames dropped (slow connection)`, "warn");
    } else if (frame.type === "error") {
      showError("signin-error", `The server refused the dashboard: ${String(frame.code || "error")}`);
      signOut(false);
    }
  }

  function connect() {
    if (!signedIn) {
      return;
    }
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = `${scheme}//${location.host}/ws/dashboard?dashboard_id=${encodeURIComponent(signedIn.id)}`;
    const startedAt = performance.now();
    timings = { startedAt };
    setStatus("connecting…", "");
    const current = new WebSocket(url, ["edgeingest.dashboard", "bearer." + signedIn.token]);
    socket = current;
    current.addEventListener("open", () => {
      if (socket !== current) {
        return;
      }
      retry = 0;
      timings.openedAt = performance.now();
      setStatus("live", "ok");
      document.body.dataset.socket = "open";
      reportTimings("dashboard", [{ name: "ws_connect", ms: timings.openedAt - startedAt }]);
    });
    current.addEventListener("message", onFrame);
    current.addEventListener("close", () => {
      if (socket !== current) {
        return;
      }
      document.body.dataset.socket = "closed";
      socket = null;
      if (signedIn) {
        retry = Math.min(retry + 1, 6);
        setStatus("disconnected · retrying", "warn");
        setTimeout(connect, 500 * 2 ** retry);
      }
    });
  }

  async function signIn(id, token) {
    showError("signin-error", "");
    setStatus("signing in…", "");
    let view;
    try {
      view = await api("GET", `/api/dashboards/${encodeURIComponent(id)}/view`, undefined, token);
    } catch (error) {
      setStatus("signed out", "");
      showError("signin-error", error.status === 401 ? "This token does not open this dashboard." : error.status === 404 ? "No such dashboard." : error.message);
      sessionStorage.removeItem(storageKey);
      return;
    }
    signedIn = { id, token };
    sessionStorage.setItem(storageKey, JSON.stringify(signedIn));
    widgets.clear();
    $("widgets").replaceChildren();
    $("alerts").replaceChildren();
    $("board-name").textContent = String(view.name || "dashboard");
    for (const w of Array.isArray(view.widgets) ? view.widgets : []) {
      widgetCard(String(w.widget_id), `${w.device_name}`, String(w.sensor || ""));
    }
    $("signin").hidden = true;
    $("board").hidden = false;
    connect();
  }

  function signOut(clearError) {
    signedIn = null;
    sessionStorage.removeItem(storageKey);
    if (socket) {
      const old = socket;
      socket = null;
      old.close(1000, "signed out");
    }
    $("board").hidden = true;
    $("signin").hidden = false;
    setStatus("signed out", "");
    if (clearError) {
      showError("signin-error", "");
    }
  }

  // Sign-up → create org → add device → first data in its widget: the flow a newcomer goes through.
  async function signUp(orgName, deviceName) {
    showError("signup-error", "");
    const started = performance.now();
    try {
      const org = await api("POST", "/api/orgs", { name: orgName });
      const key = org.api_key;
      const project = await api("POST", `/api/orgs/${encodeURIComponent(org.org_id)}/projects`, { name: "first-project" }, key);
      const device = await api("POST", `/api/projects/${encodeURIComponent(project.project_id)}/devices`, { name: deviceName }, key);
      const dashboard = await api("POST", `/api/projects/${encodeURIComponent(project.project_id)}/dashboards`, { name: orgName + " dashboard" }, key);
      await api("POST", `/api/dashboards/${encodeURIComponent(dashboard.dashboard_id)}/widgets`, { device_uuid: device.device_uuid, sensor: "temperature" }, key);
      $("signup-device-token").textContent = device.token;
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      $("signup-command").textContent =
        `echo '{"message_id":"m-1","sensor":"temperature","readings":[{"value":21.5}]}' | websocat "${scheme}//${location.host}/ws/ingest?token=${device.token}"`;
      $("signup-result").hidden = false;
      signupStartedAt = started;
      await signIn(dashboard.dashboard_id, dashboard.token);
      // The sign-in hid the form: keep the device token and command in view on the board.
      $("board").prepend($("signup-result"));
    } catch (error) {
      showError("signup-error", error.message);
    }
  }

  $("signin-form").addEventListener("submit", event => {
    event.preventDefault();
    signIn($("dashboard-id").value.trim(), $("dashboard-token").value.trim());
  });
  $("signup-form").addEventListener("submit", event => {
    event.preventDefault();
    signUp($("signup-org").value.trim(), $("signup-device").value.trim());
  });
  $("signout").addEventListener("click", () => signOut(true));

  takeFragment();
  const saved = sessionStorage.getItem(storageKey);
  if (saved) {
    try {
      const { id, token } = JSON.parse(saved);
      if (typeof id === "string" && typeof token === "string") {
        signIn(id, token);
      }
    } catch {
      sessionStorage.removeItem(storageKey);
    }
  }
})();
