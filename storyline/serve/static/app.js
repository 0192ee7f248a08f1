"use strict";
// The storyline page: hash routes over the read-only API. Every piece of stored text reaches the
// page through text nodes (never as HTML), so an article's markup is shown, not run.

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "STATEMENT",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const SVG = "http://www.w3.org/2000/svg";
let L = {};
let lang = localStorage.getItem("storyline.lang") || "vi";

function t(key) { return L[key] || key; }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children) node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function href(...parts) {
  const [path, params] = parts.length && typeof parts[parts.length - 1] === "object" ? [parts.slice(0, -1), parts[parts.length - 1]] : [parts, null];
  let h = "#/" + path.map((p) => encodeURIComponent(String(p))).join("/");
  if (params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
    if ([...qs].length) h += "?" + qs.toString();
  }
  return h;
}

function link(text, h, cls) { return el("a", { href: h, class: cls }, text); }

function safeUrl(u) {
  try { const url = new URL(u); return ["http:", "https:"].includes(url.protocol) ? url.href : null; } catch (e) { return null; }
}

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  const res = await fetch("/api/" + path + ([...qs].length ? "?" + qs : ""));
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(typeof body.detail === "string" ? body.detail : res.status + " " + res.statusText);
  return body;
}

// text [base, base + text.length) with marks [{start, end, kind, title, href}] (document offsets)
function marked(text, base, marks) {
  const frag = document.createDocumentFragment();
  const chosen = [];
  for (const m of [...marks].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const s = Math.max(m.start, base), e = Math.min(m.end, base + text.length);
    if (e <= s || (chosen.length && s < chosen[chosen.length - 1].e)) continue;
    chosen.push({ s, e, m });
  }
  let pos = base;
  for (const { s, e, m } of chosen) {
    if (s > pos) frag.appendChild(document.createTextNode(text.slice(pos - base, s - base)));
    const piece = text.slice(s - base, e - base);
    const node = m.href ? el("a", { href: m.href, class: "mark " + m.kind, title: m.title }, piece)
      : el("mark", { class: m.kind, title: m.title }, piece);
    frag.appendChild(node);
    pos = e;
  }
  if (pos < base + text.length) frag.appendChild(document.createTextNode(text.slice(pos - base)));
  return frag;
}

function pager(data, route, params) {
  const box = el("div", { class: "pager" });
  const lim = data.limit, off = data.offset;
  if (off > 0) box.appendChild(link("← " + t("previous"), href(...route, { ...params, offset: Math.max(0, off - lim) })));
  box.appendChild(el("span", { class: "muted" }, t("showing") + " " + (data.items.length ? off + 1 : 0) + "–" + (off + data.items.length)));
  if (data.has_more) box.appendChild(link(t("next") + " →", href(...route, { ...params, offset: off + lim })));
  return box;
}

function filterForm(route, params, fields) {
  const form = el("form", { class: "filters" });
  for (const f of fields) {
    const id = "f-" + f;
    let input;
    if (f === "type") {
      input = el("select", { id, name: f }, el("option", { value: "" }, t("any_type")),
        TYPES.map((ty) => el("option", { value: ty, selected: params[f] === ty }, ty)));
    } else {
      input = el("input", { id, name: f, value: params[f] || "", placeholder: t("ph_" + f), size: f === "q" ? 30 : 14 });
    }
    form.appendChild(el("label", { for: id }, el("span", {}, t("filter_" + f)), input));
  }
  form.appendChild(el("button", { type: "submit" }, t("apply")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = {};
    for (const f of fields) next[f] = form.elements[f].value.trim();
    location.hash = href(...route, next);
  });
  return form;
}

function eventRow(ev) {
  const actors = el("td", {}, (ev.actors || []).join(", "));
  return el("tr", {},
    el("td", { class: "nowrap" }, ev.date || "?"),
    el("td", {}, el("span", { class: "tag t-" + ev.type }, ev.type), " ", el("span", { class: "muted" }, ev.mode || "")),
    el("td", {}, ev.location || ""),
    actors,
    el("td", { class: "num" }, String(ev.num_sources)),
    el("td", {}, link(ev.summary || ev.id, href("event", ev.id))));
}

function eventTable(items) {
  if (!items.length) return el("p", { class: "empty" }, t("no_events"));
  return el("table", { class: "events" },
    el("thead", {}, el("tr", {}, ["col_date", "col_type", "col_place", "col_actors", "col_sources", "col_summary"].map((k) => el("th", {}, t(k))))),
    el("tbody", {}, items.map(eventRow)));
}

