// The compare page: the cases named in ?cases=a,b side by side. Each case is read from its own
// page in this script (the facts list and the figures table), so the build writes nothing per
// case for this page and the comparison always says what the case pages say.
(function () {
  "use strict";
  var root = document.querySelector("[data-compare]");
  var words = document.querySelector("template[data-compare-text]");
  if (!root || !words) { return; }
  var PICKS = "govcases-compare";
  var MOST = Number(root.getAttribute("data-most"));
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;  // case ids are ASCII slugs; anything else is ignored
  var FIGURES = 6;  // figures shown per case; the rest are a link away
  var status = root.querySelector("[data-compare-status]");
  var table = root.querySelector("[data-compare-table]");
  var shared = root.querySelector("[data-compare-shared]");
  root.hidden = false;

  function say(key, values) {
    var text = words.getAttribute("data-" + key);
    Object.keys(values || {}).forEach(function (k) { text = text.replace("{" + k + "}", values[k]); });
    return text;
  }

  function chosen() {
    var ids = [];
    (new URLSearchParams(location.search).get("cases") || "").split(",").forEach(function (raw) {
      var id = raw.trim();
      if (ID.test(id) && ids.indexOf(id) === -1 && ids.length < MOST) { ids.push(id); }
    });
    return ids;
  }

  function remember(ids) {
    try { localStorage.setItem(PICKS, JSON.stringify(ids)); } catch (e) { /* private mode */ }
    var url = new URL(location.href);
    if (ids.length) { url.searchParams.set("cases", ids.join(",")); } else { url.searchParams.delete("cases"); }
    history.replaceState(null, "", url.pathname + url.search.replace(/%2C/g, ",") + url.hash);
  }

  function load(id) {
    var url = root.getAttribute("data-case-url").replace("{id}", id);
    return fetch(url).then(function (r) {
      if (!r.ok) { return null; }
      return r.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var title = page.querySelector("article.case h1");
        if (!title) { return null; }
        var facts = {};
        page.querySelectorAll("[data-fact]").forEach(function (dd) {
          facts[dd.getAttribute("data-fact")] = dd;
        });
        return {
          id: id,
          url: url,
          title: title.textContent,
          facts: facts,
          figures: Array.prototype.slice.call(page.querySelectorAll("#metrics tbody tr")),
        };
      });
    }).catch(function () { return null; });
  }

  // The copy of a fact from the case page: our own sanitized markup, adopted into this page.
  function copy(node, cell) {
    Array.prototype.forEach.call(node.childNodes, function (child) {
      cell.appendChild(document.importNode(child, true));
    });
  }

  function figures(c, cell) {
    if (!c.figures.length) { cell.textContent = say("empty"); return; }
    var list = document.createElement("ul");
    list.className = "figures";
    c.figures.slice(0, FIGURES).forEach(function (row) {
      var li = document.createElement("li");
      copy(row.cells[0], li);
      var value = document.createElement("span");
      value.className = "value";
      value.textContent = row.cells[1].textContent + (row.cells[2].textContent ? "（" + row.cells[2].textContent + "）" : "");
      li.appendChild(value);
      list.appendChild(li);
    });
    cell.appendChild(list);
    if (c.figures.length > FIGURES) {
      var more = document.createElement("a");
      more.href = c.url + "#metrics";
      more.textContent = say("more", {n: c.figures.length - FIGURES});
      cell.appendChild(more);
    }
  }

  // A term every chosen case has is set in bold (a class, explained below the table).
  function markShared(cases) {
    var any = false;
    ["mechanisms", "outcomes"].forEach(function (fact) {
      var counts = {};
      table.querySelectorAll("tr[data-row='" + fact + "'] td").forEach(function (cell) {
        cell.querySelectorAll("a.tag").forEach(function (a) {
          counts[a.pathname] = (counts[a.pathname] || 0) + 1;
        });
      });
      table.querySelectorAll("tr[data-row='" + fact + "'] a.tag").forEach(function (a) {
        if (cases.length > 1 && counts[a.pathname] === cases.length) { a.classList.add("shared"); any = true; }
      });
    });
    shared.hidden = !any;
  }

  function show(cases, missing) {
    var head = table.tHead.rows[0];
    while (head.cells.length > 1) { head.deleteCell(1); }
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      while (row.cells.length > 1) { row.deleteCell(1); }
    });
    cases.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      var link = document.createElement("a");
      link.href = c.url;
      link.textContent = c.title;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = say("remove");
      remove.setAttribute("aria-label", say("remove") + "：" + c.title);
      remove.addEventListener("click", function () {
        var rest = cases.filter(function (other) { return other !== c; });
        remember(rest.map(function (other) { return other.id; }));
        show(rest, []);
      });
      th.appendChild(link);
      th.appendChild(remove);
      head.appendChild(th);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var cell = row.insertCell();
        var fact = row.getAttribute("data-row");
        if (fact === "metrics") { figures(c, cell); }
        else if (c.facts[fact]) { copy(c.facts[fact], cell); }
        else { cell.textContent = say("empty"); }
      });
    });
    table.style.setProperty("--cases", String(cases.length));  // the stylesheet sizes columns
    table.hidden = cases.length === 0;
    markShared(cases);
    var lines = [];
    if (missing.length) { lines.push(say("missing", {ids: missing.join("、")})); }
    lines.push(cases.length === 0 ? say("none") : cases.length === 1 ? say("one") : say("count", {n: cases.length}));
    status.textContent = lines.join(" ");
  }

  var ids = chosen();
  if (!ids.length) { show([], []); return; }
  status.textContent = say("loading");
  Promise.all(ids.map(load)).then(function (found) {
    var cases = found.filter(Boolean);
    var missing = ids.filter(function (id, i) { return !found[i]; });
    remember(cases.map(function (c) { return c.id; }));
    show(cases, missing);
  });
})();
