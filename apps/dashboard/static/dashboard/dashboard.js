// The MED dashboard: every number read from the dashboard API with the viewer's session.
(function () {
  "use strict";
  const API = "/api/v1/dashboard/";
  const ADMIN = document.body.dataset.admin;
  const WALL = document.body.classList.contains("wall");
  const PHASES = {
    identification: "Identificering", involvement: "Inddragelse", prioritisation: "Prioritering og handling",
    communication: "Kommunikation", follow_up: "Opfølgning", closed: "Afsluttet",
  };
  // What a unit can lack, in Danish: the organisation view's own names (apps/reports/organisation.py
  // GAPS), which the page carries, so that the two never differ.
  const GAPS = JSON.parse(document.getElementById("mangler").dataset.gaps);
  const STATUSES = { planned: "Planlagt", in_progress: "I gang", done: "Udført", cancelled: "Annulleret" };
  const CONFIDENTIAL = "Fortrolige";
  const PLOT_CONFIG = { displayModeBar: false, responsive: true, staticPlot: true };
  const select = document.getElementById("unit");
  const statusLine = document.getElementById("status");
  const dateFmt = new Intl.DateTimeFormat("da-DK", { day: "numeric", month: "short", year: "numeric" });
  const longDateFmt = new Intl.DateTimeFormat("da-DK", { day: "numeric", month: "long", year: "numeric" });
  const shortDateFmt = new Intl.DateTimeFormat("da-DK", { day: "numeric", month: "short" });

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) node.setAttribute(k, v); });
    (children || []).forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
  }
  function link(href, text, testid) { return el("a", { href: href, "data-testid": testid }, [text]); }
  function query(params) { return new URLSearchParams(params).toString(); }
  function day(iso) { return iso ? dateFmt.format(new Date(iso + "T00:00:00")) : "–"; }
  function longDay(iso) { return longDateFmt.format(new Date(iso + "T00:00:00")); }
  function shortDay(iso) { return shortDateFmt.format(new Date(iso + "T00:00:00")); }
  function daysFrom(iso) { return Math.round((new Date(iso + "T00:00:00") - new Date(new Date().toDateString())) / 86400000); }

  // The list behind a number: the admin's list for the whole scope, the API's (which knows the
  // unit subtree) when a unit is picked.
  function actionsList(unit, filters) {
    if (!unit) { return ADMIN + "actions/action/?" + query(filters.admin); }
    return "/api/v1/actions/?" + query(Object.assign({ unit: unit }, filters.api));
  }
  function findingsList(unitId, extra) {
    return ADMIN + "findings/finding/?" + query(Object.assign(
      { kind__exact: "risk", status__in: "open,confirmed", confidential__exact: "0" },
      unitId ? { assessment__unit__id__exact: unitId } : {}, extra));
  }
  // Totals over the picked unit's subtree: the API's findings list knows the subtree.
  function findingsTotalList(unit, admin, api) {
    if (!unit) { return findingsList(null, admin); }
    const params = new URLSearchParams({ unit: unit, kind: "risk", confidential: "false" });
    params.append("status", "open");
    params.append("status", "confirmed");
    Object.entries(api).forEach(([k, v]) => params.append(k, v));
    return "/api/v1/findings/?" + params.toString();
  }
  function assessmentLink(id) { return ADMIN + "assessments/assessment/" + id + "/change/"; }
  function fill(tableId, rows) {
    const body = document.querySelector("#" + tableId + " tbody");
    body.replaceChildren(...rows);
  }
  function emptyRow(cols, text) { return el("tr", {}, [el("td", { colspan: cols }, [text])]); }
  function getJson(url, name) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => { if (!r.ok) { throw new Error(name + ": " + r.status); } return r.json(); });
  }
  function fetchJson(panel, unit, extra) {
    const params = Object.assign(unit ? { unit: unit } : {}, extra || {});
    return getJson(API + panel + "/?" + query(params), panel);
  }
  // Every page of an API list, 200 rows a page (the pagination's cap), as one page. `params` are
  // [name, value] pairs, so a name can repeat. Each `next` is followed on this origin: behind a
  // proxy the server may not know the address the browser used.
  function fetchAll(path, name, params) {
    const results = [];
    function more(url) {
      return getJson(url, name).then((page) => {
        results.push(...page.results);
        if (!page.next) { return { count: page.count, results: results }; }
        const next = new URL(page.next, location.href);
        return more(next.pathname + next.search);
      });
    }
    return more(path + "?" + query(params.concat([["page_size", 200]])));
  }
  function plot(id, traces, layout) {
    const base = { margin: { t: 10, r: 10, b: 60, l: 60 }, font: { family: "system-ui, sans-serif", size: 14, color: "#1a1a1a" },
                   paper_bgcolor: "#fff", plot_bgcolor: "#fff", autosize: true };
    Plotly.react(id, traces, Object.assign(base, layout || {}), PLOT_CONFIG);
  }

  // Whole numbers on a count axis: ticks of 1, or of a round step once the counts are large.
  function countAxis(values, title) {
    const top = Math.max(1, ...values);
    return { title: { text: title }, rangemode: "tozero", tickformat: "d", dtick: Math.max(1, Math.ceil(top / 6)) };
  }

  function drawSummary(s, unit) {
    const overdue = document.getElementById("kpi-overdue");
    overdue.textContent = s.overdue_actions;
    // Colour only where something is wrong: a zero is not an alarm.
    overdue.closest("li").classList.toggle("is-late", s.overdue_actions > 0);
    overdue.href = actionsList(unit, { admin: { overdue: "yes" }, api: { overdue: "true" } });
    document.getElementById("kpi-revisions").textContent = s.revisions_due_90_days;
    // Concerns are confidential between the sender and the AMR: counted here, never linked.
    const concerns = document.getElementById("kpi-concerns");
    concerns.textContent = s.open_concerns;
    concerns.closest("li").classList.toggle("is-late", s.concerns_waiting_long > 0);
    document.getElementById("kpi-concerns-note").textContent = s.concerns_waiting_long > 0
      ? "heraf " + s.concerns_waiting_long + " ventet over 14 dage"
      : "tælles, men vises kun for AMR og koordinator";
    const ontime = document.getElementById("kpi-ontime");
    ontime.textContent = s.on_time_rate === null ? "–" : Math.round(s.on_time_rate * 100) + " %";
    ontime.href = actionsList(unit, { admin: { status__exact: "done" }, api: { status: "done" } });
    const statuses = Object.keys(STATUSES);
    const labels = statuses.map((k) => STATUSES[k]).concat(["Forfaldne"]);
    const values = statuses.map((k) => s.actions_by_status[k]).concat([s.overdue_actions]);
    plot("chart-actions", [{ type: "bar", x: labels, y: values, marker: { color: ["#3b6ea5", "#3b6ea5", "#2e7d32", "#6b6b6b", "#a4161a"] },
                             text: values.map(String), textposition: "auto" }], { yaxis: countAxis(values, "Antal tiltag"), xaxis: { automargin: true } });
    fill("table-actions", statuses.map((k) => el("tr", {}, [
      el("th", { scope: "row" }, [STATUSES[k]]),
      el("td", { class: "num" }, [link(actionsList(unit, { admin: { status__exact: k }, api: { status: k } }), s.actions_by_status[k], "actions-" + k)]),
    ])).concat([el("tr", {}, [
      el("th", { scope: "row" }, ["Forfaldne (åbne efter fristen)"]),
      el("td", { class: "num" }, [link(actionsList(unit, { admin: { overdue: "yes" }, api: { overdue: "true" } }), s.overdue_actions, "actions-overdue")]),
    ])]));
  }

  function drawUnits(rows) {
    const counts = Object.keys(PHASES).map((p) => rows.filter((r) => r.phase === p).length);
    plot("chart-phases", [{ type: "bar", x: Object.values(PHASES), y: counts, marker: { color: "#3b6ea5" },
                            text: counts.map(String), textposition: "auto" }], { yaxis: countAxis(counts, "Antal enheder"), xaxis: { automargin: true } });
    fill("table-units", rows.length ? rows.map((r) => el("tr", {}, [
      el("th", { scope: "row" }, [r.unit_name]),
      el("td", {}, [link(assessmentLink(r.assessment), r.title)]),
      el("td", {}, [PHASES[r.phase] || r.phase]),
      el("td", { class: "num" }, [link(ADMIN + "actions/action/?" + query({ overdue: "yes", finding__assessment__unit__id__exact: r.unit }), r.overdue_actions, "unit-overdue-" + r.unit)]),
      el("td", { class: r.revision_overdue ? "late-text" : null }, [day(r.next_revision_due) + (r.revision_overdue ? " (overskredet)" : "")]),
    ])) : [emptyRow(5, "Ingen APV'er i det valgte område.")]);
  }

  function drawHeatmap(h, unit) {
    const cols = h.domains.map((d) => ({ code: d.code, label: d.label })).concat([{ code: "confidential", label: CONFIDENTIAL }]);
    const risks = h.legal_risks.map((d) => ({ code: d.code, label: d.label })).concat([{ code: "confidential", label: CONFIDENTIAL }]);
    document.getElementById("kpi-risks").textContent = h.totals.total;
    if (h.rows.length) {
      plot("chart-heatmap", [{ type: "heatmap", x: cols.map((c) => c.label), y: h.rows.map((r) => r.unit_name),
                               z: h.rows.map((r) => cols.map((c) => r.by_domain[c.code])), colorscale: [[0, "#fffbe6"], [0.5, "#f59e42"], [1, "#9e1b10"]], showscale: true,
                               texttemplate: "%{z}", xgap: 2, ygap: 2 }],
           { margin: { t: 10, r: 10, b: 140, l: 200 }, yaxis: { autorange: "reversed", automargin: true }, xaxis: { automargin: true } });
    } else {
      Plotly.purge("chart-heatmap");
    }
    const table = document.getElementById("table-heatmap");
    table.tHead.replaceChildren(el("tr", {}, [el("th", { scope: "col" }, ["Enhed"])]
      .concat(cols.map((c) => el("th", { scope: "col", class: "num" }, [c.label])))
      .concat([el("th", { scope: "col", class: "num" }, ["I alt"])])));
    function cell(unitId, code, n, testid) {
      if (code === "confidential" || n === 0) { return el("td", { class: "num", "data-testid": testid }, [n]); }
      const href = unitId ? findingsList(unitId, { factor__domain__exact: code })
        : findingsTotalList(unit, { factor__domain__exact: code }, { domain: code });
      return el("td", { class: "num" }, [link(href, n, testid)]);
    }
    fill("table-heatmap", h.rows.length ? h.rows.map((r) => el("tr", {}, [el("th", { scope: "row" }, [r.unit_name])]
      .concat(cols.map((c) => cell(r.unit, c.code, r.by_domain[c.code], "heat-" + r.unit + "-" + c.code)))
      .concat([el("td", { class: "num" }, [r.total])]))) : [emptyRow(cols.length + 2, "Ingen åbne risici.")]);
    table.tFoot.replaceChildren(el("tr", {}, [el("th", { scope: "row" }, ["I alt"])]
      .concat(cols.map((c) => cell(null, c.code, h.totals.by_domain[c.code], "heat-total-" + c.code)))
      .concat([el("td", { class: "num", "data-testid": "heat-total" }, [h.totals.total])])));

    const values = risks.map((r) => h.totals.by_legal_risk[r.code]);
    plot("chart-legal", [{ type: "bar", orientation: "h", y: risks.map((r) => r.label), x: values, marker: { color: "#8c3b00" },
                           text: values.map(String), textposition: "auto" }],
         { margin: { t: 10, r: 10, b: 40, l: 20 }, yaxis: { autorange: "reversed", automargin: true }, xaxis: countAxis(values, "") });
    fill("table-legal", risks.map((r) => el("tr", {}, [
      el("th", { scope: "row" }, [r.label]),
      r.code === "confidential" || !h.totals.by_legal_risk[r.code]
        ? el("td", { class: "num" }, [h.totals.by_legal_risk[r.code]])
        : el("td", { class: "num" }, [link(findingsTotalList(unit, { factor__legal_risk__exact: r.code }, { legal_risk: r.code }), h.totals.by_legal_risk[r.code], "legal-" + r.code)]),
    ])));
  }

  // Survey scores, 0-100, as the API gives them ("68.0"): a decimal comma in the table, whole
  // numbers in the chart.
  function comma(score) { return String(score).replace(".", ","); }
  function whole(score) { return String(Math.round(parseFloat(score))); }
  // Coloured by how good a score is, so that red always marks a problem: where a high score is
  // the problem (stress, workload) the scale is turned round.
  function goodness(factor, score) { const s = parseFloat(score); return factor.higher_is_better ? s : 100 - s; }

  // Factors down, units across: 24 factor names read better than rotated ones. Each cell says
  // the score and the one before where there is room, the score alone where that fits, and on
  // a narrow phone only the colour (the table below has every number).
  function drawSurveyChart(s) {
    const chart = document.getElementById("chart-survey");
    // The wall leaves the panel out (its screen is full): nothing to draw there.
    chart.hidden = WALL || !s.survey || !s.rows.length;
    if (chart.hidden) { Plotly.purge(chart); return; }
    const before = s.previous_survey ? s.previous_survey.conducted_on.slice(0, 4) : null;
    const narrow = chart.clientWidth < 600;
    const column = (chart.clientWidth - (narrow ? 140 : 260)) / s.rows.length;
    const cells = s.factors.map((f) => s.rows.map((r) => r.cells[f.code] || null));
    function text(c) {
      if (!c || column < 26) { return ""; }
      return whole(c.score) + (column >= 100 && before && c.previous !== null ? " (" + before + ": " + whole(c.previous) + ")" : "");
    }
    const colorbar = narrow
      ? { orientation: "h", x: 0, xanchor: "left", y: -0.02, yanchor: "top", len: 1, thickness: 12 }
      : { y: 1, yanchor: "top", len: 0.5, thickness: 14 };
    // Unit names level and wrapped where the columns are wide, upright where they are not: a
    // fixed angle, as plotly's own choice can flip between the two while it fits its margins.
    const level = column >= 90;
    plot("chart-survey", [{
      type: "heatmap", x: s.rows.map((r) => (level ? wrap(r.unit_name, 12) : r.unit_name)), y: s.factors.map(surveyLabel),
      z: cells.map((row, i) => row.map((c) => (c ? goodness(s.factors[i], c.score) : null))),
      text: cells.map((row) => row.map(text)), texttemplate: "%{text}", textfont: { size: 12 },
      zmin: 0, zmax: 100, xgap: 2, ygap: 2,
      colorscale: [[0, "#9e1b10"], [0.3, "#e8743b"], [0.5, "#fbf3d5"], [0.7, "#8fb8de"], [1, "#1f4e89"]],
      colorbar: Object.assign({ tickvals: [0, 50, 100], ticktext: ["Problem", "", "Godt"] }, colorbar),
    }], { height: s.factors.length * (narrow ? 24 : 28) + (narrow ? 220 : 150), margin: { t: 10, r: 10, b: narrow ? 50 : 10, l: 10 },
          font: { family: "system-ui, sans-serif", size: narrow ? 12 : 14, color: "#1a1a1a" },
          yaxis: { autorange: "reversed", automargin: true }, xaxis: { side: "top", automargin: true, tickangle: level ? 0 : -90 } });
  }
  // Words on lines of about `width` characters, for a chart label.
  function wrap(text, width) {
    return text.split(" ").reduce((lines, word) => {
      const last = lines[lines.length - 1];
      if (last && (last + " " + word).length <= width) { lines[lines.length - 1] = last + " " + word; } else { lines.push(word); }
      return lines;
    }, []).join("<br>");
  }
  // A factor where a high score is the problem is marked, in the chart and in the table.
  function surveyLabel(f) { return f.name + (f.higher_is_better ? "" : " *"); }

  let lastSurvey = null;
  function drawSurvey(s, domains) {
    lastSurvey = s;
    const title = document.getElementById("trivsel-h");
    document.getElementById("survey-none").hidden = Boolean(s.survey);
    document.getElementById("survey-content").hidden = !s.survey;
    drawSurveyChart(s);
    if (!s.survey) { title.textContent = "Trivselsmåling"; return; }
    const name = s.survey.name;
    title.textContent = (/^trivselsmåling/i.test(name) ? name : "Trivselsmåling: " + name) + ", " + longDay(s.survey.conducted_on);
    const before = s.previous_survey ? s.previous_survey.conducted_on.slice(0, 4) : null;

    // The table: units down, factors across under their domain.
    const names = Object.fromEntries(domains.map((d) => [d.code, d.label]));
    const groups = [];
    s.factors.forEach((f) => {
      const last = groups[groups.length - 1];
      if (last && last.domain === f.domain) { last.span += 1; } else { groups.push({ domain: f.domain, span: 1 }); }
    });
    const table = document.getElementById("table-survey");
    table.querySelectorAll("colgroup").forEach((c) => c.remove());
    table.tHead.before(...[el("colgroup", { span: 1 })].concat(groups.map((g) => el("colgroup", { span: g.span }))));
    table.tHead.replaceChildren(...(s.factors.length ? [
      el("tr", {}, [el("th", { scope: "col", rowspan: 2 }, ["Enhed"])]
        .concat(groups.map((g) => el("th", { scope: "colgroup", colspan: g.span }, [names[g.domain] || g.domain])))),
      el("tr", {}, s.factors.map((f) => el("th", { scope: "col", class: "num" }, f.higher_is_better ? [f.name]
        : [f.name, el("span", { "aria-hidden": "true" }, ["\u00a0*"]), el("span", { class: "sr-only" }, [" (en høj score er et problem)"])]))),
    ] : [el("tr", {}, [el("th", { scope: "col" }, ["Enhed"])])]));
    document.getElementById("survey-caption").textContent = name + ": score (0–100) pr. enhed og faktor"
      + (s.previous_survey ? ", med tallet fra " + s.previous_survey.name + " under" : "");
    // Indented by depth below the topmost unit shown, so the rows read as the tree.
    const top = Math.min(...s.rows.map((r) => r.path.split("/").length));
    fill("table-survey", s.rows.length ? s.rows.map((r) => el("tr", { "data-testid": "survey-row-" + r.unit }, [
      el("th", { scope: "row", class: "depth-" + Math.min(4, r.path.split("/").length - top) }, [r.unit_name]),
    ].concat(s.factors.map((f) => {
      const c = r.cells[f.code];
      if (!c) { return el("td", { class: "num" }, ["–"]); }
      const prev = before && c.previous !== null ? before + ": " + comma(c.previous) : "";
      return el("td", { class: "num", "data-testid": "survey-" + r.unit + "-" + f.code },
        [comma(c.score)].concat(prev ? [el("span", { class: "prev" }, [prev])] : []));
    })))) : [emptyRow(s.factors.length + 1, "Ingen tal, der må vises, for det valgte område.")]);
  }

  // Units without an APV and APVs standing still: the longest still first, then the units
  // without one (the API's order), at most GAPS_SHOWN of them; the admin's organisation page
  // has them all.
  const GAPS_SHOWN = 50;
  // What an APV lacks, in the order the table names it: what the panel is about first. Not what
  // the MED's own work lacks (its annual review): the same on every unit under one committee.
  const APV_GAPS = ["no_apv", "stalled", "revision_overdue", "revision_due", "plan_not_approved", "note_missing"];
  function drawGaps(page) {
    document.getElementById("gaps-count").textContent = "(" + page.count + ")";
    document.getElementById("gaps-none").hidden = page.count > 0;
    document.getElementById("gaps-content").hidden = page.count === 0;
    const lacks = (r) => APV_GAPS.filter((g) => r.gaps.includes(g)).map((g) => GAPS[g] || g).join(", ");
    fill("table-gaps", page.results.slice(0, GAPS_SHOWN).map((r) => el("tr", { "data-testid": "gaps-" + r.unit }, [
      el("th", { scope: "row" }, [r.unit_name]),
      el("td", {}, [lacks(r)]),
      el("td", {}, r.assessment ? [link(assessmentLink(r.assessment), PHASES[r.phase] || r.phase)] : ["–"]),
      el("td", { class: "num" }, [r.days_in_phase === null ? "–" : r.days_in_phase]),
    ])));
    const rest = page.count - Math.min(page.count, GAPS_SHOWN);
    document.getElementById("gaps-more").textContent = rest > 0 ? "… og " + rest + " flere. " : "";
  }

  // The newest round the viewer can see: its APVs per phase against the date each phase was
  // planned done by, and those behind the plan, at most ROUND_SHOWN of them (the round's admin
  // page has them all).
  const ROUND_SHOWN = 50;
  function fetchRound() {
    return getJson("/api/v1/rounds/?" + query({ page_size: 1 }), "rounds").then((page) => {
      const round = page.results[0];
      if (!round) { return { round: null }; }
      return getJson("/api/v1/rounds/" + round.id + "/progress/", "progress").then((progress) => ({ round: round, progress: progress }));
    });
  }
  let lastRound = null;
  function drawRound(r, unit) {
    lastRound = [r, unit];
    const title = document.getElementById("runden-h");
    const chart = document.getElementById("chart-round");
    document.getElementById("round-none").hidden = Boolean(r.round);
    document.getElementById("round-content").hidden = !r.round;
    if (!r.round) { title.textContent = "Runden"; Plotly.purge(chart); return; }
    const round = r.round;
    const p = r.progress;
    title.textContent = "Runden: " + round.title;
    const option = select.querySelector('option[value="' + CSS.escape(String(round.unit)) + '"]');
    const where = option ? " for " + option.text.trim() + " og enhederne under den" : "";
    document.getElementById("round-dates").textContent = "Startet " + longDay(round.started_on) + where
      + ". Opfølgningen skal være færdig senest " + longDay(round.follow_up_by) + ".";
    document.getElementById("round-scope").hidden = !unit;
    document.getElementById("round-link").href = ADMIN + "assessments/round/" + round.id + "/change/";

    const phases = Object.keys(PHASES);
    const planned = (phase) => round[phase + "_by"] || null;
    const behind = phases.map((phase) => p.behind.filter((b) => b.phase === phase).length);
    const onPlan = phases.map((phase, i) => p.by_phase[phase] - behind[i]);
    // The phase on one line, when it is planned done by on the next; on a phone the phase wraps
    // too, so that the bars keep most of the width.
    const narrow = chart.clientWidth < 500;
    const labels = phases.map((phase) => (narrow ? wrap(PHASES[phase], 14) : PHASES[phase])
      + (planned(phase) ? "<br>(senest " + shortDay(planned(phase)) + ")" : ""));
    const shown = (values) => values.map((v) => (v ? String(v) : ""));
    const bar = { type: "bar", orientation: "h", y: labels, textposition: "inside", textangle: 0, insidetextanchor: "middle" };
    plot("chart-round", [
      Object.assign({ name: "Efter planen", x: onPlan, marker: { color: "#3b6ea5" }, text: shown(onPlan) }, bar),
      Object.assign({ name: "Bagud", x: behind, marker: { color: "#a4161a" }, text: shown(behind) }, bar),
    ], { barmode: "stack", height: phases.length * (narrow ? 56 : 46) + 90, margin: { t: 10, r: 10, b: 40, l: 10 }, showlegend: true,
         legend: { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom", traceorder: "normal" },
         yaxis: { autorange: "reversed", automargin: true }, xaxis: countAxis(phases.map((phase) => p.by_phase[phase]), "") });
    fill("table-round", phases.map((phase, i) => el("tr", { "data-testid": "round-" + phase }, [
      el("th", { scope: "row" }, [PHASES[phase]]),
      el("td", { class: "num" }, [p.by_phase[phase]]),
      el("td", { class: behind[i] ? "num late-text" : "num" }, [behind[i]]),
      el("td", {}, [planned(phase) ? day(planned(phase)) : "–"]),
    ])).concat([el("tr", {}, [
      el("th", { scope: "row" }, ["I alt"]),
      el("td", { class: "num" }, [p.assessments]),
      el("td", { class: "num" }, [p.behind.length]),
      el("td", {}, []),
    ])]));

    document.getElementById("round-behind-count").textContent = "(" + p.behind.length + ")";
    document.getElementById("round-behind-none").hidden = p.behind.length > 0;
    const list = document.getElementById("round-behind");
    list.hidden = !p.behind.length;
    list.replaceChildren(...p.behind.slice(0, ROUND_SHOWN).map((b) => el("li", {}, [
      link(assessmentLink(b.assessment), b.unit_name, "round-behind-" + b.assessment),
      " – " + (PHASES[b.phase] || b.phase) + (planned(b.phase) ? ", skulle være færdig " + day(planned(b.phase)) : ""),
    ])));
    const rest = p.behind.length - Math.min(p.behind.length, ROUND_SHOWN);
    document.getElementById("round-behind-more").textContent = rest > 0 ? "… og " + rest + " flere. " : "";
  }

  function drawApprovals(rows) {
    const waiting = rows.filter((r) => r.awaiting_approval);
    fill("table-approvals", waiting.length ? waiting.map((r) => el("tr", {}, [
      el("th", { scope: "row" }, [r.unit_name]),
      el("td", {}, [link(ADMIN + "assessments/assessment/" + r.assessment + "/approve-plan/", r.title, "approval-" + r.assessment)]),
    ])) : [emptyRow(2, "Ingen handlingsplaner venter på godkendelse.")]);
  }

  function drawOverdue(page) {
    fill("table-overdue", page.results.length ? page.results.map((a) => el("tr", {}, [
      el("td", {}, [a.unit_name]),
      el("th", { scope: "row" }, [link(ADMIN + "actions/action/" + a.id + "/change/", a.title)]),
      el("td", {}, [a.owner_name || "Ingen ansvarlig"]),
      el("td", {}, [day(a.due_on)]),
      el("td", { class: "num" }, [-daysFrom(a.due_on)]),
    ])) : [emptyRow(5, "Ingen forfaldne tiltag, du kan se.")]);
    document.getElementById("overdue-more").textContent = page.count > page.results.length
      ? "Viser " + page.results.length + " af " + page.count + "." : "";
  }

  function drawRevisions(page) {
    fill("table-revisions", page.results.length ? page.results.map((r) => {
      const left = daysFrom(r.next_revision_due);
      return el("tr", {}, [
        el("th", { scope: "row" }, [r.unit_name]),
        el("td", {}, [link(assessmentLink(r.assessment), r.title)]),
        el("td", {}, [PHASES[r.phase] || r.phase]),
        el("td", {}, [day(r.next_revision_due)]),
        el("td", { class: left < 0 ? "late-text" : null }, [left < 0 ? "Overskredet med " + -left + " dage" : "Om " + left + " dage"]),
      ]);
    }) : [emptyRow(5, "Ingen APV'er skal revideres inden for 90 dage.")]);
  }

  function load() {
    const unit = select.value;
    statusLine.textContent = "Henter tal …";
    document.body.removeAttribute("data-loaded");
    return Promise.all([
      fetchJson("summary", unit), fetchJson("units", unit), fetchJson("heatmap", unit),
      fetchJson("overdue", unit, { page_size: 200 }), fetchJson("revisions", unit, { page_size: 200 }),
      fetchJson("survey-heatmap", unit),
      // The wall leaves the panel out (its screen is full): nothing to fetch there.
      WALL ? null : fetchAll("/api/v1/organisation/", "organisation",
        [["gap", "no_apv"], ["gap", "stalled"], ["ordering", "days_in_phase"]].concat(unit ? [["unit", unit]] : [])),
      // The newest round, whichever unit is picked (rounds are few); not on the wall either.
      WALL ? null : fetchRound(),
    ]).then(([summary, units, heatmap, overdue, revisions, survey, gaps, round]) => {
      drawSummary(summary, unit);
      drawUnits(units);
      drawApprovals(units);
      drawHeatmap(heatmap, unit);
      drawOverdue(overdue);
      drawRevisions(revisions);
      drawSurvey(survey, heatmap.domains);
      if (gaps) { drawGaps(gaps); }
      if (round) { drawRound(round, unit); }
      const name = select.options[select.selectedIndex].text.trim();
      const time = new Date().toLocaleTimeString("da-DK", { hour: "2-digit", minute: "2-digit" });
      statusLine.textContent = "Tal for " + name + ", hentet kl. " + time + ".";
      document.body.setAttribute("data-loaded", "true");
    }).catch((err) => {
      statusLine.textContent = "Tallene kunne ikke hentes (" + err.message + "). Prøv at genindlæse siden.";
    });
  }

  // The survey chart chooses how much each cell says by its width, the round's chart how it
  // wraps its labels: redraw when that changes.
  let width = window.innerWidth;
  let resizing = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      if (window.innerWidth === width) { return; }
      width = window.innerWidth;
      if (lastSurvey) { drawSurveyChart(lastSurvey); }
      if (lastRound) { drawRound(...lastRound); }
    }, 300);
  });

  const initial = new URLSearchParams(location.search).get("unit");
  if (initial && select.querySelector('option[value="' + CSS.escape(initial) + '"]')) { select.value = initial; }
  select.addEventListener("change", () => {
    const url = new URL(location.href);
    if (select.value) { url.searchParams.set("unit", select.value); } else { url.searchParams.delete("unit"); }
    history.replaceState(null, "", url);
    load();
  });
  load();
  // The wall screen stays on: refresh every five minutes (every two on the wall).
  setInterval(load, (WALL ? 2 : 5) * 60 * 1000);
})();
