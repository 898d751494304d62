"use strict";
// A service's drill-down: catalogue entry, practices, the last 28 days with trends, open findings against SLA.
(() => {
  const {el, num, trend, levelBadge, note, getJson, addDays, isNum, defHref, defOf} = DSM;
  const $ = id => document.getElementById(id);
  const id = new URLSearchParams(location.search).get("id") || "";

  const CARDS = [
    ["dora", "deployments_per_day", "deployment_frequency"], ["dora", "lead_time_hours_p50", "lead_time"],
    ["dora", "change_failure_rate", "change_failure_rate"], ["dora", "time_to_restore_hours_p50", "time_to_restore"],
    ["dora", "rework_rate", null], ["security", "release_evidence_rate"], ["security", "gate_bypass_rate"],
    ["security", "gate_bypass_resolution_hours_mean"], ["security", "exploitable_remediation_days_p50"],
    ["security", "security_hotfix_share"], ["security", "secret_rotation_hours_mean"],
    ["security", "secret_exposures_per_1k_commits"], ["debt_flow", "intake"], ["debt_flow", "fixed"],
    ["debt_flow", "fix_to_intake_ratio"]];

  function metricCard(group, metric, level, cur, prev) {
    const parts = [el("h3", {}, el("a", {href: defHref(metric)}, defOf(metric).label)),
      el("div", {class: "value"}, num(metric, cur[group][metric]))];
    if (level) parts.push(levelBadge((cur.dora.performance_level || {})[level]));
    parts.push(trend(metric, cur[group][metric], prev[group][metric], "previous 28 days"));
    return el("div", {class: "card", "data-card": metric}, parts);
  }

  function facts(s) {
    const row = (k, v) => [el("dt", {}, k), el("dd", {}, v === null || v === undefined || v === "" ? el("span", {class: "note"}, "not set") : v)];
    return [...row("Team", s.team), ...row("Tier", s.tier), ...row("Owner", s.owner), ...row("Escalation path", s.escalation_path),
      ...row("Internet-facing", s.internet_facing === undefined ? null : s.internet_facing ? "yes" : "no"),
      ...row("Regulated", s.regulated === undefined ? null : s.regulated ? "yes" : "no"),
      ...row("Repositories", (s.repos || []).join(", ")), ...row("In the catalogue", s.catalogued === false ? "no (seen only in events; counted as TIER_3, team unassigned)" : "yes")];
  }

  function findingsTable(current) {
    const sla = current.sla_days || {};
    const rows = [];
    for (const [severity, list] of Object.entries(current.open_findings || {})) {
      for (const f of list) rows.push({severity, ...f});
    }
    if (!rows.length) return note("No open finding.");
    rows.sort((a, b) => b.age_days - a.age_days);
    return el("table", {id: "findings-table"},
      el("thead", {}, el("tr", {}, ["Finding", "Where", "CWE", "Scanner", "Severity", "Exploitability", "Age", "SLA", "Risk"]
        .map(h => el("th", {}, h)))),
      el("tbody", {}, rows.map(f => {
        const past = isNum(sla[f.severity]) && f.age_days > sla[f.severity];
        return el("tr", {class: past ? "past-sla" : null, "data-finding": f.finding_id}, findingCell(f), whereCell(f.location),
          el("td", {}, f.defect_class || "—"), el("td", {}, f.scanner || "—"), el("td", {}, f.severity),
          el("td", {}, f.exploitability), el("td", {}, num("age_days", f.age_days)),
          el("td", {}, isNum(sla[f.severity]) ? `${sla[f.severity]} d${past ? " — past SLA" : ""}` : "—"),
          el("td", {}, num("risk", f.risk)));
      })));
  }

  // Only an http(s) link becomes an href: the API checks it too, but the page does not rely on that alone.
  function webLink(url) {
    try {
      const u = new URL(url);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // The title (linked to the tool when it gave a link), then the id, rule and CVEs: what a reader needs to act.
  function findingCell(f) {
    const href = f.url ? webLink(f.url) : null;
    const label = f.title || f.finding_id;
    const title = href ? el("a", {href, rel: "noopener noreferrer", target: "_blank", class: "finding-link"}, label) : label;
    const sub = [f.title ? f.finding_id : null, f.rule_id ? `rule ${f.rule_id}` : null, ...(f.cve_ids || [])].filter(x => x);
    return el("td", {class: "finding"}, title, sub.length ? el("span", {class: "finding-sub"}, sub.join(" · ")) : null);
  }

  function whereCell(loc) {
    if (!loc || !loc.path) return el("td", {}, "—");
    const file = isNum(loc.start_line) ? `${loc.path}:${loc.start_line}` : loc.path;
    return el("td", {class: "finding"}, el("code", {}, file), loc.repository ? el("span", {class: "finding-sub"}, loc.repository) : null);
  }

  async function render() {
    if (!id) {
      $("banner").replaceChildren(el("div", {class: "banner"}, "No service chosen: open a service from the dashboard's heat map or scope list."));
      document.body.dataset.state = "error";
      return;
    }
    document.title = `devsecops-metrics — ${id}`;
    const scope = encodeURIComponent(`service:${id}`);
    $("scope-link").href = `/?scope=${scope}`;
    let s;
    try {
      s = await getJson(`/api/v1/services/${encodeURIComponent(id)}`);
    } catch (e) {
      if (e.signInNeeded) {
        document.body.dataset.state = "sign-in";
        return;
      }
      if (e.outsideAccess) {
        $("banner").replaceChildren(el("div", {class: "banner", id: "outside-access"}, `The service '${id}' is outside your access (${e.message}).`));
        document.body.dataset.state = "outside-access";
        return;
      }
      $("banner").replaceChildren(el("div", {class: "banner error"}, e.status === 404
        ? `No service '${id}': it is neither in the catalogue nor in any event.` : `Could not load '${id}': ${e.message}`));
      document.body.dataset.state = "error";
      return;
    }
    const last = s.last_28_days;
    const from12w = addDays(last.to, -84);
    const [prev, deployments, bypasses, risk] = await Promise.all([
      getJson(`/api/v1/metrics?scope=${scope}&from=${addDays(last.from, -28)}&to=${last.from}`),
      getJson(`/api/v1/timeseries?scope=${scope}&metric=deployments&step=week&from=${from12w}&to=${last.to}`),
      getJson(`/api/v1/timeseries?scope=${scope}&metric=gate_bypasses&step=week&from=${from12w}&to=${last.to}`),
      getJson(`/api/v1/timeseries?scope=${scope}&metric=risk_index&step=week&from=${from12w}&to=${last.to}`)]);
    $("content").hidden = false;
    $("service-title").replaceChildren(s.name ? `${s.name} ` : "", el("code", {}, s.service_id));
    $("facts").replaceChildren(...facts(s));
    const current = s.current;
    $("practices").replaceChildren(current ? el("div", {},
      el("p", {}, el("a", {href: defHref("practices")}, "Practices"), " now: ", num("practice_coverage", current.practice_coverage)),
      ...(current.practices_present || []).map(p => el("span", {class: "on"}, `✓ ${p}`)),
      ...(current.practices_missing || []).map(p => el("span", {class: "off"}, `✗ ${p}`))) : note("No current state for this service."));
    $("last28-range").textContent = `${last.from} to ${addDays(last.to, -1)}; trends against the 28 days before`;
    $("service-cards").replaceChildren(...CARDS.map(([g, m, l]) => metricCard(g, m, l, last, prev)));
    const labels = deployments.points.map(p => `wk ${p.from.slice(5)}`);
    const values = pts => pts.map(p => isNum(p.value) ? p.value : null);
    DSM.chart($("chart-deployments"), {type: "bar", data: {labels, datasets: [
      {label: "Deployments", data: values(deployments.points), backgroundColor: DSM.palette[0]},
      {label: "Gate bypasses", data: values(bypasses.points), backgroundColor: DSM.palette[1]}]},
      options: {scales: {y: {beginAtZero: true}}}});
    DSM.chart($("chart-risk"), {type: "line", data: {labels, datasets: [
      {label: "Risk index", data: values(risk.points), borderColor: DSM.palette[1], backgroundColor: DSM.palette[1]}]},
      options: {scales: {y: {beginAtZero: true}}}});
    if (current) {
      $("findings-date").textContent = `as of ${current.date}`;
      $("findings-cards").replaceChildren(
        el("div", {class: "card", "data-card": "risk_index"}, el("h3", {}, el("a", {href: defHref("risk_index")}, "Risk index")),
          el("div", {class: "value"}, num("risk_index", current.risk_index))),
        el("div", {class: "card", "data-card": "findings_past_sla"}, el("h3", {}, el("a", {href: defHref("findings_past_sla")}, "Findings past SLA")),
          el("div", {class: "value"}, num("findings_past_sla", current.findings_past_sla))),
        el("div", {class: "card", "data-card": "open_findings"}, el("h3", {}, el("a", {href: defHref("open_findings")}, "Open findings")),
          el("div", {class: "value"}, num("open_findings", Object.values(current.open_findings || {}).reduce((n, l) => n + l.length, 0)))));
      $("findings").replaceChildren(findingsTable(current));
    }
    document.body.dataset.state = "ready";
  }

  render().catch(e => {
    if (e.signInNeeded) {
      document.body.dataset.state = "sign-in";
      return;
    }
    $("banner").replaceChildren(el("div", {class: "banner error"}, `Could not load '${id}': ${e.message}`));
    document.body.dataset.state = "error";
  });
})();
