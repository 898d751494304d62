"use strict";
// The dashboard's alerts and monthly-report panels (GET /api/v1/alerts, GET /api/v1/report): each alert as one
// sentence with its evidence as a compact table, the report as a document. Text goes in through DSM.el only.
const DSM_PANELS = (() => {
  const {el, num, note, problem, getJson, isNum, defHref} = DSM;
  const {talkingPointEvidence, lowSampleList} = DSM_EVIDENCE;
  const $ = id => document.getElementById(id);
  const words = key => String(key).replaceAll("_", " ");

  function evidenceText(evidence) {
    if (evidence === null || evidence === undefined) return "";
    if (typeof evidence !== "object") return String(evidence);
    return Object.entries(evidence).map(([k, v]) =>
      `${k.replaceAll("_", " ")}: ${isNum(v) ? (Number.isInteger(v) ? v : v.toFixed(3)) : typeof v === "object" ? JSON.stringify(v) : v}`).join("; ");
  }

  const percentOf = x => isNum(x) ? `${(100 * x).toFixed(1)}%` : "—";

  /** One readable line per alert type; the whole evidence stays in the cell's tooltip. */
  function alertSummary(a) {
    const e = a.evidence || {};
    switch (a.type) {
      case "GATE_BYPASS_RATE_RISING":
        return `bypass rate ${percentOf(e.gate_bypass_rate)} (${e.gate_bypasses} of ${e.gated_deployments}) from ${e.from} to ${e.to}, `
          + `against ${percentOf(e.baseline_gate_bypass_rate)} (${e.baseline_gate_bypasses} of ${e.baseline_gated_deployments}) in the ${e.baseline_from}..${e.baseline_to} baseline`;
      case "TIER1_FINDING_PAST_SLA": {
        const sev = e.by_severity || {};
        const oldest = (e.oldest || [])[0];
        return `${e.findings_past_sla} tier-1 findings past SLA on ${e.date} (critical ${sev.CRITICAL || 0}, high ${sev.HIGH || 0}, `
          + `medium ${sev.MEDIUM || 0}, low ${sev.LOW || 0})`
          + (oldest ? `; oldest ${oldest.finding_id} in ${oldest.service_id}, ${Number(oldest.age_days).toFixed(1)} d against ${oldest.sla_days} d` : "");
      }
      case "TIER1_COVERAGE_DROP":
        return `tier-1 practice coverage ${percentOf(e.tier1_practice_coverage)} on ${e.date}, down from ${percentOf(e.baseline_tier1_practice_coverage)} `
          + `on ${e.baseline_date} (${e.tier1_services} tier-1 services)`;
      default:
        return evidenceText(e);
    }
  }

  /** The evidence as a compact key/value table: nested counts on one line, lists by their first entry. */
  function evidenceTable(evidence) {
    const cell = v => {
      if (isNum(v)) return Number.isInteger(v) ? String(v) : v.toFixed(3);
      if (Array.isArray(v)) return v.length ? `${evidenceText(v[0])}${v.length > 1 ? ` (+${v.length - 1} more)` : ""}` : "none";
      if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => `${words(k)} ${x}`).join(", ");
      return v === null || v === undefined ? "—" : String(v);
    };
    return el("table", {class: "evidence"}, el("tbody", {}, Object.entries(evidence || {}).map(([k, v]) =>
      el("tr", {}, el("th", {}, words(k)), el("td", {}, cell(v))))));
  }

  async function renderAlerts(scope) {
    const box = $("alerts");
    const available = (await DSM.endpoints()).has("GET /api/v1/alerts");
    box.dataset.available = String(available);
    if (!available) {
      box.replaceChildren(note("Alerts are not available from this server: it does not serve GET /api/v1/alerts (alerting is not in this build)."));
      return;
    }
    let alerts;
    try {
      alerts = (await getJson("/api/v1/alerts")).alerts || [];
    } catch (e) {
      if (e.signInNeeded) throw e;
      box.replaceChildren(problem(e, "Alerts"));
      return;
    }
    const open = alerts.filter(a => a.status === "OPEN").length;
    alerts.sort((a, b) => (a.status === "OPEN" ? 0 : 1) - (b.status === "OPEN" ? 0 : 1)
      || String(b.opened_at).localeCompare(String(a.opened_at)));
    box.replaceChildren(
      el("p", {}, num("alerts", open), " open · ", num("alerts", alerts.length - open), " cleared"),
      alerts.length ? el("table", {id: "alerts-table"},
        el("thead", {}, el("tr", {}, ["Status", "Alert", "Evidence"].map(h => el("th", {}, h)))),
        el("tbody", {}, alerts.slice(0, 25).map(a => el("tr", {class: a.scope === scope ? "current-scope" : null},
          el("td", {class: `status-${a.status}`}, a.status),
          el("td", {}, el("div", {class: "alert-type"}, words(a.type).toLowerCase()), el("div", {}, a.scope),
            el("div", {class: "sub"}, "opened ", String(a.opened_at || "").replace("T", " ").slice(0, 16))),
          el("td", {}, el("div", {class: "summary"}, alertSummary(a)), el("details", {}, el("summary", {}, "all figures"), evidenceTable(a.evidence)))))))
        : note("No alert has opened."));
  }

  const MANAGER_ITEMS = {
    dora_business_critical: "Delivery of business-critical (tier-1) services",
    tier1_required_practices: "Tier-1 services with the required practices",
    weighted_risk_debt_trend: "Weighted risk debt",
    exploitable_critical_high_age_days_p50: "Age of exploitable critical and high findings",
    gate_bypasses: "Security gate bypasses",
    secret_exposures_per_1k_commits: "Secret exposures",
    top_defect_classes: "Top defect classes",
  };

  /** A figure with its metric's unit and definition link (month-before figures read like their metric). */
  function figure(key, value) {
    const base = String(key).replace(/^previous_/, "");
    if (DSM.DEFS[key]) return num(key, value);
    if (DSM.DEFS[base]) return num(base, value);
    if (isNum(value)) return el("a", {class: "num", href: defHref("report")}, Number.isInteger(value) ? String(value) : value.toFixed(2));
    return value === null || value === undefined ? num("report", null) : String(value);
  }

  /** One manager item as a small table: each figure this month beside the month before, then its other facts. */
  function managerItem(name, item, orgItem) {
    const title = el("h4", {}, MANAGER_ITEMS[name] || words(name));
    if (Array.isArray(item)) return [title, item.length ? el("p", {}, item.join(", ")) : note("None this month.")];
    const keys = Object.keys(item || {});
    const paired = keys.filter(k => !k.startsWith("previous_") && keys.includes(`previous_${k}`));
    // A team report sets the organisation's figure of the same month beside the team's.
    const orgCell = (k, key) => orgItem ? [el("td", {class: "org-figure"}, figure(k, orgItem[key]))] : [];
    const rows = paired.map(k => el("tr", {}, el("th", {}, words(k)), el("td", {}, figure(k, item[k])), el("td", {}, figure(`previous_${k}`, item[`previous_${k}`])),
      ...orgCell(k, k)));
    if (keys.includes("value")) rows.unshift(el("tr", {}, el("th", {}, "median age"), el("td", {}, figure(name, item.value)), el("td", {}, figure(name, item.previous)),
      ...orgCell(name, "value")));
    const other = keys.filter(k => !paired.includes(k) && !k.startsWith("previous_") && !["value", "previous", "points"].includes(k));
    const facts = other.map(k => typeof item[k] === "object" && item[k] !== null
      ? el("li", {}, `${words(k)}: `, Object.entries(item[k]).map(([kk, v]) => `${words(kk)} ${v}`).join(", "))
      : el("li", {}, `${words(k)}: `, figure(k, item[k])));
    return [title,
      rows.length ? el("table", {class: "figures"}, el("thead", {}, el("tr", {}, el("th", {}), el("th", {}, "this month"), el("th", {}, "month before"),
        orgItem ? el("th", {}, "organisation") : null)),
        el("tbody", {}, rows)) : null,
      facts.length ? el("ul", {class: "facts"}, facts) : null].filter(Boolean);
  }

  /** @param scopeLabel how the scope filter names a scope, for the report's heading */
  async function renderReport(scopeLabel) {
    const box = $("report");
    const available = (await DSM.endpoints()).has("GET /api/v1/report");
    box.dataset.available = String(available);
    $("report-month").hidden = !available;
    if (!available) {
      box.replaceChildren(note("The monthly report is not available from this server: it does not serve GET /api/v1/report (the report is not in this build)."));
      $("report-md").replaceChildren();
      return;
    }
    const month = $("report-month").value;
    // A team chosen in the scope filter gets its team's report; any other scope the organisation's.
    const scope = $("scope").value.startsWith("team:") ? $("scope").value : "org";
    const query = `month=${month}&scope=${encodeURIComponent(scope)}`;
    box.dataset.scope = scope;
    $("report-md").replaceChildren(DSM.apiLink(`/api/v1/report?${query}&format=md`, `report-${month}-${scope.replace(":", "-")}.md`, "as Markdown"));
    let report;
    try {
      report = await getJson(`/api/v1/report?${query}`);
    } catch (e) {
      if (e.signInNeeded) throw e;
      box.replaceChildren(problem(e, `The report for ${month}`));
      return;
    }
    const orgManager = (report.organisation || {}).manager || null;
    box.replaceChildren(el("article", {class: "report", id: "report-document", "data-scope": report.scope},
      el("h3", {}, `${report.month}, ${report.scope === "org" ? "organisation" : scopeLabel(report.scope)}: what to steer by`),
      orgManager ? el("p", {class: "evidence"}, "Each figure beside the month before and the organisation's figure of the same month.") : null,
      ...Object.entries(report.manager || {}).flatMap(([name, item]) => managerItem(name, item, orgManager ? orgManager[name] : null)),
      lowSampleList(report),
      el("h3", {}, "Reading the metrics together"),
      (report.patterns || []).length ? el("ul", {class: "patterns", id: "report-patterns"}, report.patterns.map(pt => el("li", {},
        el("span", {class: `verdict verdict-${pt.verdict}`}, pt.verdict), " ", el("strong", {}, pt.pattern),
        pt.reason ? el("span", {class: "low-sample-note"}, ` (${pt.reason})`) : null,
        pt.evidence ? el("div", {class: "evidence"}, typeof pt.evidence === "object" ? evidenceText(pt.evidence) : pt.evidence) : null)))
        : note("No pattern evaluated."),
      (report.dora_for_security || []).length ? el("h3", {}, "What security should do with DORA") : null,
      (report.dora_for_security || []).length ? el("dl", {class: "answers"}, report.dora_for_security.flatMap(q =>
        [el("dt", {}, q.question), el("dd", {}, q.answer)])) : null,
      el("h3", {}, "Director talking points"),
      (report.talking_points || []).length ? el("ul", {id: "report-talking-points"}, report.talking_points.map((t, i) => el("li", {}, t,
        talkingPointEvidence((report.talking_point_evidence || [])[i]))))
        : note("No talking point for this month.")));
  }

  return {renderAlerts, renderReport};
})();
