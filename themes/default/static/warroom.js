/* warroom default theme: comfort only. Every page reads fully without this
   script. Plain ES5, no modules, so it also runs from file://.
   Never builds HTML from strings: the search index is data, not markup. */
(function () {
  "use strict";

  var doc = document;

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) { fn(list[i], i); }
  }
  function qsa(sel, ctx) { return (ctx || doc).querySelectorAll(sel); }
  function qs(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function el(tag, className, text) {
    var e = doc.createElement(tag);
    if (className) { e.className = className; }
    if (text != null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function norm(s) {
    s = String(s == null ? "" : s).toLowerCase();
    if (s.normalize) { s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
    return s;
  }
  function terms(s) {
    var out = [];
    each(norm(s).split(/\s+/), function (t) { if (t) { out.push(t); } });
    return out;
  }
  function siteRoot() { return (doc.body && doc.body.getAttribute("data-root")) || ""; }

  doc.documentElement.className += " js";

  /* ------------------------------------------------------------------ */
  /* Copy buttons on code blocks                                        */
  /* ------------------------------------------------------------------ */
  function copyText(text, done) {
    function fallback() {
      var ta = el("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.top = "-1000px";
      ta.style.opacity = "0";
      doc.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      doc.body.removeChild(ta);
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      try {
        navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
        return;
      } catch (e) { /* fall through */ }
    }
    fallback();
  }

  function initCopyButtons() {
    each(qsa("pre.code, main pre"), function (pre) {
      if (pre.getAttribute("data-copy") === "off" || qs(".copy-btn", pre)) { return; }
      var btn = el("button", "copy-btn", "Copy");
      btn.type = "button";
      btn.setAttribute("aria-label", "Copy code to clipboard");
      btn.addEventListener("click", function () {
        var code = qs("code", pre);
        var text = "";
        if (code) {
          text = code.textContent;
        } else {
          each(pre.childNodes, function (n) { if (n !== btn) { text += n.textContent; } });
          code = pre;
        }
        text = text.replace(/\n$/, "");
        copyText(text, function (ok) {
          btn.textContent = ok ? "Copied" : "Press Ctrl+C";
          btn.className = "copy-btn " + (ok ? "copied" : "failed");
          if (!ok) {
            var range = doc.createRange();
            range.selectNodeContents(code);
            var sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
          }
          setTimeout(function () { btn.textContent = "Copy"; btn.className = "copy-btn"; }, 1800);
        });
      });
      pre.className += " has-copy";
      pre.appendChild(btn);
    });
  }

  /* ------------------------------------------------------------------ */
  /* Incident history filters                                           */
  /* ------------------------------------------------------------------ */
  function initIncidentFilters() {
    var form = doc.getElementById("incident-filters");
    if (!form) { return; }
    var rows = qsa("tr.incident-row");
    if (!rows.length) { return; }
    form.hidden = false;
    var sev = qs('[data-filter="severity"]', form);
    var svc = qs('[data-filter="services"]', form);
    var status = qs('[data-filter="status"]', form);
    var text = qs('[data-filter="text"]', form);
    var count = qs(".filter-count", form);
    var empty = qs(".filter-empty");

    function apply() {
      var fSev = sev ? sev.value : "";
      var fSvc = svc ? svc.value : "";
      var fStatus = status ? status.value : "";
      var fText = terms(text ? text.value : "");
      var shown = 0;
      each(rows, function (tr) {
        var ok = true;
        if (fSev && tr.getAttribute("data-severity") !== fSev) { ok = false; }
        if (ok && fStatus && tr.getAttribute("data-status") !== fStatus) { ok = false; }
        if (ok && fSvc) {
          var list = (tr.getAttribute("data-services") || "").split(/\s+/);
          if (list.indexOf(fSvc) < 0) { ok = false; }
        }
        if (ok && fText.length) {
          var hay = norm(tr.getAttribute("data-text") || tr.textContent);
          for (var i = 0; i < fText.length; i++) {
            if (hay.indexOf(fText[i]) < 0) { ok = false; break; }
          }
        }
        tr.hidden = !ok;
        if (ok) { shown++; }
      });
      each(qsa(".year-group"), function (sec) {
        sec.hidden = !qs("tr.incident-row:not([hidden])", sec);
      });
      var filtering = fSev || fSvc || fStatus || fText.length;
      if (count) { count.textContent = filtering ? shown + " of " + rows.length + " incidents on this page" : ""; }
      if (empty) { empty.hidden = shown > 0; }
      elsewhere(filtering, fSev, fSvc, fStatus, fText);
    }

    // A page that holds part of the history counts the matches of every
    // year from the offline search index and links to each year's page
    // with the same filters.
    var others = qs(".filter-elsewhere", form);
    var partial = form.getAttribute("data-partial") === "true";
    function elsewhere(filtering, fSev, fSvc, fStatus, fText) {
      if (!others) { return; }
      var index = window.WARROOM_SEARCH;
      if (!partial || !filtering || !index) { others.hidden = true; return; }
      var byYear = {};
      var years = [];
      var total = 0;
      each(index, function (e) {
        if (e.k !== "postmortem") { return; }
        var words = (e.x || "").split(" ");
        if (fSev && words.indexOf(fSev) < 0) { return; }
        if (fStatus && words.indexOf(fStatus) < 0) { return; }
        if (fSvc && words.indexOf(fSvc) < 0) { return; }
        if (fText.length) {
          var hay = norm(e.t + " " + e.s + " " + e.x);
          for (var i = 0; i < fText.length; i++) { if (hay.indexOf(fText[i]) < 0) { return; } }
        }
        var y = e.y || "undated";
        if (!byYear[y]) { byYear[y] = 0; years.push(y); }
        byYear[y]++;
        total++;
      });
      var q = [];
      if (fSev) { q.push("severity=" + encodeURIComponent(fSev)); }
      if (fSvc) { q.push("service=" + encodeURIComponent(fSvc)); }
      if (fStatus) { q.push("status=" + encodeURIComponent(fStatus)); }
      if (text && text.value) { q.push("q=" + encodeURIComponent(text.value)); }
      clear(others);
      others.appendChild(doc.createTextNode(total + " match" + (total === 1 ? "" : "es") + " across all years: "));
      years.sort(function (a, b) { return a < b ? 1 : a > b ? -1 : 0; });
      each(years, function (y, n) {
        var a = el("a", "", y + " (" + byYear[y] + ")");
        a.href = siteRoot() + "incidents/" + y + ".html" + (q.length ? "?" + q.join("&") : "");
        if (n) { others.appendChild(doc.createTextNode(", ")); }
        others.appendChild(a);
      });
      others.hidden = false;
    }

    // Prefill from the query string: incidents/index.html?service=postgres&severity=SEV1
    var params = {};
    each((location.search || "").replace(/^\?/, "").split("&"), function (kv) {
      if (!kv) { return; }
      var p = kv.split("=");
      try { params[decodeURIComponent(p[0])] = decodeURIComponent((p[1] || "").replace(/\+/g, " ")); } catch (e) { /* ignore */ }
    });
    function prefill(select, value) {
      if (!select || !value) { return; }
      each(select.options, function (o) { if (o.value === value) { select.value = value; } });
    }
    prefill(sev, params.severity);
    prefill(svc, params.service);
    prefill(status, params.status);
    if (text && params.q) { text.value = params.q; }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    apply();
  }

  /* ------------------------------------------------------------------ */
  /* Action items: group by owner                                       */
  /* ------------------------------------------------------------------ */
  function initOwnerGrouping() {
    var toggle = doc.getElementById("group-by-owner");
    var table = qs("#action-items table");
    if (!toggle || !table || !table.tBodies.length) { return; }
    var tbody = table.tBodies[0];
    var original = [];
    each(tbody.rows, function (tr) { original.push(tr); });
    var cols = table.tHead && table.tHead.rows.length ? table.tHead.rows[0].cells.length : 7;
    var toolbar = doc.getElementById("action-toolbar");
    if (toolbar) { toolbar.hidden = false; }

    function ungroup() {
      each(qsa("tr.group-row", tbody), function (tr) { tbody.removeChild(tr); });
      each(original, function (tr) { tbody.appendChild(tr); });
    }
    function group() {
      ungroup();
      var owners = [];
      var byOwner = {};
      each(original, function (tr) {
        var o = tr.getAttribute("data-owner") || "";
        var key = "k:" + o.toLowerCase();
        if (!byOwner[key]) { byOwner[key] = { name: o, rows: [] }; owners.push(key); }
        byOwner[key].rows.push(tr);
      });
      owners.sort(function (a, b) {
        var na = byOwner[a].name.toLowerCase(), nb = byOwner[b].name.toLowerCase();
        if (!na) { return 1; }
        if (!nb) { return -1; }
        return na < nb ? -1 : na > nb ? 1 : 0;
      });
      each(owners, function (key) {
        var g = byOwner[key];
        var overdue = 0;
        each(g.rows, function (tr) { if (/\boverdue\b/.test(tr.className)) { overdue++; } });
        var head = el("tr", "group-row");
        var th = el("th");
        th.colSpan = cols;
        th.scope = "colgroup";
        th.appendChild(el("span", "group-owner", g.name || "No owner"));
        th.appendChild(doc.createTextNode(" · " + g.rows.length + " item" + (g.rows.length === 1 ? "" : "s") +
          (overdue ? ", " + overdue + " overdue" : "")));
        head.appendChild(th);
        tbody.appendChild(head);
        each(g.rows, function (tr) { tbody.appendChild(tr); });
      });
    }
    function apply() {
      if (toggle.checked) { group(); } else { ungroup(); }
      try { localStorage.setItem("warroom.groupByOwner", toggle.checked ? "1" : "0"); } catch (e) { /* ignore */ }
    }
    try { toggle.checked = localStorage.getItem("warroom.groupByOwner") === "1"; } catch (e) { /* ignore */ }
    toggle.addEventListener("change", apply);
    if (toggle.checked) { group(); }
  }

  /* ------------------------------------------------------------------ */
  /* Sortable tables                                                    */
  /* ------------------------------------------------------------------ */
  function cellKey(tr, idx) {
    var cell = tr.cells[idx];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-sort");
    return v != null ? v : cell.textContent.replace(/\s+/g, " ").replace(/^\s|\s$/g, "");
  }
  function compareKeys(a, b) {
    var na = parseFloat(a), nb = parseFloat(b);
    var numeric = /^-?\d+(\.\d+)?$/;
    if (numeric.test(a) && numeric.test(b)) { return na - nb; }
    a = a.toLowerCase(); b = b.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function initSortableTables() {
    each(qsa("table.sortable"), function (table) {
      if (!table.tHead || !table.tBodies.length) { return; }
      var ths = table.tHead.rows[0].cells;
      each(ths, function (th, idx) {
        th.className += " sortable-th";
        th.tabIndex = 0;
        th.setAttribute("role", "columnheader");
        th.title = "Sort by " + th.textContent;
        function sort() {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          each(ths, function (o) { o.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
          var tbody = table.tBodies[0];
          var rows = [];
          each(tbody.rows, function (tr, i) { rows.push({ tr: tr, i: i, k: cellKey(tr, idx) }); });
          rows.sort(function (a, b) {
            var c = compareKeys(a.k, b.k);
            if (!asc) { c = -c; }
            return c || a.i - b.i;
          });
          each(rows, function (r) { tbody.appendChild(r.tr); });
        }
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
        });
      });
    });
  }

  /* ------------------------------------------------------------------ */
  /* Search over window.WARROOM_SEARCH                                  */
  /* ------------------------------------------------------------------ */
  var KIND_LABELS = {
    postmortem: "Incident", incident: "Incident", runbook: "Runbook", contacts: "Phone list",
    service: "Service", tag: "Tag", page: "Page"
  };
  var MAX_RESULTS = 20;
  var prepared = null;

  function prepare() {
    if (prepared) { return prepared; }
    var data = window.WARROOM_SEARCH;
    if (!data || !data.length) { return null; }
    prepared = [];
    each(data, function (e, i) {
      if (!e || typeof e.u !== "string") { return; }
      // Only relative URLs: the index must not be able to point anywhere else.
      if (/^[a-z][a-z0-9+.\-]*:/i.test(e.u) || /^\/\//.test(e.u)) { return; }
      var t = norm(e.t);
      prepared.push({
        e: e, i: i, t: t,
        hay: t + "\n" + norm(e.s) + "\n" + norm(e.x)
      });
    });
    return prepared;
  }

  function searchIndex(query) {
    var items = prepare();
    var q = terms(query);
    if (!items || !q.length) { return []; }
    var whole = norm(query).replace(/^\s+|\s+$/g, "");
    var hits = [];
    each(items, function (it) {
      var score = 0;
      for (var j = 0; j < q.length; j++) {
        var term = q[j];
        if (it.hay.indexOf(term) < 0) { return; }
        var pos = it.t.indexOf(term);
        if (pos >= 0) {
          score += 10;
          if (pos === 0) { score += 4; } else if (/[^a-z0-9]/.test(it.t.charAt(pos - 1))) { score += 2; }
        } else if (norm(it.e.x).indexOf(term) >= 0) {
          score += 3;
        } else {
          score += 1;
        }
      }
      if (it.t === whole) { score += 50; } else if (it.t.indexOf(whole) >= 0) { score += 15; }
      hits.push({ it: it, score: score });
    });
    hits.sort(function (a, b) { return (b.score - a.score) || (a.it.i - b.it.i); });
    return hits.slice(0, MAX_RESULTS);
  }

  function initSearch() {
    var input = doc.getElementById("search");
    var box = doc.getElementById("search-results");
    if (!input || !box) { return; }
    var form = input.form || input.parentNode;
    if (form && form.hidden) { form.hidden = false; }
    var active = -1;
    var timer = null;

    function links() { return qsa("a", box); }
    // The stylesheet hangs the results from the header's right edge, which
    // is always on screen; here they move under the search box when the box
    // sits elsewhere (wrapped to the left of a row of its own), still kept
    // inside the header.
    function place() {
      var host = box.offsetParent;
      box.style.left = box.style.right = box.style.width = box.style.marginLeft = "";
      if (!host || !host.getBoundingClientRect) { return; }
      var h = host.getBoundingClientRect(), i = input.getBoundingClientRect(), w = box.offsetWidth;
      var pad = 8;
      // right-aligned with the box when there is room to its left, else from its left edge
      var left = i.right - h.left >= w + pad ? i.right - h.left - w : i.left - h.left;
      left = Math.max(pad, Math.min(left, h.width - w - pad));
      box.style.width = w + "px";
      box.style.marginLeft = "0";
      box.style.right = "auto";
      box.style.left = left + "px";
    }
    function open() {
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
      place();
    }
    window.addEventListener("resize", function () { if (!box.hidden) { place(); } });
    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function setActive(n) {
      var ls = links();
      if (!ls.length) { active = -1; return; }
      if (n < 0) { n = ls.length - 1; }
      if (n >= ls.length) { n = 0; }
      each(ls, function (a, i) {
        a.setAttribute("aria-selected", i === n ? "true" : "false");
        a.className = i === n ? "sr-item active" : "sr-item";
      });
      active = n;
      input.setAttribute("aria-activedescendant", ls[n].id);
      if (ls[n].scrollIntoView) { ls[n].scrollIntoView({ block: "nearest" }); }
    }
    function render() {
      var query = input.value;
      clear(box);
      active = -1;
      if (!terms(query).length) { close(); return; }
      if (!prepare()) {
        box.appendChild(el("p", "sr-empty", "The search index is not available."));
        open();
        return;
      }
      var hits = searchIndex(query);
      if (!hits.length) {
        box.appendChild(el("p", "sr-empty", "No results for \u201c" + query + "\u201d"));
        open();
        return;
      }
      var root = siteRoot();
      each(hits, function (h, i) {
        var e = h.it.e;
        var a = el("a", "sr-item");
        a.href = root + e.u;
        a.id = "sr-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.appendChild(el("span", "sr-kind", KIND_LABELS[e.k] || e.k || ""));
        a.appendChild(el("span", "sr-title", e.t || e.u));
        if (e.s) {
          var s = String(e.s);
          a.appendChild(el("span", "sr-summary", s.length > 160 ? s.slice(0, 157) + "\u2026" : s));
        }
        box.appendChild(a);
      });
      open();
    }

    input.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(render, 60);
    });
    input.addEventListener("focus", function () { if (input.value && box.hidden) { render(); } });
    input.addEventListener("keydown", function (e) {
      var key = e.key;
      if (key === "Escape" || key === "Esc") {
        e.preventDefault();
        if (!box.hidden) { close(); } else { input.value = ""; }
        input.blur();
      } else if (key === "ArrowDown" || key === "Down") {
        e.preventDefault();
        if (box.hidden) { render(); }
        setActive(active + 1);
      } else if (key === "ArrowUp" || key === "Up") {
        e.preventDefault();
        setActive(active - 1);
      } else if (key === "Enter") {
        e.preventDefault();
        if (timer) { clearTimeout(timer); timer = null; render(); }
        var ls = links();
        var target = ls[active >= 0 ? active : 0];
        if (target) { window.location.href = target.href; }
      }
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") { close(); input.focus(); }
    });
    if (form && form.addEventListener) {
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    }
    doc.addEventListener("click", function (e) {
      if (box.hidden) { return; }
      var n = e.target;
      while (n) { if (n === box || n === input) { return; } n = n.parentNode; }
      close();
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) { return; }
      var t = e.target;
      var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
      if (tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable)) { return; }
      e.preventDefault();
      input.focus();
      input.select();
    });

    // Shareable searches: page.html?q=kafka or page.html#search=kafka fills
    // the box and shows the results as soon as the page loads.
    function fromUrl() {
      var q = queryParam(location.search, "q");
      var h = /^#search=(.*)$/.exec(location.hash || "");
      if (h) {
        try { q = decodeURIComponent(h[1].replace(/\+/g, " ")); } catch (e) { q = h[1]; }
      }
      if (q == null || !terms(q).length) { return; }
      input.value = q;
      render();
    }
    window.addEventListener("hashchange", fromUrl);
    fromUrl();
  }

  /* The decoded value of `name` in a query string, or null. */
  function queryParam(search, name) {
    var found = null;
    each(String(search || "").replace(/^\?/, "").split("&"), function (kv) {
      var i = kv.indexOf("=");
      var k = i < 0 ? kv : kv.slice(0, i);
      var v = i < 0 ? "" : kv.slice(i + 1);
      try {
        if (decodeURIComponent(k) === name && found === null) { found = decodeURIComponent(v.replace(/\+/g, " ")); }
      } catch (e) { /* a malformed escape: ignore this pair */ }
    });
    return found;
  }

  /* ------------------------------------------------------------------ */
  /* Run mode on runbook pages (SPEC §10): Start turns the items of the  */
  /* Steps section into a checklist; a tick stamps the local time. The   */
  /* state lives in localStorage under the page's path, so a reload (from */
  /* file:// too) loses nothing. "Copy as timeline" gives lines `check`  */
  /* reads: `- YYYY-MM-DD HH:MM+HH:MM Step N: text`.                     */
  /* ------------------------------------------------------------------ */
  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  /* A moment as `YYYY-MM-DD HH:MM+HH:MM` in the browser's zone. */
  function localStamp(ms) {
    var d = new Date(ms);
    var off = -d.getTimezoneOffset();
    var sign = off < 0 ? "-" : "+";
    off = Math.abs(off);
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate()) + " " +
      pad2(d.getHours()) + ":" + pad2(d.getMinutes()) + sign + pad2(Math.floor(off / 60)) + ":" + pad2(off % 60);
  }

  function runStore() {
    try {
      var s = window.localStorage;
      var probe = "warroom-probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) { return null; }
  }

  /* The items of the Steps section that are not inside another item. */
  function stepItems(section) {
    var out = [];
    each(qsa("li", section), function (li) {
      var p = li.parentNode;
      while (p && p !== section) {
        if (p.tagName && p.tagName.toLowerCase() === "li") { return; }
        p = p.parentNode;
      }
      out.push(li);
    });
    return out;
  }

  /* A step's own text on one line: its first paragraph, without nested
     lists, code blocks, buttons or run-mode furniture. */
  function stepText(li) {
    var text = "";
    var done = false;
    function walk(node) {
      each(node.childNodes, function (n) {
        if (done) { return; }
        if (n.nodeType === 3) { text += n.nodeValue; return; }
        if (n.nodeType !== 1) { return; }
        var tag = n.tagName.toLowerCase();
        if (tag === "button" || tag === "input" || /\brun-/.test(n.className || "")) { return; }
        var block = /^(p|div|pre|ol|ul|table|blockquote|h[1-6])$/.test(tag);
        // The first block with text ends the step's own text.
        if (block && /\S/.test(text)) { done = true; return; }
        if (tag === "pre" || tag === "ol" || tag === "ul" || tag === "table") { return; }
        walk(n);
        if (tag === "br") { text += " "; }
        if (block && /\S/.test(text)) { done = true; }
      });
    }
    walk(li);
    text = text.replace(/\s+/g, " ").replace(/^\s+|\s+$/g, "");
    if (text.length > 200) { text = text.slice(0, 199).replace(/\s+\S*$/, "") + "…"; }
    return text;
  }

  function initRunMode() {
    var controls = qs("[data-run-controls]");
    var section = qs("section.section-steps");
    if (!controls || !section) { return; }
    var items = stepItems(section);
    if (!items.length) { return; }
    var store = runStore();
    var key = "warroom-run:" + location.pathname;
    var state = null;
    var startBtn = qs('[data-run="start"]', controls);
    var copyBtn = qs('[data-run="copy"]', controls);
    var resetBtn = qs('[data-run="reset"]', controls);
    var status = qs(".run-status", controls);
    var box = qs("[data-run-timeline]");
    var area = box ? qs("textarea", box) : null;
    var article = section.closest ? section.closest("article") : null;

    function load() {
      if (!store) { return null; }
      try {
        var v = JSON.parse(store.getItem(key) || "null");
        return v && typeof v === "object" && v.ticks ? v : null;
      } catch (e) { return null; }
    }
    function save() {
      if (!store) { return; }
      try {
        if (state) { store.setItem(key, JSON.stringify(state)); } else { store.removeItem(key); }
      } catch (e) { say("Could not save: the browser refused local storage."); }
    }
    function say(text) { if (status) { status.textContent = text; } }

    function stampFor(li, n) {
      var span = qs(".run-time", li);
      var tick = state && state.ticks[n];
      if (!tick) {
        if (span) { span.parentNode.removeChild(span); }
        return;
      }
      if (!span) {
        span = el("span", "run-time");
        var tickBox = qs(".run-check", li);
        li.insertBefore(span, tickBox ? tickBox.nextSibling : li.firstChild);
      }
      span.textContent = tick.local.slice(11, 16);
      span.title = tick.local;
      span.setAttribute("data-stamp", tick.local);
    }

    function draw() {
      var on = !!state;
      if (article) { article.className = article.className.replace(/\s*\brun-active\b/g, "") + (on ? " run-active" : ""); }
      startBtn.hidden = on;
      copyBtn.hidden = !on;
      resetBtn.hidden = !on;
      each(items, function (li, i) {
        var n = String(i + 1);
        var check = qs("input.run-check", li);
        if (on && !check) {
          check = el("input", "run-check");
          check.type = "checkbox";
          check.setAttribute("aria-label", "Step " + n + " done");
          check.addEventListener("change", function () {
            if (!state) { return; }
            if (check.checked) {
              var now = Date.now();
              state.ticks[n] = { at: now, local: localStamp(now) };
            } else {
              delete state.ticks[n];
            }
            save();
            draw();
          });
          li.insertBefore(check, li.firstChild);
        } else if (!on && check) {
          li.removeChild(check);
        }
        if (on) { check.checked = !!state.ticks[n]; }
        li.className = li.className.replace(/\s*\brun-done\b/g, "") + (on && state.ticks[n] ? " run-done" : "");
        stampFor(li, n);
      });
      if (!on && box) { box.hidden = true; if (area) { area.value = ""; } }
      var done = on ? Object.keys(state.ticks).length : 0;
      say(on ? done + " of " + items.length + " steps done" + (store ? "" : " (not saved: no local storage)") : "");
    }

    function timelineLines() {
      var ticks = [];
      each(items, function (li, i) {
        var t = state && state.ticks[String(i + 1)];
        if (t) { ticks.push({ at: t.at, n: i + 1, line: "- " + t.local + " Step " + (i + 1) + ": " + stepText(li) }); }
      });
      ticks.sort(function (a, b) { return (a.at - b.at) || (a.n - b.n); });
      return ticks.map(function (t) { return t.line; }).join("\n");
    }

    startBtn.addEventListener("click", function () {
      state = { started: Date.now(), ticks: {} };
      save();
      draw();
      var first = qs("input.run-check", section);
      if (first) { first.focus(); }
    });
    var armed = null;
    resetBtn.addEventListener("click", function () {
      // Two clicks: a stray one must not wipe a run in the middle of an incident.
      if (!armed) {
        resetBtn.textContent = "Click again to reset";
        armed = setTimeout(function () { armed = null; resetBtn.textContent = "Reset"; }, 4000);
        return;
      }
      clearTimeout(armed);
      armed = null;
      resetBtn.textContent = "Reset";
      state = null;
      save();
      draw();
      say("Reset: no steps ticked.");
    });
    copyBtn.addEventListener("click", function () {
      var text = timelineLines();
      if (box && area) {
        box.hidden = false;
        area.value = text;
        area.rows = Math.max(3, Math.min(16, text.split("\n").length + 1));
      }
      if (!text) { say("No step ticked yet."); return; }
      copyText(text, function (ok) {
        if (ok) {
          say("Copied " + text.split("\n").length + " timeline lines.");
        } else {
          say("Select the lines in the box below and copy them.");
          if (area) { area.focus(); area.select(); }
        }
      });
    });

    state = load();
    controls.hidden = false;
    draw();
  }

  /* ------------------------------------------------------------------ */
  /* Print button on the binder                                         */
  /* ------------------------------------------------------------------ */
  function initPrintButtons() {
    each(qsa('[data-action="print"]'), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    initCopyButtons();
    initIncidentFilters();
    initOwnerGrouping();
    initSortableTables();
    initSearch();
    initPrintButtons();
    initRunMode();
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
