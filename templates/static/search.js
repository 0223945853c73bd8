// Search page: exact search over the static index govcases writes to /search/ (docs/search.md).
// Query and text are folded with the index's own table (fold.json) and cut into the same
// tokens as in govcases/search.py; a part matches only where its tokens occur in a row.
// The query and filters live in the URL, so a search can be shared. Index and case text are
// only ever inserted as text nodes.
const FORMAT = 2;
const FILTERS = ["province", "mechanism", "outcome", "level", "year"];
const PAGE = 10; // results shown at once
const SNIPPET = 90; // characters around a match
const TOKEN = /[0-9a-z]+|[^ ]/gu;
const WORD = /^[0-9a-z]/;
const QUOTES = /[“”「」『』]/g;

const form = document.querySelector("[data-search]");
const list = document.querySelector("[data-search-results]");
const status = document.querySelector("[data-search-status]");
const more = document.querySelector("[data-search-more]");
const text = document.querySelector("[data-search-text]").dataset;
const script = document.documentElement.lang === "zh-Hant" ? "hant" : "hans";
const root = form.dataset.index;

const files = new Map();
function load(path) {
  if (!files.has(path)) {
    const got = fetch(root + path).then((r) => {
      if (!r.ok) { throw new Error(path + ": " + r.status); }
      return r.json();
    });
    got.catch(() => files.delete(path));
    files.set(path, got);
  }
  return files.get(path);
}

// ---- folding and tokens (as in govcases.zh.fold and govcases.search.tokenize) -------------
let folding = null;
let folded = null;
export function foldReady() {
  folded ??= load("fold.json").then((table) => {
    folding = new Map();
    let i = 0;
    for (const c of table.from) {
      folding.set(c, String.fromCodePoint(table.to.codePointAt(i)));
      i += c.length;
    }
  }, (err) => { folded = null; throw err; });
  return folded;
}

// Character by character: a fold never changes a character's length (docs/search.md), so
// the table's strings line up code unit for code unit.
export function fold(s) {
  let out = "";
  for (const c of s) { out += folding.get(c) ?? c; }
  return out;
}

export function tokens(folded) {
  return Array.from(folded.matchAll(TOKEN), (m) => ({ t: m[0], start: m.index, end: m.index + m[0].length }));
}

export function ngramKey(toks) {
  return toks.length === 1 ? toks[0] : toks.map((t) => (WORD.test(t) ? t + " " : t)).join("");
}

const CRC = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
  return c >>> 0;
});
const UTF8 = new TextEncoder();
export function crc32(s) {
  let c = 0xffffffff;
  for (const b of UTF8.encode(s)) { c = CRC[(c ^ b) & 0xff] ^ (c >>> 8); }
  return (c ^ 0xffffffff) >>> 0;
}

// A query: parts separated by spaces, or "quoted"; each part a list of tokens.
export function parse(query) {
  const out = [];
  const seen = new Set();
  for (const m of fold(query).replace(QUOTES, '"').matchAll(/"([^"]*)"?|[^ "]+/g)) {
    const toks = (m[1] !== undefined ? m[1] : m[0]).match(TOKEN) || [];
    const id = toks.join(" ");
    if (toks.length && !seen.has(id)) { seen.add(id); out.push(toks); }
  }
  return out;
}

// ---- the index -----------------------------------------------------------------------------
async function postings(meta, family, key) {
  const shard = await load(`${family}/${crc32(key) % meta.shards[family]}.json`);
  return Object.hasOwn(shard, key) ? shard[key] : [];
}