// -- views ---------------------------------------------------------------------------------------
async function viewTimeline(view, params) {
  view.appendChild(el("h1", {}, t("timeline_title")));
  view.appendChild(filterForm(["timeline"], params, ["entity", "dyad", "from", "to", "type"]));
  const data = await api("timeline", { ...params, limit: 50 });
  view.appendChild(eventTable(data.items));
  view.appendChild(pager(data, ["timeline"], params));
}

async function viewSearch(view, params) {
  view.appendChild(el("h1", {}, t("search_title")));
  view.appendChild(filterForm(["search"], params, ["q", "entity", "from", "to", "type"]));
  if (!params.q) return;
  const data = await api("search", { ...params, limit: 20 });
  if (!data.items.length) { view.appendChild(el("p", { class: "empty" }, t("no_results"))); return; }
  const list = el("ol", { class: "hits", start: data.offset + 1 });
  for (const hit of data.items) {
    const sn = hit.snippet;
    const marks = hit.highlights.map(([s, e]) => ({ start: s, end: e, kind: "hit" }));
    list.appendChild(el("li", { class: "hit" },
      el("div", { class: "meta" }, link(hit.doc, href("doc", hit.doc, { s: hit.start, e: hit.end })), " · ",
        hit.published || t("undated"), hit.title ? " · " : "", hit.title || ""),
      el("p", { class: "snippet" }, sn.start > hit.start ? "…" : "", marked(sn.text, sn.start, marks),
        sn.end < hit.end ? "…" : "")));
  }
  view.appendChild(list);
  view.appendChild(pager(data, ["search"], params));
}

function citation(c) {
  return el("figure", { class: "citation" },
    el("blockquote", {}, marked(c.text, c.sentence_start, [{ start: c.start, end: c.end, kind: "answer" }])),
    el("figcaption", {}, link(c.doc, href("doc", c.doc, { s: c.start, e: c.end })), " · ", c.published || t("undated"),
      " · " + t("sentence") + " " + c.sentence + " · " + t("chars") + " " + c.start + "–" + c.end));
}

async function viewAsk(view, params) {
  view.appendChild(el("h1", {}, t("ask_title")));
  view.appendChild(filterForm(["ask"], params, ["q"]));
  if (!params.q) return;
  const data = await api("ask", { q: params.q, limit: 5 });
  view.appendChild(el("p", { class: "muted" }, t("kind") + ": " + t("kind_" + data.kind)));
  if (!data.answers.length) { view.appendChild(el("p", { class: "empty noanswer" }, t("no_answer"))); return; }
  for (const a of data.answers) {
    const head = a.event ? link(String(a.answer), href("event", a.event)) : String(a.answer);
    view.appendChild(el("section", { class: "answer card" }, el("h2", {}, head), a.citations.map(citation)));
  }
}

async function viewEvent(view, [id]) {
  const ev = await api("events/" + encodeURIComponent(id));
  const ent = (name) => ev.links[name] ? link(name, href("entity", ev.links[name])) : el("span", {}, name);
  const join = (names) => names.length ? names.flatMap((n, i) => (i ? [", ", ent(n)] : [ent(n)])) : ["—"];
  const dyad = ev.actors.length >= 2 ? link(t("dyad_chart"), href("dyad", ev.actors[0], ev.actors[1])) : null;
  view.appendChild(el("h1", {}, el("span", { class: "tag t-" + ev.type }, ev.type), " " + (ev.mode || "") + " · " + (ev.date || "?")));
  view.appendChild(el("dl", { class: "facts" },
    el("dt", {}, t("col_place")), el("dd", {}, ev.location ? ent(ev.location) : "—"),
    el("dt", {}, t("col_actors")), el("dd", {}, join(ev.actors), dyad ? " · " : "", dyad),
    el("dt", {}, t("participants")), el("dd", {}, join(ev.participants)),
    el("dt", {}, t("score")), el("dd", {}, ev.score === null ? "—" : String(ev.score)),
    el("dt", {}, t("col_sources")), el("dd", {}, String(ev.num_sources) + " / " + t("mentions") + " " + ev.mentions)));
  view.appendChild(el("h2", {}, t("reports")));
  for (const r of ev.reports) {
    const marks = r.marks.map((m) => ({ ...m, kind: m.kind, title: m.label || "",
      href: m.kind === "entity" ? href("entity", m.entity) : null }));
    const url = r.url ? safeUrl(r.url) : null;
    view.appendChild(el("figure", { class: "report card" },
      el("blockquote", { class: "evidence" }, marked(r.text, r.start, marks)),
      el("figcaption", {}, link(r.doc, href("doc", r.doc, { s: r.start, e: r.end })), " · ", r.published || t("undated"),
        r.title ? " · " + r.title : "", " · " + t("chars") + " " + r.start + "–" + r.end,
        url ? [" · ", el("a", { href: url, rel: "noopener noreferrer" }, t("original"))] : null)));
  }
}

