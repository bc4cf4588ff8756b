// Progressive enhancement only: every page works without this script.
(function () {
  // The countdown to the 31 May deadline stays current when the page is read days after the build.
  function countdown() {
    document.querySelectorAll("[data-zi-deadline]").forEach(function (el) {
      var deadline = new Date(el.getAttribute("data-zi-deadline") + "T23:59:59");
      var days = Math.ceil((deadline - new Date()) / 86400000);
      if (!isNaN(days) && days >= 0) { el.textContent = String(days); }
    });
  }
  // Accessibility of what Material's script adds: the search dialog gets a name, and a table wrapper that scrolls
  // sideways can be reached and scrolled with the keyboard.
  function accessible() {
    var search = document.querySelector(".md-search[role=dialog]");
    var input = document.querySelector(".md-search__input");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Cari");
    }
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("aria-label", caption ? caption.textContent : "Tabel (geser ke samping)");
      }
    });
  }
  // The all-units table (Beranda): a filter box and sortable columns. Without the script the table is complete as built.
  var MONTHS = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november", "desember"];
  function number(text) {
    var date = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text);  // "20 Mei 2026", as the tables write dates
    if (date && MONTHS.indexOf(date[2].toLowerCase()) !== -1) {
      return parseInt(date[3], 10) * 10000 + (MONTHS.indexOf(date[2].toLowerCase()) + 1) * 100 + parseInt(date[1], 10);
    }
    var lead = /^-?\d+(?:\.\d{3})*(?:,\d+)?/.exec(text);  // "88,92", "1.234", "26,04 (54 % terisi)"
    return lead ? parseFloat(lead[0].replace(/\./g, "").replace(",", ".")) : null;
  }
  function enhance(wrap) {
    var table = wrap.querySelector("table");
    if (!table || wrap.hasAttribute("data-zi-enhanced")) { return; }
    wrap.setAttribute("data-zi-enhanced", "");
    var body = table.tBodies[0];
    var label = document.createElement("label");
    label.className = "zi-filter";
    label.textContent = "Saring: ";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "nama unit, tahap, predikat…";
    label.appendChild(input);
    var count = document.createElement("span");
    count.className = "zi-filter-count";
    count.setAttribute("aria-live", "polite");
    label.appendChild(count);
    wrap.parentNode.insertBefore(label, wrap);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = words.length ? " " + shown + " dari " + body.rows.length + " unit" : "";
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "zi-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          var nx = number(x), ny = number(y);
          var order = (nx !== null && ny !== null) ? nx - ny : (nx !== null ? -1 : (ny !== null ? 1 : x.localeCompare(y, "id")));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function tables() { document.querySelectorAll(".zi-table.zi-units.zi-all").forEach(enhance); }
  // The search page (cari/): Pagefind's script and index fragments load only once a query is asked (site/search.py).
  function excerpt(html) {  // Pagefind's excerpt: escaped text with <mark>; only text and <mark> are kept
    var out = document.createElement("p"), doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") { var m = document.createElement("mark"); m.textContent = node.textContent; out.appendChild(m); }
      else { out.appendChild(document.createTextNode(node.textContent)); }
    });
    return out;
  }
  function search() {
    var form = document.querySelector("form[data-zi-search]");
    if (!form) { return; }
    var input = form.querySelector("input[name=q]"), box = document.querySelector(".zi-search-results"), engine = null;
    var index = new URL(form.getAttribute("data-zi-search"), location.href);
    function run(query) {
      query = query.trim();
      if (!query) { box.textContent = ""; return; }
      box.textContent = form.getAttribute("data-zi-searching");
      engine = engine || import(index.href).then(function (pagefind) {
        var base = new URL("..", index).pathname;
        // a large institution's index comes in parts (zi-bagian.json, site/search.py): merged, still read in fragments
        return pagefind.options({ baseUrl: base })
          .then(function () { return fetch(new URL("zi-bagian.json", index)); })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (parts) {
            parts = Array.isArray(parts) ? parts.filter(function (p) { return /^bagian-[0-9]+\/$/.test(p); }) : [];
            return Promise.all(parts.map(function (p) { return pagefind.mergeIndex(new URL(p, index).pathname, { baseUrl: base }); }));
          })
          .then(function () { return pagefind; });
      });
      engine.then(function (pagefind) { return pagefind.search(query); })
        .then(function (found) { return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })); })
        .then(function (results) {
          box.textContent = "";
          var note = document.createElement("p");
          note.className = results.length ? "zi-search-found" : "zi-search-none";
          note.textContent = form.getAttribute(results.length ? "data-zi-found" : "data-zi-none")
            .replace("{n}", String(results.length)).replace("{q}", query);
          box.appendChild(note);
          var list = document.createElement("ol");
          list.className = "zi-search-list";
          results.forEach(function (r) {
            var item = document.createElement("li"), link = document.createElement("a");
            link.href = r.url; link.textContent = (r.meta && r.meta.title) || r.url;
            item.appendChild(link); item.appendChild(excerpt(r.excerpt || ""));
            list.appendChild(item);
          });
          box.appendChild(list);
        })
        .catch(function () { box.textContent = form.getAttribute("data-zi-failed"); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run(input.value);
    });
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) { input.value = asked; run(asked); }
  }
  function ready() { countdown(); accessible(); tables(); search(); }
  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(ready); }
  else { document.addEventListener("DOMContentLoaded", ready); }
})();
