/* Quire · proceedings theme. No libraries; everything here is an enhancement:
   without JavaScript the pages read the same, only the search box, the theme button and
   the copy buttons stay hidden. */
(function () {
  "use strict";
  var doc = document, html = doc.documentElement;
  var me = doc.currentScript || doc.querySelector("script[data-root]");
  var root = (me && me.getAttribute("data-root")) || "./";
  var fileUrls = !!(me && me.hasAttribute("data-file-urls"));
  var KEY = "quire-theme";

  function ready(fn) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", fn); else fn();
  }

  /* ---------- Theme: light / dark, following the system until the reader chooses ---------- */
  var systemDark = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
  function isDark() {
    var t = html.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t === "dark";
    return !!(systemDark && systemDark.matches);
  }
  function initTheme() {
    var btn = doc.querySelector(".theme-toggle");
    if (!btn) return;
    var sync = function () { btn.setAttribute("aria-pressed", isDark() ? "true" : "false"); };
    btn.hidden = false;
    sync();
    btn.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      html.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: not remembered */ }
      sync();
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", sync);
  }

  /* ---------- Contents: open as a sidebar on wide screens, a closed menu on phones ---------- */
  function initContents() {
    var menu = doc.getElementById("contents-menu");
    if (!menu || !window.matchMedia) return;
    var wide = matchMedia("(min-width: 64em)");
    var apply = function () { menu.open = wide.matches; };
    if (wide.addEventListener) wide.addEventListener("change", apply);
    // On phones, choosing a page or a heading closes the menu.
    menu.addEventListener("click", function (e) {
      if (!wide.matches && e.target.closest && e.target.closest("a")) menu.open = false;
    });
  }

  /* ---------- Version menu: closes on Escape and on a click elsewhere ---------- */
  function initVersions() {
    var menu = doc.querySelector("details.versions");
    if (!menu) return;
    doc.addEventListener("click", function (e) { if (menu.open && !menu.contains(e.target)) menu.open = false; });
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  }

  /* ---------- Copy buttons (Cite this page) ---------- */
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }
  function fallbackCopy(text) {
    var ta = doc.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed"; ta.style.opacity = "0";
    doc.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
    doc.body.removeChild(ta);
    return ok;
  }
  function initCopy() {
    var buttons = doc.querySelectorAll("button.copy[data-copy]");
    var status = doc.querySelector(".copy-status");
    Array.prototype.forEach.call(buttons, function (btn) {
      var src = doc.getElementById(btn.getAttribute("data-copy"));
      if (!src) return;
      btn.hidden = false;
      btn.addEventListener("click", function () {
        copyText(src.textContent.trim(), function (ok) {
          if (status) {
            status.textContent = ok ? "Copied to the clipboard." : "Could not copy: select the text and copy it.";
            clearTimeout(btn._t);
            btn._t = setTimeout(function () { status.textContent = ""; }, 4000);
          }
        });
      });
    });
  }

  /* ---------- Code and BibTeX blocks that scroll sideways can be scrolled with the keyboard ---------- */
  function initScrollables() {
    Array.prototype.forEach.call(doc.querySelectorAll("pre"), function (pre) {
      if (pre.scrollWidth > pre.clientWidth + 1 && !pre.hasAttribute("tabindex")) {
        pre.setAttribute("tabindex", "0");
        pre.setAttribute("role", "group");
        if (!pre.hasAttribute("aria-label")) pre.setAttribute("aria-label", pre.classList.contains("bibtex") ? "BibTeX" : "Code" + (pre.getAttribute("data-lang") ? " (" + pre.getAttribute("data-lang") + ")" : ""));
      }
    });
  }

  /* ---------- The comparison table: label each cell with its column for the stacked layout ---------- */
  function initTables() {
    var tables = doc.querySelectorAll(".kind-table table");
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (heads[i]) cell.setAttribute("data-label", heads[i].textContent.trim());
        });
      });
      table.classList.add("labelled");
    });
  }

  /* ---------- The timeline: set the date of each item apart ("April 2018: …") ---------- */
  function initTimeline() {
    var items = doc.querySelectorAll(".timeline li");
    var re = /^\s*((?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?\d{4})\s*[:–—-]\s*/;
    Array.prototype.forEach.call(items, function (li) {
      if (li.querySelector("time, .when")) return;
      var first = li.firstChild;
      if (!first || first.nodeType !== 3) return;
      var m = re.exec(first.nodeValue);
      if (!m) return;
      var when = doc.createElement("span");
      when.className = "when";
      when.textContent = m[1];
      first.nodeValue = first.nodeValue.slice(m[0].length);
      li.insertBefore(when, first);
      var sep = doc.createElement("span");
      sep.className = "vh";
      sep.textContent = ": ";
      li.insertBefore(sep, first);
    });
  }

  /* ---------- Search: the index is loaded on first use, by a <script> tag (works from file://) ---------- */
  function initSearch() {
    var box = doc.querySelector(".search");
    var input = doc.getElementById("search-q");
    var panel = box && box.querySelector(".search-panel");
    var list = doc.getElementById("search-results");
    var status = doc.getElementById("search-status");
    var count = box && box.querySelector(".search-count");
    if (!box || !input || !panel || !list || !status) return;
    box.hidden = false;

    var docs = null, loading = false, failed = false, timer = 0;

    function load() {
      if (docs || loading || failed) return;
      if (window.QUIRE_SEARCH) { prepare(); return; }
      loading = true;
      var s = doc.createElement("script");
      s.src = root + "search-index.js";
      s.async = true;
      s.onload = function () { loading = false; prepare(); run(); };
      s.onerror = function () { loading = false; failed = true; say("Search is not available: the search index could not be loaded."); };
      doc.head.appendChild(s);
    }
    function prepare() {
      var raw = (window.QUIRE_SEARCH && window.QUIRE_SEARCH.docs) || [];
      docs = raw.map(function (d) {
        // `w` (the section's distinct words) is what Rust writes for matching; `x` is a snippet.
        // An index without `w` is matched on `x`.
        return { t: d.t || "", p: d.p || "", x: d.x || "", tl: (d.t || "").toLowerCase(),
          xl: (d.x || "").toLowerCase(), wl: (d.w || d.x || "").toLowerCase() };
      });
    }
    function href(p) {
      if (fileUrls) {
        // "session-5/#id" -> "session-5/index.html#id"; "" -> "index.html"
        var hash = p.indexOf("#"), path = hash < 0 ? p : p.slice(0, hash), frag = hash < 0 ? "" : p.slice(hash);
        if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
        p = path + frag;
      }
      return root + p;
    }
    function say(msg) {
      status.textContent = msg;
      if (count) count.textContent = msg;
    }
    function show(on) {
      panel.hidden = !on;
    }
    function words(q) {
      return q.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    }
    // Append `text` to `el`, with each query word wrapped in <mark>.
    function highlight(el, text, ws) {
      var lower = text.toLowerCase(), i = 0;
      while (i < text.length) {
        var best = -1, len = 0;
        for (var k = 0; k < ws.length; k++) {
          var j = lower.indexOf(ws[k], i);
          if (j >= 0 && (best < 0 || j < best || (j === best && ws[k].length > len))) { best = j; len = ws[k].length; }
        }
        if (best < 0) { el.appendChild(doc.createTextNode(text.slice(i))); break; }
        if (best > i) el.appendChild(doc.createTextNode(text.slice(i, best)));
        var m = doc.createElement("mark");
        m.textContent = text.slice(best, best + len);
        el.appendChild(m);
        i = best + len;
      }
    }
    function snippet(d, ws) {
      var at = -1;
      for (var k = 0; k < ws.length; k++) {
        var j = d.xl.indexOf(ws[k]);
        if (j >= 0 && (at < 0 || j < at)) at = j;
      }
      if (at < 0) return d.x.slice(0, 160) + (d.x.length > 160 ? "…" : "");
      var start = Math.max(0, at - 60), end = Math.min(d.x.length, at + 110);
      if (start > 0) { var sp = d.x.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
      if (end < d.x.length) { var sp2 = d.x.lastIndexOf(" ", end); if (sp2 > at) end = sp2; }
      return (start > 0 ? "…" : "") + d.x.slice(start, end) + (end < d.x.length ? "…" : "");
    }
    function run() {
      var q = input.value.trim();
      list.textContent = "";
      if (!q) { show(false); status.textContent = ""; return; }
      show(true);
      if (!docs) { say(failed ? "Search is not available." : "Loading the search index…"); load(); return; }
      var ws = words(q), hits = [];
      for (var i = 0; i < docs.length; i++) {
        var d = docs[i], score = 0, ok = true;
        for (var k = 0; k < ws.length; k++) {
          var inTitle = d.tl.indexOf(ws[k]) >= 0;
          if (!inTitle && d.wl.indexOf(ws[k]) < 0) { ok = false; break; }
          if (inTitle) score += 1;
        }
        if (ok) hits.push({ d: d, s: score, i: i });
      }
      // Title matches first, then reading order.
      hits.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
      var total = hits.length;
      hits.slice(0, 10).forEach(function (h) {
        var li = doc.createElement("li"), a = doc.createElement("a");
        a.href = href(h.d.p);
        var t = doc.createElement("span"); t.className = "r-title"; highlight(t, h.d.t, ws);
        var x = doc.createElement("span"); x.className = "r-snip"; highlight(x, snippet(h.d, ws), ws);
        a.appendChild(t); a.appendChild(x); li.appendChild(a); list.appendChild(li);
      });
      say(total === 0 ? "No results for “" + q + "”."
        : total === 1 ? "1 result."
        : total > 10 ? total + " results; the first 10 are shown."
        : total + " results.");
    }
    function links() { return list.querySelectorAll("a"); }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); load(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { var l = links(); if (l.length) { e.preventDefault(); l[0].focus(); } }
      else if (e.key === "Escape") { if (input.value) { input.value = ""; run(); } else { show(false); } }
      else if (e.key === "Enter") { var f = links()[0]; if (f) { e.preventDefault(); f.click(); } }
    });
    list.addEventListener("keydown", function (e) {
      var l = Array.prototype.slice.call(links()), i = l.indexOf(doc.activeElement);
      if (e.key === "ArrowDown" && i < l.length - 1) { e.preventDefault(); l[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (i > 0) l[i - 1].focus(); else input.focus(); }
      else if (e.key === "Escape") { e.preventDefault(); show(false); input.focus(); }
    });
    // Close the panel when focus or a click leaves the search box.
    doc.addEventListener("click", function (e) { if (!box.contains(e.target)) show(false); });
    box.addEventListener("focusout", function () {
      setTimeout(function () { if (!box.contains(doc.activeElement)) show(false); }, 0);
    });
    input.addEventListener("focus", function () { if (input.value.trim()) run(); });
  }

  initTheme();
  ready(function () {
    initContents();
    initVersions();
    initCopy();
    initTables();
    initTimeline();
    initSearch();
    initScrollables();
  });
})();