// Where a part occurs: the cases (`docs`) and, per case number, its field-weighted number of
// occurrences (`tf`, 0 elsewhere). Typed arrays, not an object per case: a common part occurs
// in most cases.
async function evaluate(meta, toks) {
  const tf = new Float64Array(meta.cases);
  const docs = [];
  const count = (doc, f, n) => {
    if (tf[doc] === 0) { docs.push(doc); }
    tf[doc] += n * meta.weights[f];
  };
  if (toks.length <= 2) { // records [gap, tf*8+field]
    const e = await postings(meta, String(toks.length), ngramKey(toks));
    for (let i = 0, doc = 0; i < e.length; i += 2) {
      doc += e[i];
      count(doc, e[i + 1] & 7, e[i + 1] >> 3);
    }
    return { docs, tf };
  }
  // triples at offsets 0, 3, 6, … and the last one cover every token; their positions must agree
  const offsets = [];
  for (let o = 0; o < toks.length - 3; o += 3) { offsets.push(o); }
  offsets.push(toks.length - 3);
  const lists = await Promise.all(offsets.map((o) => postings(meta, "p", ngramKey(toks.slice(o, o + 3)))));
  // records [gap, n, first position, gaps…]; of the other triples, case → where its record is
  const records = lists.slice(1).map((e) => {
    const at = new Map();
    for (let i = 0, doc = 0; i < e.length; i += 2 + e[i + 1]) { doc += e[i]; at.set(doc, i); }
    return at;
  });
  const positions = (e, i) => {
    const out = new Array(e[i + 1]);
    for (let k = 0, p = 0; k < out.length; k++) { p += e[i + 2 + k]; out[k] = p; }
    return out;
  };
  const field = (p) => { let f = 0; while (f + 1 < meta.start.length && meta.start[f + 1] <= p) { f++; } return f; };
  const e = lists[0];
  for (let i = 0, doc = 0; i < e.length; i += 2 + e[i + 1]) {
    doc += e[i];
    const at = records.map((m) => m.get(doc));
    if (at.some((r) => r === undefined)) { continue; }
    const sets = at.map((r, j) => new Set(positions(lists[j + 1], r)));
    for (const p of positions(e, i)) {
      if (sets.every((s, j) => s.has(p + offsets[j + 1]))) { count(doc, field(p), 1); }
    }
  }
  return { docs, tf };
}

function passes(facets, doc, filters) {
  return Object.entries(filters).every(([name, value]) => {
    if (name === "year") { return String(facets.year[doc]) === value; }
    if (name === "province") { return facets.provinces[facets.province[doc]] === value; }
    const terms = { mechanism: facets.mechanisms, outcome: facets.outcomes, level: facets.levels }[name];
    return facets[name][doc].includes(terms.indexOf(value));
  });
}

// BM25 over fields: per part, idf × saturated field-weighted frequency (docs/search.md).
export async function search(query, filters) {
  const [meta] = await Promise.all([load("meta.json"), foldReady()]);
  if (meta.format !== FORMAT) { throw new Error("index format " + meta.format); }
  const parts = parse(query);
  const all = meta.cases;
  const facets = Object.keys(filters).length ? await load("filters.json") : null;
  if (!parts.length) { // filters alone (a query of nothing but quotes and spaces is none)
    if (!facets) { return { meta, parts, hits: [] }; }
    const docs = [];
    for (let doc = 0; doc < all; doc++) { if (passes(facets, doc, filters)) { docs.push(doc); } }
    return { meta, parts, hits: docs.map((doc) => ({ doc, score: 0 })) };
  }
  const found = await Promise.all(parts.map((p) => evaluate(meta, p)));
  const smallest = found.reduce((a, b) => (a.docs.length <= b.docs.length ? a : b));
  const idf = found.map((m) => Math.log(1 + (all - m.docs.length + 0.5) / (m.docs.length + 0.5)));
  const hits = [];
  for (const doc of smallest.docs) {
    if (!found.every((m) => m.tf[doc] > 0) || (facets && !passes(facets, doc, filters))) { continue; }
    let score = 0;
    const norm = meta.k1 * (1 - meta.b + meta.b * meta.length[doc] / meta.avglength);
    found.forEach((m, j) => {
      const tf = m.tf[doc];
      score += idf[j] * tf * (meta.k1 + 1) / (tf + norm);
    });
    hits.push({ doc, score });
  }
  hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return { meta, parts, hits };
}

// ---- results -------------------------------------------------------------------------------
// [start, end) of every occurrence of any part in a text, merged.
export function spans(value, parts) {
  const toks = tokens(fold(value));
  const out = [];
  for (const part of parts) {
    for (let i = 0; i + part.length <= toks.length; i++) {
      if (part.every((t, k) => toks[i + k].t === t)) {
        out.push([toks[i].start, toks[i + part.length - 1].end, part]);
      }
    }
  }
  out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const s of out) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) { last[1] = Math.max(last[1], s[1]); last[2].add(s[2]); } else {
      merged.push([s[0], s[1], new Set([s[2]])]);
    }
  }
  return merged;
}

function marked(el, value, found, from = 0, to = value.length) {
  let at = from;
  for (const [start, end] of found) {
    if (end <= from || start >= to) { continue; }
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (s > at) { el.append(document.createTextNode(value.slice(at, s))); }
    const mark = document.createElement("mark");
    mark.textContent = value.slice(s, e);
    el.append(mark);
    at = e;
  }
  if (at < to) { el.append(document.createTextNode(value.slice(at, to))); }
  return el;
}

