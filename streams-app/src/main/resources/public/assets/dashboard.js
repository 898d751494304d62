"use strict";
// The manager dashboard: filters -> one render of every panel from the query API (DESIGN §5).
// body[data-state] is loading | ready | empty | error, and body[data-scope] the scope last rendered,
// so people and browser tests can tell when the numbers on screen belong to the chosen filters.
(() => {
  const {el, num, trend, levelBadge, note, problem, getJson, addDays, todayUtc, isNum, defHref, defOf} = DSM;
  const {lowSample} = DSM_EVIDENCE;
  const $ = id => document.getElementById(id);
  const TIERS = ["TIER_1", "TIER_2", "TIER_3"];
  let catalogue = [];
  let renderToken = 0;
  const words = key => String(key).replaceAll("_", " ");
  const {renderAlerts} = DSM_PANELS;
  const renderReport = () => DSM_PANELS.renderReport(scopeLabel);

  const DORA_CARDS = [
    {metric: "deployments_per_day", level: "deployment_frequency", subs: [["deployments", "deployments"]]},
    {metric: "lead_time_hours_p50", level: "lead_time", sample: "lead_time_samples",
      subs: [["lead_time_hours_p90", "p90"], ["lead_time_samples", "samples"]]},
    {metric: "change_failure_rate", level: "change_failure_rate", sample: "deployments",
      subs: [["failed_deployments", "failed"], ["security_failed_deployments", "security-caused"]]},
    {metric: "time_to_restore_hours_p50", level: "time_to_restore", sample: "incidents_resolved",
      subs: [["time_to_restore_hours_mean", "mean"], ["incidents_resolved", "incidents"]]},
    {metric: "rework_rate", level: null, sample: "deployments", subs: [["deployments", "deployments"]]},
  ];
  const SECURITY_CARDS = [
    {metric: "release_evidence_rate", sample: "deployments", subs: []},
    {metric: "gate_bypass_rate", sample: "gated_deployments", subs: [["gate_bypasses", "bypasses"]]},
    {metric: "gate_bypass_resolution_hours_mean", subs: [["gate_bypasses", "bypasses"]]},
    {metric: "exploitable_remediation_days_p50", sample: "exploitable_remediations", subs: []},
    {metric: "security_hotfix_share", subs: []},
    {metric: "secret_rotation_hours_mean", subs: []},
    {metric: "secret_exposures_per_1k_commits", subs: [["commits", "commits"]]},
    {metric: "security_wait_share", subs: [["security_wait_minutes_p50", "wait p50"]]},
  ];

  function subLine(subs, values) {
    if (!subs.length) return null;
    return el("div", {class: "sub"}, subs.flatMap(([name, label], i) => [i ? " · " : "", label + " ", num(name, values[name])]));
  }

  /** One metric card: value, optional 2023 level, trend against the previous figure, and related numbers. */
  function card(spec, values, previous, previousLabel, sampled) {
    const def = defOf(spec.metric);
    const parts = [el("h3", {}, el("a", {href: defHref(spec.metric)}, def.label)),
      el("div", {class: "value"}, num(spec.metric, values[spec.metric]))];
    if (spec.level) parts.push(levelBadge((values.performance_level || {})[spec.level]));
    if (spec.level === null) parts.push(el("a", {class: "level level-none", href: defHref("rework_rate")}, "2023: no band defined"));
    parts.push(trend(spec.metric, values[spec.metric], previous[spec.metric], previousLabel));
    parts.push(subLine(spec.subs || [], values));
    const n = lowSample(spec, sampled);
    if (n !== null) parts.push(el("div", {class: "low-sample-note", title: `fewer than ${sampled.min} ${words(spec.sample)}: too few to read as a trend`},
      `low sample (n=${n})`));
    return el("div", {class: n === null ? "card" : "card low-sample", "data-card": spec.metric}, parts);
  }

  function period() {
    const days = Number($("days").value);
    const lastDay = $("end").value || todayUtc();
    const to = addDays(lastDay, 1);
    const from = addDays(to, -days);
    return {days, lastDay, from, to, prevFrom: addDays(from, -days), prevTo: from, prevLastDay: addDays(from, -1)};
  }

  function scopeLabel(scope) {
    const opt = [...$("scope").options].find(o => o.value === scope);
    return opt ? opt.textContent : scope;
  }

  function fillScopes(selected) {
    const select = $("scope");
    select.replaceChildren(el("option", {value: "org"}, "Organisation"));
    const teams = [...new Set(catalogue.map(s => s.team).filter(Boolean))].sort();
    const group = (label, options) => options.length ? el("optgroup", {label}, options) : null;
    select.append(...[
      group("Teams", teams.map(t => el("option", {value: `team:${t}`}, `Team ${t}`))),
      group("Tiers", TIERS.map(t => el("option", {value: `tier:${t}`}, t.replace("_", " ").replace("TIER", "Tier")))),
      group("Services", [...catalogue].sort((a, b) => a.service_id.localeCompare(b.service_id))
        .map(s => el("option", {value: `service:${s.service_id}`}, `${s.service_id}${s.name ? " — " + s.name : ""}`))),
    ].filter(Boolean));
    if (![...select.options].some(o => o.value === selected)) select.append(el("option", {value: selected}, selected));
    select.value = selected;
  }

  function fillMonths() {
    const select = $("report-month");
    const now = new Date();
    const options = [];
    for (let back = 0; back < 13; back++) {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
      const value = d.toISOString().slice(0, 7);
      options.push(el("option", {value}, value + (back === 0 ? " (so far)" : "")));
    }
    select.replaceChildren(...options);
    select.value = options[1].value; // the last complete month
  }

  function syncUrl() {
    const p = new URLSearchParams({scope: $("scope").value, days: $("days").value, end: $("end").value});
    history.replaceState(null, "", `?${p}`);
  }

  const activity = m => m.dora.deployments + m.security.commits + m.debt_flow.intake + m.dora.incidents_resolved;

  function showEmpty() {
    $("content").hidden = true;
    $("context").textContent = "";
    $("banner").replaceChildren(el("div", {class: "empty", id: "empty-state"},
      el("h2", {}, "No data yet"),
      el("p", {}, "This server has no service catalogue and no events. The dashboard fills in as events arrive on the devsecops.* topics. Load, in any order:"),
      el("ol", {},
        el("li", {}, "the catalogue: ", el("code", {}, "bin/dsm load --topic services services.jsonl"), " (team, tier, owner of each service);"),
        el("li", {}, "delivery events: ", el("code", {}, "bin/dsm load --topic deployments deployments.jsonl"), ", then ",
          el("code", {}, "commits"), " and ", el("code", {}, "incidents"), ";"),
        el("li", {}, "security events: ", el("code", {}, "scan-results"), " and ", el("code", {}, "findings"), ".")),
      el("p", {}, "No files at hand? ", el("code", {}, `bin/dsm generate --services 40 --days 120 --end ${addDays(todayUtc(), -1)} --out data/`),
        " writes a synthetic organisation as one JSONL file per kind, or ", el("code", {}, "bin/dsm demo"),
        " runs everything with live data. The README lists every field.")));
  }

  async function render() {
    const token = ++renderToken;
    document.body.dataset.state = "loading";
    syncUrl();
    const scope = $("scope").value;
    const p = period();
    const s = encodeURIComponent(scope);
    const previousLabel = `previous ${p.days} days`;
    try {
      const [cur, prev, snap, prevSnap] = await Promise.all([
        getJson(`/api/v1/metrics?scope=${s}&from=${p.from}&to=${p.to}`),
        getJson(`/api/v1/metrics?scope=${s}&from=${p.prevFrom}&to=${p.prevTo}`),
        getJson(`/api/v1/snapshot?scope=${s}&date=${p.lastDay}`),
        getJson(`/api/v1/snapshot?scope=${s}&date=${p.prevLastDay}`)]);
      if (catalogue.length === 0 && scope === "org" && activity(cur) === 0) {
        const wide = await getJson(`/api/v1/metrics?scope=org&from=${addDays(p.to, -400)}&to=${p.to}`);
        if (token !== renderToken) return;
        if (activity(wide) === 0) {
          showEmpty();
          document.body.dataset.state = "empty";
          return;
        }
      }
      if (token !== renderToken) return;
      $("content").hidden = false;
      $("banner").replaceChildren(activity(cur) === 0 ? el("div", {class: "banner"},
        `No events for ${scopeLabel(scope)} between ${p.from} and ${p.lastDay}: figures that need them show "—" with the reason. Choose a longer period or another scope.`) : "");
      $("context").textContent = `${scopeLabel(scope)} · ${p.from} to ${p.lastDay} (${p.days} UTC days) · trends against ${p.prevFrom} to ${p.prevLastDay}`;
      const sampled = {samples: cur.samples, min: cur.min_sample};
      $("dora-cards").replaceChildren(...DORA_CARDS.map(c => card(c, cur.dora, prev.dora, previousLabel, sampled)));
      $("security-cards").replaceChildren(...SECURITY_CARDS.map(c => card(c, cur.security, prev.security, previousLabel, sampled)));
      renderCoverage(snap, prevSnap, p);
      renderDebt(cur, prev, snap, prevSnap, p, previousLabel);
      await Promise.all([renderCharts(scope, p, token), renderAlerts(scope), renderReport()]);
      if (token !== renderToken) return;
      document.body.dataset.scope = scope;
      document.body.dataset.period = `${p.from}/${p.to}`;
      document.body.dataset.state = "ready";
    } catch (e) {
      if (token !== renderToken) return;
      if (e.signInNeeded) {
        document.body.dataset.state = "sign-in";
        return;
      }
      if (e.outsideAccess) {
        // A scope this caller may not read (another team's, say): a boundary to state, not a fault.
        $("content").hidden = true;
        $("context").textContent = "";
        $("banner").replaceChildren(el("div", {class: "banner", id: "outside-access"},
          `${scopeLabel(scope)} is outside your access: choose a scope from the list (${e.message}).`));
        document.body.dataset.scope = scope;
        document.body.dataset.state = "outside-access";
        return;
      }
      $("banner").replaceChildren(el("div", {class: "banner error", id: "error"}, `Could not load ${scopeLabel(scope)}: ${e.message}`));
      document.body.dataset.state = "error";
    }
  }

  function renderCoverage(snap, prevSnap, p) {
    const c = snap.coverage;
    const pc = prevSnap.coverage;
    const label = `end of ${p.prevLastDay}`;
    $("coverage-date").textContent = `as of the end of ${snap.date}; practices over the preceding lookback`;
    const flat = card({metric: "flat_practice_coverage", subs: [["services", "services"]]}, c, pc, label);
    if (isNum(c.weighted_practice_coverage) && isNum(c.flat_practice_coverage)) {
      const gap = (c.weighted_practice_coverage - c.flat_practice_coverage) * 100;
      flat.append(el("div", {class: "sub"}, `weighted − flat: ${gap >= 0 ? "+" : "−"}${Math.abs(gap).toFixed(1)} pp`,
        Math.abs(gap) < 0.05 ? " (no difference)" : gap < 0 ? " (low-tier estate lifts the flat figure)" : " (critical services ahead)"));
    }
    const byTier = el("div", {class: "card", "data-card": "by_tier"},
      el("h3", {}, el("a", {href: defHref("tier1_practice_coverage")}, "Practice coverage by tier")),
      ...TIERS.map((t, i) => el("div", {class: "sub"}, t.replace("_", " ") + ": ",
        num(`tier${i + 1}_practice_coverage`, c.by_tier[t]))));
    const asset = c.asset_coverage || {};
    const prevAsset = pc.asset_coverage || {};
    $("coverage-cards").replaceChildren(
      card({metric: "weighted_practice_coverage", subs: []}, c, pc, label), flat,
      card({metric: "tier1_asset_coverage", subs: []}, c, pc, label), byTier,
      card({metric: "tier1_image_scanning_and_owner", subs: []}, asset, prevAsset, label),
      card({metric: "internet_facing_api_lint", subs: []}, asset, prevAsset, label));
    renderHeatmap(c);
  }

  function renderHeatmap(c) {
    const practices = Object.keys(c.by_practice || {});
    const tierOf = Object.fromEntries(catalogue.map(s => [s.service_id, s.tier]));
    const rows = Object.entries(c.service_practices || {})
      .sort(([a], [b]) => (tierOf[a] || "TIER_3").localeCompare(tierOf[b] || "TIER_3") || a.localeCompare(b));
    if (!rows.length) {
      $("heatmap").replaceChildren(note("No catalogued service in this scope, so there is no practice heat map: load the catalogue (bin/dsm load --topic services)."));
      return;
    }
    const head = el("tr", {}, el("th", {}, "Service"), el("th", {}, "Tier"),
      practices.map(pr => el("th", {class: "rot"}, el("a", {href: defHref("practices")}, pr.replaceAll("_", " ").toLowerCase()))),
      el("th", {}, el("a", {href: defHref("practice_coverage")}, "present")));
    const body = rows.map(([service, present]) => el("tr", {"data-service": service},
      el("td", {}, el("a", {href: `/service.html?id=${encodeURIComponent(service)}`}, service)),
      el("td", {}, (tierOf[service] || "").replace("TIER_", "T")),
      practices.map(pr => present.includes(pr)
        ? el("td", {class: "cell on", title: `${service}: ${pr} present`}, "✓")
        : el("td", {class: "cell off", title: `${service}: ${pr} missing`}, "✗")),
      el("td", {}, num("practice_coverage", present.length / practices.length))));
    const foot = el("tr", {}, el("th", {}, "Share of services"), el("th", {}),
      practices.map(pr => el("td", {class: "cell"}, num("by_practice", c.by_practice[pr]))), el("td", {}));
    $("heatmap").replaceChildren(el("table", {class: "heatmap", id: "heatmap-table"},
      el("caption", {class: "context"}, "Practices per service (✓ present, ✗ missing); the service opens its drill-down page"),
      el("thead", {}, head), el("tbody", {}, body), el("tfoot", {}, foot)));
  }

  function renderDebt(cur, prev, snap, prevSnap, p, previousLabel) {
    const d = snap.debt;
    const pd = prevSnap.debt;
    const label = `end of ${p.prevLastDay}`;
    $("debt-date").textContent = `snapshot figures as of the end of ${snap.date}; flow over the period`;
    const top = cur.debt_flow.top_defect_classes || [];
    const counts = cur.debt_flow.top_defect_class_intake || {};
    const defects = el("div", {class: "card", "data-card": "top_defect_classes"},
      el("h3", {}, el("a", {href: defHref("top_defect_classes")}, defOf("top_defect_classes").label)),
      top.length ? el("ol", {class: "defects"}, top.map(cls => el("li", {}, `${cls}: `, num("top_defect_class_intake", counts[cls]), " new")))
        : num("top_defect_classes", null));
    $("debt-cards").replaceChildren(
      card({metric: "risk_index", subs: [["accepted_risk_index", "accepted"], ["open_findings", "open"]]}, d, pd, label),
      card({metric: "exploitable_critical_high_age_days_p50", subs: []}, d, pd, label),
      card({metric: "tier1_findings_past_sla", subs: []}, d, pd, label),
      card({metric: "fix_to_intake_ratio", sample: "intake", subs: [["fixed", "fixed"], ["intake", "intake"]]}, cur.debt_flow, prev.debt_flow,
        previousLabel, {samples: cur.samples, min: cur.min_sample}),
      card({metric: "reopen_rate", subs: [["reopened", "reopened"]]}, cur.debt_flow, prev.debt_flow, previousLabel),
      defects);
  }

  async function series(scope, metric, p, step) {
    const body = await getJson(`/api/v1/timeseries?scope=${encodeURIComponent(scope)}&metric=${metric}&from=${p.from}&to=${p.to}&step=${step}`);
    return body.points;
  }

  async function renderCharts(scope, p, token) {
    const step = p.days >= 28 ? "week" : "day";
    const names = ["tier1_practice_coverage", "tier2_practice_coverage", "tier3_practice_coverage",
      "weighted_practice_coverage", "flat_practice_coverage", "risk_index", "intake", "fixed", "deployments", "commits"];
    const all = await Promise.all(names.map(n => series(scope, n, p, step)));
    if (token !== renderToken) return;
    const s = Object.fromEntries(names.map((n, i) => [n, all[i]]));
    // Buckets before the scope's first event hold no data, not zeros: they are left undrawn.
    const first = s.risk_index.findIndex((pt, i) => ["deployments", "commits", "intake", "fixed", "risk_index"]
      .some(n => isNum(s[n][i].value) && s[n][i].value > 0));
    const start = first < 0 ? s.risk_index.length : first;
    names.forEach(n => s[n].forEach((pt, i) => { if (i < start) pt.value = null; }));
    const labels = s.risk_index.map(pt => step === "week" ? `wk ${pt.from.slice(5)}` : pt.from.slice(5));
    const pct = pts => pts.map(pt => isNum(pt.value) ? Math.round(pt.value * 1000) / 10 : null);
    const raw = pts => pts.map(pt => isNum(pt.value) ? pt.value : null);
    const line = (label, data, i, extra) => Object.assign({label, data, borderColor: DSM.palette[i],
      backgroundColor: DSM.palette[i], borderWidth: 2, pointRadius: 2, spanGaps: false}, extra || {});
    DSM.chart($("chart-coverage-tiers"), {type: "line", data: {labels, datasets: [
      line("Tier 1", pct(s.tier1_practice_coverage), 0), line("Tier 2", pct(s.tier2_practice_coverage), 1),
      line("Tier 3", pct(s.tier3_practice_coverage), 2),
      line("Weighted", pct(s.weighted_practice_coverage), 6, {borderDash: [6, 3]}),
      line("Flat", pct(s.flat_practice_coverage), 3, {borderDash: [2, 3]})]},
      options: {scales: {y: {min: 0, max: 100, title: {display: true, text: "% of practices present"}}}}});
    DSM.chart($("chart-risk"), {type: "line", data: {labels, datasets: [line("Risk index", raw(s.risk_index), 1)]},
      options: {scales: {y: {beginAtZero: true}}}});
    DSM.chart($("chart-flow"), {type: "bar", data: {labels, datasets: [
      {label: "Intake", data: raw(s.intake), backgroundColor: DSM.palette[1]},
      {label: "Fixed", data: raw(s.fixed), backgroundColor: DSM.palette[2]}]},
      options: {scales: {y: {beginAtZero: true, title: {display: true, text: `findings per ${step}`}}}}});
  }

  /** Activity (deployments, commits, new findings) per bucket of the organisation, one request per kind. */
  async function orgActivity(from, to, step) {
    const kinds = await Promise.all(["deployments", "commits", "intake"].map(metric =>
      getJson(`/api/v1/timeseries?scope=org&metric=${metric}&from=${from}&to=${to}&step=${step}`)));
    return kinds[0].points.map((pt, i) => ({from: pt.from, to: pt.to, value: kinds.reduce((sum, k) => sum + (k.points[i].value || 0), 0)}));
  }

  /** The last UTC day with any event in the past year, or today: the default end of the period. */
  async function lastDayWithData() {
    const today = todayUtc();
    const weeks = await orgActivity(addDays(today, -363), addDays(today, 1), "week");
    const week = weeks.filter(pt => pt.value > 0).pop();
    if (!week) return today;
    const days = await orgActivity(week.from, week.to, "day");
    const day = days.filter(pt => pt.value > 0).pop();
    return day ? day.from : today;
  }

  async function init() {
    const params = new URLSearchParams(location.search);
    $("today").addEventListener("click", () => {
      $("end").value = todayUtc();
      render();
    });
    if (params.get("days") && [...$("days").options].some(o => o.value === params.get("days"))) $("days").value = params.get("days");
    fillMonths();
    $("filters").addEventListener("submit", e => e.preventDefault());
    try {
      catalogue = (await getJson("/api/v1/services")).services || [];
    } catch (e) {
      catalogue = [];
      if (e.signInNeeded) {
        document.body.dataset.state = "sign-in";
        return;
      }
      $("banner").replaceChildren(e.outsideAccess ? el("div", {class: "banner"}, problem(e, "The service catalogue"))
        : el("div", {class: "banner error"}, `The service catalogue could not be read: ${e.message}`));
    }
    fillScopes(params.get("scope") || "org");
    $("end").value = /^\d{4}-\d{2}-\d{2}$/.test(params.get("end") || "") ? params.get("end")
      : catalogue.length ? await lastDayWithData().catch(() => todayUtc()) : todayUtc();
    for (const id of ["scope", "days", "end"]) $(id).addEventListener("change", render);
    $("report-month").addEventListener("change", () => renderReport().catch(e => $("report").replaceChildren(problem(e, "The report"))));
    await render();
  }

  init().catch(e => {
    if (e.signInNeeded) {
      document.body.dataset.state = "sign-in";
      return;
    }
    document.body.dataset.state = "error";
    $("banner").replaceChildren(el("div", {class: "banner error"}, `The dashboard could not start: ${e.message}`));
  });
})();