async function viewEntity(view, [id]) {
  const e = await api("entities/" + encodeURIComponent(id), { limit: 50 });
  view.appendChild(el("h1", {}, e.name, " ", el("span", { class: "muted" }, "(" + e.type + (e.state ? ", " + e.state : "") + ")")));
  if (e.wikidata) view.appendChild(el("p", { class: "muted" }, "Wikidata " + e.wikidata));
  view.appendChild(el("h2", {}, t("aliases")));
  view.appendChild(el("ul", { class: "chips" }, e.aliases.map((a) => el("li", {}, a.alias, el("span", { class: "count" }, String(a.mentions))))));
  const roles = e.roles.map((r) => [r.date || "?", r.role, r.documents.join(", ")])
    .concat(e.kb_roles.map((k) => [(k.from || "?") + " – " + (k.to || ""), k.title, t("knowledge_base")]));
  if (roles.length) {
    view.appendChild(el("h2", {}, t("roles")));
    view.appendChild(el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, t("col_date")), el("th", {}, t("role")), el("th", {}, t("documents")))),
      el("tbody", {}, roles.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))))));
  }
  view.appendChild(el("h2", {}, t("events")));
  view.appendChild(eventTable(e.events.items));
  if (e.quotes.items.length) {
    view.appendChild(el("h2", {}, t("quotes")));
    for (const q of e.quotes.items) {
      view.appendChild(el("figure", { class: "citation" }, el("blockquote", { class: "quote" }, q.text),
        el("figcaption", {}, link(q.doc, href("doc", q.doc, { s: q.start, e: q.end })), " · ", q.published || t("undated"), q.cue ? " · " + q.cue : "")));
    }
  }
  if (e.cooccurring.length) {
    view.appendChild(el("h2", {}, t("appears_with")));
    view.appendChild(el("ul", { class: "chips" }, e.cooccurring.map((c) => el("li", {}, link(c.name, href("entity", c.id)), el("span", { class: "count" }, String(c.documents))))));
  }
}

