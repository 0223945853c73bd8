// Search page: Pagefind finds text in either script; filters come from data/facets.json.
// The query and filters live in the URL, so a search can be shared.
const form = document.querySelector("[data-search]");
const list = document.querySelector("[data-search-results]");
const status = document.querySelector("[data-search-status]");
const text = document.querySelector("[data-search-text]").dataset;
const lang = document.documentElement.lang;
const script = lang === "zh-Hant" ? "hant" : "hans";
const FILTERS = ["province", "mechanism", "outcome", "year"];
const LIMIT = 50;

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

let pagefind = null;
let facets = null;
async function load(what) {
  if (what === "facets" && !facets) {
    facets = (await (await fetch(form.dataset.facets)).json()).cases;
  }
  if (what === "pagefind" && !pagefind) {
    pagefind = await import(form.dataset.pagefind);
    await pagefind.options({ baseUrl: form.dataset.base });
  }
}

function matches(id, filters) {
  const f = facets[id];
  return f !== undefined && Object.entries(filters).every(([name, value]) =>
    Array.isArray(f[name]) ? f[name].includes(value) : f[name] === value);
}

function caseId(url) { return (url.match(/\/cases\/([^/]+)\//) || [])[1]; }

function item(url, title, place, excerpt) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = url;
  a.textContent = title;
  const meta = document.createElement("span");
  meta.className = "sub";
  meta.textContent = place;
  li.append(a, meta);
  if (excerpt) {
    const p = document.createElement("p");
    // Pagefind's excerpt is text with <mark> around hits; anything else tag-like is shown as text
    p.innerHTML = excerpt.replace(/&/g, "&amp;").replace(/<(?!\/?mark>)/g, "&lt;")
      .replace(/&amp;(lt|gt|amp|quot|#39);/g, "&$1;");
    li.append(p);
  }
  return li;
}

let latest = 0;
async function run() {
  const query = form.q.value.trim();
  const filters = {};
  for (const name of FILTERS) { if (form[name].value) { filters[name] = form[name].value; } }
  toURL(query, filters);
  const filtered = Object.keys(filters).length > 0;
  if (!query && !filtered) { list.replaceChildren(); status.textContent = ""; return; }
  const mine = ++latest;
  status.textContent = text.loading;
  try {
    if (filtered) { await load("facets"); }
    let items;
    let total;
    if (query) {
      await load("pagefind");
      const search = await pagefind.search(query);
      // Pagefind results only know their page once loaded; with filters, load them all.
      const wanted = filtered ? search.results : search.results.slice(0, LIMIT);
      let data = await Promise.all(wanted.map((r) => r.data()));
      if (filtered) { data = data.filter((d) => matches(caseId(d.url), filters)); }
      total = filtered ? data.length : search.results.length;
      // one index document per case: link to, and title from, the reader's script
      items = data.slice(0, LIMIT).map((d) => item(form.dataset.prefix + "cases/" + caseId(d.url) + "/",
        d.meta["title_" + script], d.meta["locality_" + script] + " · " + d.meta.year, d.excerpt));
    } else {
      const ids = Object.keys(facets).filter((id) => matches(id, filters)).sort();
      total = ids.length;
      items = ids.slice(0, LIMIT).map((id) => item(form.dataset.prefix + "cases/" + id + "/",
        facets[id].title[lang], facets[id].locality[lang] + " · " + facets[id].year, ""));
    }
    if (mine !== latest) { return; }
    list.replaceChildren(...items);
    status.textContent = total ? text.count.replace("{n}", total) : text.none;
  } catch (err) {
    status.textContent = text.error;
  }
}

let timer = 0;
form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
form.addEventListener("change", run);
form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
fromURL();
run();