// Fields snippets are cut from, in order of preference (the title is the link itself).
const SNIPPET_FIELDS = [3, 4, 5, 6, 2, 1];

function snippets(fields, parts) {
  const candidates = [];
  SNIPPET_FIELDS.forEach((f, rank) => (fields[f] || []).forEach((value, n) => {
    const found = spans(value, parts);
    if (found.length) {
      const distinct = new Set(found.flatMap((s) => Array.from(s[2]))).size;
      candidates.push({ value, found, key: [-distinct, rank, n] });
    }
  }));
  candidates.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
  return candidates.slice(0, 2).map(({ value, found }) => {
    let from = 0;
    let to = value.length;
    if (to > SNIPPET) {
      from = Math.max(0, Math.min(found[0][0] - 25, to - SNIPPET));
      to = Math.min(value.length, from + SNIPPET);
      if (/[\udc00-\udfff]/.test(value[from] || "")) { from -= 1; }
      if (/[\udc00-\udfff]/.test(value[to] || "")) { to += 1; }
    }
    const p = document.createElement("p");
    if (from > 0) { p.append("…"); }
    marked(p, value, found, from, to);
    if (to < value.length) { p.append("…"); }
    return p;
  });
}

async function item(meta, hit, parts) {
  const data = await load(`text/${script}/${hit.doc}.json`);
  const { id, fields } = data;
  const title = fields[0][0] || id;
  const li = document.createElement("li");
  li.dataset.case = id;
  li.dataset.score = hit.score.toFixed(6);
  const a = marked(document.createElement("a"), title, spans(title, parts));
  a.href = form.dataset.prefix + "cases/" + id + "/";
  const sub = document.createElement("span");
  sub.className = "sub";
  const tags = fields[2].slice(0, data.mechanisms).join("、");
  sub.textContent = [data.draft, fields[1][0], data.year, tags].filter(Boolean).join(" · ");
  // the compare box (site.js keeps the choice and its bar)
  const pick = document.createElement("label");
  pick.className = "pick";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.dataset.comparePick = id;
  box.setAttribute("aria-label", text.pickLabel + "：" + title);
  pick.append(box, text.pick);
  li.append(a, " ", pick, sub, ...snippets(fields, parts));
  return li;
}

// ---- the page ------------------------------------------------------------------------------
function fromURL() {
  const params = new URLSearchParams(location.search);
  form.q.value = params.get("q") || "";
  for (const name of FILTERS) { form[name].value = params.get(name) || ""; }
}

function toURL(query, filters) {
  const params = new URLSearchParams();
  if (query) { params.set("q", query); }
  for (const [name, value] of Object.entries(filters)) { params.set(name, value); }
  const qs = params.toString();
  history.replaceState(null, "", qs ? "?" + qs : location.pathname);
}

let latest = 0;
let current = null;

async function show(mine) {
  const { meta, parts, hits, shown } = current;
  const next = hits.slice(shown, shown + PAGE);
  const items = await Promise.all(next.map((h) => item(meta, h, parts)));
  if (mine !== latest) { return; }
  list.append(...items);
  document.dispatchEvent(new Event("govcases:results"));
  current.shown += next.length;
  more.hidden = current.shown >= hits.length;
  const n = String(hits.length);
  status.textContent = !hits.length ? text.none : current.shown < hits.length
    ? text.shown.replace("{n}", n).replace("{k}", String(current.shown)) : text.count.replace("{n}", n);
}

async function run() {
  const query = form.q.value.trim();
  const filters = {};
  for (const name of FILTERS) { if (form[name].value) { filters[name] = form[name].value; } }
  toURL(query, filters);
  const mine = ++latest;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = text.hint;
    return;
  }
  status.textContent = text.loading;
  try {
    const result = await search(query, filters);
    if (mine !== latest) { return; }
    current = { ...result, shown: 0 };
    list.replaceChildren();
    await show(mine);
  } catch (err) {
    if (mine === latest) { status.textContent = text.error; }
  }
}

let timer = 0;
form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
form.addEventListener("change", run);
form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(); });
more.querySelector("button").addEventListener("click", () => {
  const mine = latest;
  show(mine).catch(() => { if (mine === latest) { status.textContent = text.error; } });
});
fromURL();
run();
// what every query needs, fetched while the reader types the first one
Promise.all([load("meta.json"), foldReady()]).catch(() => {});