function dyadChart(series, scale) {
  const W = 760, H = 260, PL = 40, PR = 10, PT = 14, PB = 40;
  const lo = scale.min, hi = scale.max;
  const y = (v) => PT + (hi - v) / (hi - lo) * (H - PT - PB);
  const box = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img" });
  box.appendChild(svg("title", {}, t("dyad_chart")));
  for (const v of [lo, lo / 2, 0, hi / 2, hi]) {
    box.appendChild(svg("line", { x1: PL, x2: W - PR, y1: y(v), y2: y(v), class: v === 0 ? "zero" : "grid" }));
    box.appendChild(svg("text", { x: PL - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, (v > 0 ? "+" : "") + v));
  }
  const n = Math.max(series.length, 1), step = (W - PL - PR) / n, bw = Math.max(4, Math.min(36, step * 0.7));
  const points = [];
  series.forEach((p, i) => {
    const cx = PL + step * (i + 0.5), v = p.mean_score === null ? 0 : p.mean_score;
    const top = Math.min(y(v), y(0)), h = Math.max(1, Math.abs(y(v) - y(0)));
    const bar = svg("rect", { x: cx - bw / 2, y: top, width: bw, height: h, class: v >= 0 ? "bar pos" : "bar neg" });
    bar.appendChild(svg("title", {}, `${p.month}: ${p.events} ${t("events")}, ${t("mean_score")} ${v}`));
    const a = svg("a", { href: href("timeline", { dyad: "", from: p.month, to: p.month }) });
    a.appendChild(bar);
    box.appendChild(a);
    points.push(`${cx},${y(v)}`);
    if (n <= 16 || i % Math.ceil(n / 16) === 0) {
      box.appendChild(svg("text", { x: cx, y: H - PB + 16, class: "axis", "text-anchor": "middle" }, p.month));
    }
  });
  if (points.length > 1) box.appendChild(svg("polyline", { points: points.join(" "), class: "trend" }));
  return box;
}

async function viewDyad(view, [a, b], params) {
  const d = await api("dyads/" + encodeURIComponent(a) + "/" + encodeURIComponent(b), { offset: params.offset || 0 });
  view.appendChild(el("h1", {}, d.a + " – " + d.b));
  view.appendChild(el("p", { class: "muted" }, t("dyad_explain")));
  if (d.series.length) {
    const chart = dyadChart(d.series, d.scale);
    chart.querySelectorAll("a").forEach((node, i) => node.setAttribute("href",
      href("timeline", { dyad: d.a + "," + d.b, from: d.series[i].month, to: d.series[i].month })));
    view.appendChild(el("div", { class: "chartbox" }, chart));
  } else view.appendChild(el("p", { class: "empty" }, t("no_events")));
  view.appendChild(el("h2", {}, t("events")));
  view.appendChild(eventTable(d.events.items));
  view.appendChild(pager(d.events, ["dyad", a, b], params));
}

async function viewIssues(view, [id]) {
  if (id) return viewIssue(view, id);
  const data = await api("issues", { limit: 100 });
  view.appendChild(el("h1", {}, t("issues_title")));
  if (!data.items.length) { view.appendChild(el("p", { class: "empty" }, t("no_issues"))); return; }
  view.appendChild(el("table", { class: "events" },
    el("thead", {}, el("tr", {}, ["col_issue", "col_status", "mentions", "col_first", "col_last"].map((k) => el("th", {}, t(k))))),
    el("tbody", {}, data.items.map((r) => el("tr", {},
      el("td", {}, link(r.name, href("issues", r.id))),
      el("td", {}, el("span", { class: "tag" }, r.status ? t("status_" + r.status) : "-")),
      el("td", { class: "num" }, String(r.mentions)),
      el("td", { class: "nowrap" }, r.first || "-"),
      el("td", { class: "nowrap" }, r.last || "-"))))));
}

async function viewIssue(view, id) {
  const data = await api("issues/" + encodeURIComponent(id), { limit: 200 });
  view.appendChild(el("h1", {}, data.name));
  view.appendChild(el("table", { class: "events" },
    el("thead", {}, el("tr", {}, ["col_date", "col_status", "documents", "col_summary"].map((k) => el("th", {}, t(k))))),
    el("tbody", {}, data.items.map((r) => el("tr", {},
      el("td", { class: "nowrap" }, r.date || t("undated")),
      el("td", {}, el("span", { class: "tag" }, t("status_" + r.status))),
      el("td", {}, link(r.doc, href("doc", r.doc, { s: r.start, e: r.end }))),
      el("td", {}, r.evidence))))));
}

async function viewDoc(view, [id], params) {
  const d = await api("documents/" + encodeURIComponent(id));
  view.appendChild(el("h1", {}, d.title || d.id));
  const url = d.url ? safeUrl(d.url) : null;
  view.appendChild(el("p", { class: "muted" }, d.id + " · " + (d.published || t("undated")) + " · " + d.source,
    url ? [" · ", el("a", { href: url, rel: "noopener noreferrer" }, t("original"))] : null));
  const s = parseInt(params.s, 10), e = parseInt(params.e, 10);
  const marks = Number.isFinite(s) && Number.isFinite(e) ? [{ start: s, end: e, kind: "hit" }] : [];
  const blocks = d.blocks.length ? d.blocks : [{ kind: "paragraph", start: 0, end: d.text.length }];
  const body = el("article", { class: "doc" });
  for (const b of blocks) body.appendChild(el("p", { class: "block " + b.kind }, marked(d.text.slice(b.start, b.end), b.start, marks)));
  view.appendChild(body);
  const first = body.querySelector("mark");
  if (first) first.scrollIntoView({ block: "center" });
}

const ROUTES = { timeline: viewTimeline, search: viewSearch, ask: viewAsk, event: viewEvent, entity: viewEntity,
  dyad: viewDyad, issues: viewIssues, doc: viewDoc };

async function render() {
  const raw = location.hash.replace(/^#\/?/, "") || "timeline";
  const [path, query] = raw.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  const name = ROUTES[parts[0]] ? parts[0] : "timeline";
  const view = document.getElementById("view");
  view.replaceChildren(el("p", { class: "muted" }, t("loading")));
  const fresh = el("div", { class: "page page-" + name });
  try {
    const fn = ROUTES[name];
    if (fn === viewTimeline || fn === viewSearch || fn === viewAsk) await fn(fresh, params);
    else await fn(fresh, parts.slice(1), params);
  } catch (err) {
    fresh.appendChild(el("p", { class: "error" }, t("error") + ": " + err.message));
  }
  view.replaceChildren(fresh);
  if (params.q) document.getElementById("q").value = params.q;
}

async function loadLabels() {
  L = await api("labels/" + lang).catch(() => ({}));
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-label]").forEach((n) => { n.textContent = t(n.dataset.label); });
  document.querySelectorAll("[data-label-placeholder]").forEach((n) => { n.placeholder = t(n.dataset.labelPlaceholder); });
  document.getElementById("langswitch").textContent = lang === "vi" ? "EN" : "VI";
}

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("searchbox").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("q").value.trim();
    if (!q) return;
    const go = ev.submitter && ev.submitter.value === "ask" ? "ask" : "search";
    location.hash = href(go, { q });
  });
  document.getElementById("langswitch").addEventListener("click", async () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("storyline.lang", lang);
    await loadLabels();
    await render();
  });
  window.addEventListener("hashchange", render);
  await loadLabels();
  await render();
});
