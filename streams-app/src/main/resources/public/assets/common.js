"use strict";
// Helpers shared by the dashboard, the service page and the definitions page: fetching, formatting, links.
window.DSM = (() => {
  const DAY_MS = 86400000;
  const DEFS = window.DSM_DEFS;
  const iso = d => d.toISOString().slice(0, 10);
  const addDays = (isoDate, n) => iso(new Date(Date.parse(isoDate + "T00:00:00Z") + n * DAY_MS));
  const todayUtc = () => iso(new Date());
  const isNum = v => typeof v === "number" && Number.isFinite(v);

  // API tokens (DESIGN §8). Behind an authenticating proxy the proxy adds the Authorization header and the browser
  // holds nothing. Otherwise a token typed into the sign-in form lives in this tab's sessionStorage only (never
  // localStorage, a cookie or a URL) and goes out as "Authorization: Bearer ..." on every API request.
  const TOKEN_KEY = "dsm.api.token";
  function heldToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (e) {
      return "";
    }
  }
  function setToken(token) {
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      // storage refused (private mode with no quota): the page keeps asking; nothing falls back to a cookie
    }
  }

  /** Once an API request answered 401, no further request goes out until the sign-in form reloads the page. */
  let signInReason = null;

  function apiError(message, status) {
    const error = new Error(message);
    error.status = status;
    error.outsideAccess = status === 403;
    error.signInNeeded = status === 401;
    return error;
  }

  /** GET an API answer with the held token, if any; a 401 turns the page into its sign-in form. */
  async function apiFetch(url, accept) {
    if (signInReason) throw apiError(signInReason, 401);
    const headers = {Accept: accept};
    const token = heldToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(url, {headers, credentials: "same-origin"});
    if (response.status === 401) {
      setToken("");
      showSignIn(token ? "The token was not accepted (unknown, revoked or mistyped): enter it again or ask for a new one."
        : "This server needs an API token to show its figures.");
      throw apiError(signInReason, 401);
    }
    return response;
  }

  /** GET a JSON answer; a non-2xx answer becomes an Error carrying the API's own message and status. */
  async function getJson(url) {
    const response = await apiFetch(url, "application/json");
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw apiError(body && body.error ? body.error : `${url} answered HTTP ${response.status}`, response.status);
    }
    return body;
  }

  /** What a panel shows instead of its figures when a request failed: a 403 is a boundary, not a fault. */
  function problem(e, what) {
    if (e && e.outsideAccess) return note(`${what} is outside your access (${e.message}).`, "note outside-access");
    if (e && e.signInNeeded) return note("Sign in to see this.", "note");
    return note(`${what} could not be read: ${e ? e.message : "no answer"}`);
  }

  /** The header's sign-out control while a token is held (none behind a proxy, which holds the credential itself). */
  function authBox() {
    let box = document.getElementById("auth");
    if (!box) {
      box = el("div", {class: "auth", id: "auth"});
      const header = document.querySelector("header.top");
      if (header) header.append(box);
    }
    return box;
  }

  function showSignOut() {
    if (!heldToken()) return;
    const out = el("button", {type: "button", id: "sign-out"}, "Sign out");
    out.addEventListener("click", () => {
      setToken("");
      location.reload();
    });
    authBox().replaceChildren(el("span", {class: "signed-in"}, "signed in with a token"), out);
  }

  function showSignIn(reason) {
    if (signInReason) return;
    signInReason = reason;
    document.body.dataset.auth = "sign-in";
    authBox().replaceChildren();
    const input = el("input", {type: "password", id: "sign-in-token", name: "token", autocomplete: "off",
      spellcheck: "false", required: "required", "aria-label": "API token"});
    const form = el("form", {class: "sign-in", id: "sign-in"},
      el("h2", {}, "Sign in"),
      el("p", {}, reason),
      el("label", {}, "API token ", input), " ", el("button", {type: "submit"}, "Sign in"),
      el("p", {class: "note"}, "The token stays in this browser tab's session storage until you sign out or close the tab."
        + " Ask the administrator for one (bin/dsm token), or open the dashboard through the single sign-on proxy."));
    form.addEventListener("submit", e => {
      e.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      setToken(token);
      location.reload();
    });
    const main = document.querySelector("main");
    (main || document.body).prepend(form);
    for (const id of ["content", "banner", "context"]) {
      const node = document.getElementById(id);
      if (node && id === "content") node.hidden = true;
      else if (node) node.replaceChildren();
    }
    input.focus();
  }

  document.addEventListener("DOMContentLoaded", showSignOut);

  // Which routes this server has: optional APIs (alerts, report) are asked only when served, so a build
  // without them shows a note instead of logging failed requests.
  let endpointSet;
  function endpoints() {
    endpointSet = endpointSet || getJson("/api/v1").then(b => new Set(b.endpoints || [])).catch(() => new Set());
    return endpointSet;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  const countFormat = new Intl.NumberFormat("en-GB", {maximumFractionDigits: 0});
  function format(value, unit) {
    if (!isNum(value)) return "—";
    switch (unit) {
      case "ratio": return (value * 100).toFixed(1) + "%";
      case "hours": return value.toFixed(1) + " h";
      case "days": return value.toFixed(1) + " d";
      case "minutes": return value.toFixed(1) + " min";
      case "per_day": return value.toFixed(2) + " /day";
      case "per_1k": return value.toFixed(2);
      case "risk": return countFormat.format(value);
      case "count": return countFormat.format(value);
      default: return String(Math.round(value * 100) / 100);
    }
  }

  const defHref = name => `/definitions.html#${encodeURIComponent(name)}`;
  const defOf = name => DEFS[name] || {label: name, unit: "count", def: "", none: null};

  /**
   * A number linked to its definition. A null renders as "—" with the definition's reason, never NaN.
   * @param unit overrides the definition's unit (e.g. a count shown inside a list)
   */
  function num(name, value, unit) {
    const def = defOf(name);
    const shown = format(value, unit || def.unit);
    const link = el("a", {class: isNum(value) ? "num" : "num none", href: defHref(name), "data-metric": name,
      title: `${def.label}: how it is defined`}, shown);
    if (isNum(value)) return link;
    return el("span", {class: "nodata"}, link, el("span", {class: "why"}, def.none || "no value for this scope and period"));
  }

  /** The trend of a metric against the previous period, coloured by whether it is an improvement. */
  function trend(name, current, previous, previousLabel) {
    const def = defOf(name);
    const link = text => el("a", {href: defHref("trend"), class: "trend-link"}, text);
    if (!isNum(current) || !isNum(previous)) {
      return el("div", {class: "trend flat", "data-trend": name}, link(`no figure for ${previousLabel} to compare`));
    }
    const diff = current - previous;
    let text;
    if (def.unit === "ratio") {
      text = `${diff >= 0 ? "+" : "−"}${Math.abs(diff * 100).toFixed(1)} pp`;
    } else if (previous === 0) {
      text = diff === 0 ? "±0" : `${diff > 0 ? "+" : "−"}${format(Math.abs(diff), def.unit)}`;
    } else {
      text = `${diff >= 0 ? "+" : "−"}${Math.abs(diff / previous * 100).toFixed(0)}%`;
    }
    const arrow = Math.abs(diff) < 1e-12 ? "→" : diff > 0 ? "▲" : "▼";
    let cls = "flat";
    if (Math.abs(diff) >= 1e-12 && def.better) {
      cls = (diff > 0) === (def.better === "up") ? "good" : "bad";
    }
    return el("div", {class: `trend ${cls}`, "data-trend": name}, link(`${arrow} ${text} vs ${previousLabel}`));
  }

  function levelBadge(level) {
    if (!level) {
      return el("a", {class: "level level-none", href: defHref("performance_level")}, "no 2023 level: no value");
    }
    return el("a", {class: `level level-${level}`, href: defHref("performance_level"), "data-level": level}, `2023: ${level}`);
  }

  function note(text, cls) {
    return el("p", {class: cls || "note"}, text);
  }

  const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

  /** A Chart.js chart that replaces any chart already on the canvas. */
  function chart(canvas, config) {
    const existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    config.options = Object.assign({
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: {mode: "index", intersect: false},
      plugins: {legend: {position: "bottom", labels: {boxWidth: 12}}},
    }, config.options || {});
    return new window.Chart(canvas, config);
  }

  /** A link to an API download: followed as is, or fetched with the held token and saved, since a plain link sends none. */
  function apiLink(href, filename, text) {
    const link = el("a", {href}, text);
    link.addEventListener("click", async e => {
      if (!heldToken()) return;
      e.preventDefault();
      try {
        const response = await apiFetch(href, "*/*");
        if (!response.ok) throw apiError(`${href} answered HTTP ${response.status}`, response.status);
        const url = URL.createObjectURL(await response.blob());
        const save = el("a", {href: url, download: filename});
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (error) {
        link.replaceWith(problem(error, filename));
      }
    });
    return link;
  }

  return {DEFS, iso, addDays, todayUtc, isNum, getJson, endpoints, el, format, num, trend, levelBadge, note, problem, apiLink,
    defHref, defOf, palette, chart};
})();
