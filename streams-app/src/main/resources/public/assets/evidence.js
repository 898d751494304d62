"use strict";
// Issue 19 item 4 on the dashboard: figures from fewer than report.min.sample events are marked, and each
// talking point of the report shows the figures it states. Text goes in through DSM.el (textContent) only.
const DSM_EVIDENCE = (() => {
  const {el, isNum} = DSM;
  const words = key => String(key).replaceAll("_", " ");

  /**
   * The events behind a card's rate or percentile when they are fewer than report.min.sample (the metrics
   * answer's samples and min_sample), so a figure from a handful of events is not read like a trend.
   */
  function lowSample(spec, sampled) {
    if (!spec.sample || !sampled || !sampled.samples || !isNum(sampled.min)) return null;
    const n = sampled.samples[spec.sample];
    return isNum(n) && n > 0 && n < sampled.min ? n : null;
  }

  /** The figures a talking point states, beside it, so the words can be checked against the numbers. */
  function talkingPointEvidence(point) {
    if (!point || !point.figures) return null;
    const value = v => v !== null && typeof v === "object" ? Object.entries(v).map(([k, x]) => `${words(k)} ${value(x)}`).join(", ")
      : isNum(v) && !Number.isInteger(v) ? v.toFixed(3) : v === null || v === undefined ? "n/a" : String(v);
    return el("div", {class: "evidence"}, "evidence: ", Object.entries(point.figures).map(([k, v]) => `${words(k)} ${value(v)}`).join(" · "));
  }

  /** The report's figures from fewer than report.min.sample events: shown, but not judged. */
  function lowSampleList(report) {
    const low = report.low_sample || [];
    if (!low.length) return null;
    return [el("h4", {}, `Low-sample figures (fewer than ${report.min_sample} events: no verdict is drawn from them)`),
      el("ul", {class: "low-sample", id: "report-low-sample"}, low.map(l =>
        el("li", {}, `${l.scope} ${l.month}: ${words(l.figure)} — low sample (n=${l.n} ${words(l.sample)})`)))];
  }

  return {lowSample, talkingPointEvidence, lowSampleList};
})();
