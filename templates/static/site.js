// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var KEY = "govcases-script";
  // Controls that need this file carry data-needs-js; the stylesheet hides them until now.
  document.documentElement.classList.add("js");

  // A sortable column's heading becomes a button (a plain heading without JavaScript).
  function sortButton(th, attr) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.setAttribute(attr, th.getAttribute(attr));
    while (th.firstChild) { btn.appendChild(th.firstChild); }
    th.appendChild(btn);
    if (!th.hasAttribute("aria-sort")) { th.setAttribute("aria-sort", "none"); }
    return btn;
  }

  // Printed pages carry their address: the page's own, made absolute.
  document.querySelectorAll("[data-page-url]").forEach(function (el) {
    el.textContent = new URL(el.textContent.trim(), location.href).href;
  });

  function remember(el) {
    try { localStorage.setItem(KEY, el.getAttribute("hreflang")); } catch (e) { /* private mode */ }
  }
  document.querySelectorAll("[data-script-switch], [data-script-choice]").forEach(function (a) {
    a.addEventListener("click", function () { remember(a); });
  });

  // The script switch keeps the query (search, filters) and the #anchor: both are the same in
  // the two scripts. Updated whenever the link may be followed, since the search page changes
  // its query as the reader types.
  document.querySelectorAll("[data-script-switch]").forEach(function (a) {
    var twin = new URL(a.getAttribute("href"), location.href);
    function sync() {
      twin.search = location.search;
      twin.hash = location.hash;
      a.href = twin.href;
    }
    ["pointerdown", "focus", "click", "mouseover"].forEach(function (name) {
      a.addEventListener(name, sync);
    });
    sync();
  });

  // The root chooser: go straight to the script chosen last time.
  var choices = document.querySelectorAll("[data-script-choice]");
  if (choices.length) {
    var saved = null;
    try { saved = localStorage.getItem(KEY); } catch (e) { /* ignore */ }
    choices.forEach(function (a) {
      if (saved && a.getAttribute("hreflang") === saved) { location.replace(a.href); }
    });
  }

  // Case list: filter by text and province, sort by column.
  var form = document.querySelector("[data-case-filter]");
  var table = document.querySelector("table[data-sortable]");
  if (form && table) {
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var params = new URLSearchParams(location.search);
    form.q.value = params.get("q") || "";
    form.province.value = params.get("province") || "";
    var apply = function () {
      var q = form.q.value.trim().toLowerCase();
      var prov = form.province.value;
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!q || r.textContent.toLowerCase().indexOf(q) !== -1) &&
          (!prov || r.getAttribute("data-province") === prov);
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      form.count.value = shown + " / " + rows.length + " " + form.count.getAttribute("data-unit");
      var next = new URLSearchParams();
      if (q) { next.set("q", form.q.value.trim()); }
      if (prov) { next.set("province", prov); }
      var query = next.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    };
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();

    table.querySelectorAll("th[data-sort]").forEach(function (th) { sortButton(th, "data-sort"); });
    table.querySelectorAll("th button[data-sort]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var th = btn.parentElement;
        var col = Array.prototype.indexOf.call(th.parentElement.children, th);
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = btn.getAttribute("data-sort") === "number";
        var key = function (r) {
          var cell = r.cells[col];
          return numeric ? Number(cell.getAttribute("data-value")) : cell.textContent.trim();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var d = numeric ? x - y : x.localeCompare(y, "zh");
          return asc ? d : -d;
        });
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
  }

  // Case page: the citation's access date is the reader's today (the page says the build date).
  document.querySelectorAll("[data-access-date]").forEach(function (el) {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var today = d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
    el.textContent = today;
    el.setAttribute("datetime", today);
  });

  // Case page: copy the citation.
  var copy = document.querySelector("[data-copy-citation]");
  var cite = document.querySelector("[data-citation]");
  if (copy && cite && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(cite.textContent.trim()).then(function () {
        copy.setAttribute("aria-pressed", "true");
      });
    });
  }

  // Compare page: sort rows by a column (cases having the term first), reorder columns.
  document.querySelectorAll("table[data-matrix]").forEach(function (table) {
    var body = table.tBodies[0];
    var original = Array.prototype.slice.call(body.rows);
    var head = table.tHead.rows[0];
    table.querySelectorAll("th[data-sort-rows]").forEach(function (th) { sortButton(th, "data-sort-rows"); });
    table.querySelectorAll("button[data-sort-rows]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var th = btn.parentElement;
        var col = Array.prototype.indexOf.call(head.cells, th);
        head.querySelectorAll("th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        var rows = original.slice();
        if (col > 0) {
          rows.sort(function (a, b) {
            return Number(b.cells[col].classList.contains("on")) - Number(a.cells[col].classList.contains("on"));
          });
          th.setAttribute("aria-sort", "descending");
        }
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var order = table.closest("section").querySelector("[data-column-order]");
    if (!order) { return; }
    order.hidden = false;
    order.querySelectorAll("button[data-order]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var cols = Array.prototype.slice.call(head.cells, 1);
        cols.sort(function (a, b) {
          return btn.getAttribute("data-order") === "count"
            ? Number(b.getAttribute("data-count")) - Number(a.getAttribute("data-count"))
            : Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
        });
        var positions = cols.map(function (c) { return c.cellIndex; });
        Array.prototype.slice.call(table.rows).forEach(function (row) {
          var cells = positions.map(function (i) { return row.cells[i]; });
          cells.forEach(function (c) { row.appendChild(c); });
        });
      });
    });
  });

  // Cases chosen for the compare page, kept across pages (case list, search results) in
  // localStorage; the bar links to compare/?cases=a,b. Search results arrive later and
  // announce themselves with the "govcases:results" event.
  var bar = document.querySelector("[data-compare-bar]");
  if (bar) {
    var PICKS = "govcases-compare", MOST = Number(bar.getAttribute("data-most"));
    var picked = function () {
      try {
        var ids = JSON.parse(localStorage.getItem(PICKS) || "[]");
        return Array.isArray(ids) ? ids.filter(function (i) { return typeof i === "string"; }).slice(0, MOST) : [];
      } catch (e) { return []; }
    };
    var keep = function (ids) {
      try { localStorage.setItem(PICKS, JSON.stringify(ids)); } catch (e) { /* private mode */ }
    };
    var count = bar.querySelector("[data-compare-count]");
    var go = bar.querySelector("[data-compare-go]");
    var show = function (note) {
      var ids = picked();
      document.querySelectorAll("[data-compare-pick]").forEach(function (box) {
        box.checked = ids.indexOf(box.getAttribute("data-compare-pick")) !== -1;
        box.parentNode.hidden = false;
      });
      bar.hidden = false;
      count.textContent = note ||
        (ids.length ? bar.getAttribute("data-count").replace("{n}", ids.length) : bar.getAttribute("data-empty"));
      var url = new URL(bar.getAttribute("data-url"), location.href);
      if (ids.length) { url.search = "?cases=" + ids.join(","); }
      go.href = url.pathname + url.search;
      if (ids.length < 2) { go.setAttribute("aria-disabled", "true"); } else { go.removeAttribute("aria-disabled"); }
    };
    document.addEventListener("change", function (e) {
      var box = e.target;
      if (!box.hasAttribute || !box.hasAttribute("data-compare-pick")) { return; }
      var id = box.getAttribute("data-compare-pick");
      var ids = picked().filter(function (i) { return i !== id; });
      var note = "";
      if (box.checked) {
        if (ids.length < MOST) { ids.push(id); }
        else { note = bar.getAttribute("data-full").replace("{n}", MOST); }
      }
      keep(ids);
      show(note);
    });
    go.addEventListener("click", function (e) {
      if (go.getAttribute("aria-disabled")) { e.preventDefault(); }
    });
    bar.querySelector("[data-compare-clear]").addEventListener("click", function () {
      keep([]);
      show();
    });
    document.addEventListener("govcases:results", function () { show(); });
    window.addEventListener("storage", function () { show(); });
    show();
  }
})();
