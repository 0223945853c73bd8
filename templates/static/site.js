// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var KEY = "govcases-script";

  function remember(el) {
    try { localStorage.setItem(KEY, el.getAttribute("hreflang")); } catch (e) { /* private mode */ }
  }
  document.querySelectorAll("[data-script-switch], [data-script-choice]").forEach(function (a) {
    a.addEventListener("click", function () { remember(a); });
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
      form.count.value = shown + " / " + rows.length;
      var next = new URLSearchParams();
      if (q) { next.set("q", form.q.value.trim()); }
      if (prov) { next.set("province", prov); }
      var query = next.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    };
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();

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
})();
