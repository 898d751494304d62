"use strict";
// Renders every definition of definitions-data.js with its JSON name as the anchor the numbers link to.
(() => {
  const {el, DEFS} = DSM;
  const GROUPS = [["dora", "Delivery (DORA)"], ["security", "Security overlays"], ["debt_flow", "Debt flow (over a period)"],
    ["debt", "Debt (snapshot)"], ["coverage", "Coverage (snapshot)"], ["other", "Other panels"]];
  const UNITS = {ratio: "a share, shown in %", hours: "hours", days: "days", minutes: "minutes", count: "a count",
    per_day: "per day", per_1k: "per 1,000 commits", risk: "weighted risk points", level: "ELITE / HIGH / MEDIUM / LOW",
    list: "a list", text: "text"};
  const root = document.getElementById("definitions");
  for (const [group, title] of GROUPS) {
    const entries = Object.entries(DEFS).filter(([, d]) => d.group === group);
    root.append(el("h2", {}, title), ...entries.map(([name, d]) => el("section", {id: name},
      el("h3", {}, d.label, " ", el("code", {}, name)),
      el("p", {}, d.def),
      el("p", {class: "note"}, `Unit: ${UNITS[d.unit] || d.unit}.`,
        d.better ? ` ${d.better === "up" ? "Higher" : "Lower"} is better.` : "",
        d.none ? ` Shown as “—” when ${d.none}.` : ""))));
  }
  if (location.hash) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }
})();
