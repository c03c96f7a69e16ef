/* Career Allies: fill in worksheets and self-assessments, saved in this
 * browser only (localStorage). No dependencies; nothing is sent anywhere.
 * Re-runs on every page of Material's instant navigation (document$). */
(function () {
  "use strict";

  var FORMAT = 1;
  var MAX_CHARS = 200000; /* one worksheet's saved answers, as JSON */
  var DELAY = 400; /* ms of quiet typing before a save */
  var pending = []; /* saves waiting for the delay, flushed on navigation */

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  /* Field names are data: answers live in maps without Object's built-ins,
   * so "constructor" or "__proto__" is a name like any other. */
  function map(from) {
    var m = Object.create(null);
    if (from && typeof from === "object") Object.keys(from).forEach(function (k) { m[k] = from[k]; });
    return m;
  }
  function isMap(v) {
    return !!v && typeof v === "object" && !Array.isArray(v);
  }
  function list(v) {
    return v == null ? [] : [].concat(v);
  }

  /* Writes that change nothing still make the browser restyle the page: on
   * a first visit every paper twin, band and count would be written with
   * what it already holds. These write only a difference. */
  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }
  function setClass(el, name, on) {
    if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
  }
  function setHidden(el, hidden) {
    if (el.hidden !== hidden) el.hidden = hidden;
  }

  /* This browser's storage, and how usable it is: "ok", "full" (reads work,
   * writes fail) or "blocked" (even reading throws; then null). */
  var PROBE = "career-allies:probe";
  var state, store;
  function openStorage() {
    var s;
    try { s = window.localStorage; s.getItem(PROBE); } catch (e) { state = "blocked"; return null; }
    try { s.setItem(PROBE, "1"); s.removeItem(PROBE); state = "ok"; } catch (e) { state = "full"; }
    return s;
  }

  /* Read one entry. Returns {values} for good data, {values: {}} when there
   * is none, or {corrupt: raw} when it can't be used as saved answers. */
  function readEntry(store, key) {
    var raw = null;
    try { raw = store.getItem(key); } catch (e) { /* as if empty */ }
    if (raw === null) return { values: map() };
    try {
      var data = JSON.parse(raw);
      if (data && isMap(data.values)) return { values: map(data.values), updated: String(data.updated || "") };
    } catch (e) { /* fall through */ }
    return { corrupt: raw };
  }

  function inputs(root, field) {
    return Array.prototype.filter.call(root.querySelectorAll("[data-ca-input]"), function (el) {
      return el.getAttribute("data-ca-input") === field;
    });
  }

  function fieldIds(root) {
    var seen = [];
    each(root.querySelectorAll("[data-ca-input]"), function (el) {
      var id = el.getAttribute("data-ca-input");
      if (seen.indexOf(id) < 0) seen.push(id);
    });
    return seen;
  }

  /* Stored choices this page no longer offers: kept, never dropped. */
  function oldChoices(root, field, value) {
    var els = inputs(root, field);
    if (!els.length || (els[0].type !== "checkbox" && els[0].type !== "radio")) return [];
    var offered = els.map(function (el) { return el.value; });
    return list(value).filter(function (v) { return filled(v) && offered.indexOf(String(v)) < 0; });
  }

  /* The current value of one field, as saved: text, a choice id, a list of
   * choice ids, or a list of table rows ({column: text}). `was` is what is
   * stored: choices and columns no longer on the page stay in the result. */
  function readField(root, field, was) {
    var els = inputs(root, field);
    var first = els[0];
    if (first.hasAttribute("data-ca-row")) {
      var rows = [];
      els.forEach(function (el) {
        var r = Number(el.getAttribute("data-ca-row"));
        rows[r] = rows[r] || map(Array.isArray(was) && was[r]);
        rows[r][el.getAttribute("data-ca-col")] = el.value;
      });
      return rows.map(function (row) { return row || {}; });
    }
    if (first.type === "checkbox") {
      return els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; }).concat(oldChoices(root, field, was));
    }
    if (first.type === "radio") {
      var on = els.filter(function (el) { return el.checked; })[0];
      return on ? on.value : "";
    }
    return first.value;
  }

  function writeField(root, field, value) {
    var els = inputs(root, field);
    if (!els.length) return;
    var first = els[0];
    if (first.hasAttribute("data-ca-row")) {
      var rows = Array.isArray(value) ? value : [];
      var table = root.querySelector('[data-ca-table="' + field + '"]');
      while (table && table.querySelectorAll("tbody tr").length < rows.length) addRow(table);
      inputs(root, field).forEach(function (el) {
        var row = rows[Number(el.getAttribute("data-ca-row"))];
        var v = row && typeof row === "object" ? show(row[el.getAttribute("data-ca-col")]) : "";
        if (el.value !== v) el.value = v;
      });
    } else if (first.type === "checkbox" || first.type === "radio") {
      var on = list(value).map(String);
      els.forEach(function (el) {
        var want = on.indexOf(el.value) >= 0;
        if (el.checked !== want) el.checked = want;
      });
    } else {
      var text = show(value);
      if (first.value !== text) first.value = text;
    }
  }

  /* A date as the examples print it, "31 March 2027" (definitions.py), not
   * by toLocaleDateString: the browser's date formatting costs a page's
   * start-up some 40 ms the first time it runs. */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  function longDate(iso) {
    var m = /^(\d{4,})-(\d\d)-(\d\d)$/.exec(iso);
    return m && MONTHS[m[2] - 1] ? Number(m[3]) + " " + MONTHS[m[2] - 1] + " " + m[1] : iso;
  }

  /* Paper twin: what prints in place of a box (writing lines or the answer). */
  function updatePaper(root) {
    each(root.querySelectorAll("input[data-ca-input], textarea[data-ca-input]"), function (el) {
      if (el.type === "radio" || el.type === "checkbox") return;
      var paper = el.parentNode.querySelector(".ca-paper");
      if (!paper) return;
      var text = el.type === "date" ? longDate(el.value) : el.value;
      setText(paper, text);
      setClass(paper, "is-filled", text.trim() !== "");
    });
  }

  function addRow(table) {
    var body = table.querySelector("tbody");
    var last = body.querySelector("tr:last-child");
    var index = body.querySelectorAll("tr").length;
    var row = last.cloneNode(true);
    var before = Number(last.getAttribute("data-ca-row"));
    row.setAttribute("data-ca-row", String(index));
    each(row.querySelectorAll("[id], [for], [name], [data-ca-row]"), function (el) {
      ["id", "for", "name"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace("-" + before + "-", "-" + index + "-"));
      });
      if (el.hasAttribute("data-ca-row")) el.setAttribute("data-ca-row", String(index));
    });
    each(row.querySelectorAll("label"), function (label) {
      var t = label.lastChild; /* ", row n" (hidden on screen) */
      t.textContent = t.textContent.replace(/row \d+$/, "row " + (index + 1));
    });
    each(row.querySelectorAll("textarea, input"), function (el) {
      el.value = "";
      el.removeAttribute("placeholder");
    });
    each(row.querySelectorAll(".ca-paper"), function (p) {
      p.textContent = "";
      p.classList.remove("is-filled");
    });
    body.appendChild(row);
    return row;
  }

  function score(root) {
    var total = 0;
    var answered = 0;
    var statements = root.querySelectorAll("[data-weight]");
    each(statements, function (li) {
      var on = li.querySelector("input:checked");
      if (on) {
        answered += 1;
        total += Number(on.value) * Number(li.getAttribute("data-weight"));
      }
    });
    var current = null;
    each(root.querySelectorAll("[data-band-min]"), function (band) {
      var hit = answered > 0 && total >= Number(band.getAttribute("data-band-min")) && total <= Number(band.getAttribute("data-band-max"));
      setClass(band, "is-current", hit);
      if (hit) current = band;
    });
    setText(root.querySelector("[data-score]"), String(total));
    setText(root.querySelector("[data-band]"), current ? current.getAttribute("data-band-name") : "not scored yet");
    var count = root.querySelector("[data-ca-count]");
    if (count) setText(count, answered < statements.length ? "(" + answered + " of " + statements.length + " answered)" : "");
  }

  var FULL = "Your browser's storage for this site is full, so new typing here is not being kept; what was saved before is safe. Download a backup on My plan, then clear answers you no longer need.";

  function setup(root, store, site) {
    if (root.getAttribute("data-ca-ready") === "1") return;
    root.setAttribute("data-ca-ready", "1");
    var key = root.getAttribute("data-ca-key");
    var isChecklist = root.hasAttribute("data-checklist");
    var noun = isChecklist ? "self-assessment" : "worksheet";
    var status = root.querySelector("[data-ca-status]");
    var notice = root.querySelector("[data-ca-notice]");
    var actions = root.querySelector("[data-ca-actions]");
    var saved = map(); /* what storage held at the last load, save or sync, even for fields no longer here */
    var dirty = map(); /* fields edited here and not saved yet */
    var clash = false; /* another tab changed a field this tab was editing */
    var canSave = !!store;
    var timer = null;

    function warn(text, info) {
      setText(notice, text);
      setHidden(notice, false);
      setClass(notice, "ca-notice--info", !!info);
    }
    function say(text) {
      setText(status, text);
    }
    function redraw() {
      updatePaper(root);
      if (isChecklist) score(root);
    }

    if (actions) setHidden(actions, false);
    each(root.querySelectorAll("[data-ca-add-row]"), function (button) {
      setHidden(button, false);
      button.addEventListener("click", function () {
        var table = button.closest("[data-ca-table]");
        var first = addRow(table).querySelector("textarea, input");
        if (first) first.focus();
        schedule(table.getAttribute("data-ca-table"));
      });
    });

    /* What storage holds now; an unreadable entry is first kept aside. */
    function load() {
      var entry = readEntry(store, key);
      if (entry.corrupt === undefined) return entry.values;
      var unread = "The answers saved for this " + noun + " could not be read, ";
      try {
        var backup = key + site.vocabulary.keys.unreadable;
        if (store.getItem(backup) === null) store.setItem(backup, entry.corrupt);
        warn(unread + "so they have been kept aside untouched (under \u201c" + backup + "\u201d in this browser's storage). You can start again here.");
      } catch (e) {
        canSave = false;
        warn(unread + "and there is no room to keep a copy aside, so nothing here will be saved until storage is freed.");
      }
      return map();
    }

    /* Show what another tab saved, except in fields edited here and not yet
     * saved: those edits are kept (and saved over it), and the reader is told. */
    function sync() {
      var now = load();
      var moved = false;
      fieldIds(root).forEach(function (f) {
        if (JSON.stringify(now[f]) === JSON.stringify(saved[f])) return;
        moved = true;
        if (dirty[f]) clash = true;
        else writeField(root, f, now[f]);
      });
      saved = now;
      if (moved) {
        redraw();
        say("Updated from another tab.");
      }
      if (clash) warn("This " + noun + " was also changed in another tab. What you typed here is kept; its other changes are shown.");
      return now;
    }

    if (!store) {
      warn("Your browser is not letting this site save anything (private browsing or strict privacy settings can do this). You can still type and print, but your answers will be gone when you leave this page.");
    } else {
      saved = load();
      Object.keys(saved).forEach(function (field) { writeField(root, field, saved[field]); });
      if (Object.keys(saved).length) say("Your saved answers are back.");
      var here = fieldIds(root);
      var earlier = Object.keys(saved).filter(function (f) { return here.indexOf(f) < 0 ? filled(saved[f]) : oldChoices(root, f, saved[f]).length; });
      if (state === "full") warn(FULL);
      else if (earlier.length) warn("You have " + earlier.length + " earlier answer" + (earlier.length > 1 ? "s" : "") + " to questions or choices no longer on this " + noun + ". They are kept in this browser, shown on My plan and included in every backup you download.", true);
      root.caSync = sync;
    }

    /* Write only the fields edited here, on top of what storage holds now. */
    function save() {
      timer = null;
      if (!canSave) return;
      var now = map(sync());
      if (!canSave) return;
      for (var f in dirty) now[f] = readField(root, f, now[f]);
      var json = JSON.stringify({ format: FORMAT, kind: isChecklist ? "checklist" : "worksheet", id: root.getAttribute(isChecklist ? "data-checklist" : "data-worksheet"), updated: new Date().toISOString(), values: now });
      if (json.length > MAX_CHARS) {
        say("Not saved.");
        warn("This " + noun + " has more text than this site saves in one place (about " + Math.round(MAX_CHARS / 1000) + ",000 characters). Shorten an answer, or keep the long version in a document of your own.");
        return;
      }
      try {
        store.setItem(key, json);
        saved = now;
        dirty = map();
        if (!clash) setHidden(notice, true);
        say("Saved on this device.");
      } catch (e) {
        say("Not saved.");
        warn(FULL);
      }
    }

    function schedule(e) {
      var f = typeof e === "string" ? e : e.target.getAttribute("data-ca-input");
      if (f !== null) dirty[f] = true;
      redraw();
      if (!canSave) return;
      say("Saving\u2026");
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY);
      pending.push(function () {
        if (timer) { clearTimeout(timer); save(); }
      });
    }

    root.addEventListener("input", schedule);
    root.addEventListener("change", schedule);

    root.querySelector("[data-ca-clear]").addEventListener("click", function () {
      if (!window.confirm("Clear every answer on this " + noun + "? This removes them from this browser and cannot be undone.")) return;
      if (timer) { clearTimeout(timer); timer = null; }
      each(root.querySelectorAll("[data-ca-input]"), function (el) {
        if (el.type === "radio" || el.type === "checkbox") el.checked = false;
        else el.value = "";
      });
      saved = map();
      dirty = map();
      clash = false;
      if (store && canSave) {
        try { store.removeItem(key); } catch (e) { /* nothing to clear */ }
      }
      redraw();
      setHidden(notice, true);
      say("Cleared.");
    });

    root.querySelector("[data-ca-print]").addEventListener("click", function () {
      updatePaper(root);
      document.body.classList.add("ca-print-one");
      root.classList.add("ca-print-target");
      var done = function () {
        document.body.classList.remove("ca-print-one");
        root.classList.remove("ca-print-target");
      };
      window.addEventListener("afterprint", done, { once: true });
      window.print();
    });

    redraw();
  }


  /* ---------- Course index and progress (My plan: my-plan.js) ---------- */

  /* Any stored value as text: pages show whatever they find. */
  function show(v) {
    return v == null ? "" : Array.isArray(v) ? v.map(show).join("; ") : typeof v === "object" ? JSON.stringify(v) : String(v);
  }

  function filled(value) {
    if (Array.isArray(value)) return value.some(function (v) { return v && typeof v === "object" ? anyFilled(v) : filled(v); });
    return typeof value === "string" ? value.trim() !== "" : value !== null && value !== undefined;
  }

  /* Does this map of answers (missing for an unreadable entry) hold any? */
  function anyFilled(values) {
    return !!values && Object.keys(values).some(function (f) { return filled(values[f]); });
  }

  /* The course index: whole on My plan; elsewhere without its modules,
   * which are in a file (see withIndex). Until that is here, `site` has no
   * modules (partial). */
  function siteIndex() {
    var el = document.querySelector("[data-ca-site]");
    if (!el) return null;
    try {
      var root = new URL((el.getAttribute("data-ca-site") || ".") + "/", location.href);
      var file = new URL(el.getAttribute("data-ca-index-file") || "", root).href;
      var site = map(JSON.parse(el.getAttribute("data-ca-index")));
      if (!site.modules) {
        site.partial = !loaded[file];
        site.modules = site.partial ? [] : window.careerAlliesIndex.modules;
      }
      site.root = root;
      site.file = file;
      return site;
    } catch (e) {
      return null;
    }
  }

  /* Run `then` once the script at `src` has loaded (or failed to): at once
   * if it is here already, and fetched once a visit (instant navigation
   * keeps it) however many ask meanwhile. For data files named by their content. */
  var loaded = map(), loading = map();
  function load(src, then) {
    if (loaded[src]) return then();
    if (loading[src]) return loading[src].push(then);
    loading[src] = [then];
    var script = document.createElement("script");
    script.src = src;
    script.onload = script.onerror = function (event) {
      if (event.type === "load") loaded[src] = true;
      var run = loading[src];
      delete loading[src];
      run.forEach(function (fn) { fn(); });
    };
    document.head.appendChild(script);
  }

  /* The index file, only when this browser holds something of this site's:
   * progress marks are all it is for, and with nothing saved there are none. */
  function withIndex(site, then) {
    if (site.partial && Object.keys(readAll(store, site.vocabulary.keys.prefix)).length) load(site.file, then);
  }

  /* Progress marks, the overview and the module's box: at once from what
   * the page holds, then again with the index if it has to load. */
  function showProgress() {
    var site = siteIndex();
    if (!site) return;
    progress(site, store);
    withIndex(site, function () {
      var full = siteIndex();
      if (full && !full.partial) progress(full, store);
    });
  }

  function pageUrl(site, url) {
    return new URL(url, site.root).href;
  }

  function readAll(store, prefix) {
    var out = {};
    if (!store) return out;
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) out[k] = store.getItem(k);
    }
    return out;
  }

  function readProgress(site, store) {
    return (store && readEntry(store, site.vocabulary.keys.progress).values) || map();
  }

  var STATE_TEXT = { done: "Done", started: "In progress" };

  /* The overview on the home page and My plan: "3 of 14 modules done", and a
   * link back to the worksheet changed last in a module not marked done (or
   * to the first such module). Shown only once something is saved. */
  function overview(site, store, done) {
    var box = document.querySelector("[data-ca-overview]");
    if (!box) return;
    var finished = 0, begun = 0, last = null, first = null;
    site.modules.forEach(function (module) {
      if (done[module.id]) { finished++; return; }
      if (!first) first = { module: module };
      var started = false;
      module.items.forEach(function (item) {
        var e = store ? readEntry(store, item.key) : {};
        if (!anyFilled(e.values)) return;
        started = true;
        if (!last || e.updated > last.updated) last = { module: module, item: item, updated: e.updated };
      });
      if (started) begun++;
    });
    /* `hidden` is written only when it changes: the same value still restyles the page. */
    setHidden(box, !finished && !begun);
    if (box.hidden) return;
    var total = site.modules.length;
    var of = " of " + total + " module" + (total === 1 ? "" : "s");
    setText(box.querySelector("[data-ca-overview-count]"), finished ? finished + of + " done" + (begun ? ", " + begun + " more in progress." : ".") : begun + of + " in progress.");
    var to = last || first;
    var next = box.querySelector("[data-ca-overview-next]");
    setHidden(next, !to);
    if (!to) return;
    var link = next.querySelector("a");
    var href = pageUrl(site, to.module.url) + (to.item ? "#ca-" + to.item.id + "-title" : "");
    if (link.href !== href) link.href = href;
    setText(link, "Continue where you left off: " + to.module.title);
  }

  function progress(site, store) {
    var done = readProgress(site, store);
    overview(site, store, done);
    /* The links, looked up once; a mark already showing the right state
     * stays (removing and adding it again restyles the page for nothing). */
    var links = map(), keep = [];
    each(document.querySelectorAll(".md-nav--primary .md-nav__link[href], .ca-course-map a[href]"), function (a) {
      (links[a.href] = links[a.href] || []).push(a); /* not links to a section (#...) of a page */
    });
    site.modules.forEach(function (module) {
      var state = done[module.id] ? "done" : module.items.some(function (item) { return store && anyFilled(readEntry(store, item.key).values); }) ? "started" : "none";
      if (state === "none") return;
      var name = "ca-progress ca-progress--" + state;
      (links[pageUrl(site, module.url)] || []).forEach(function (a) {
        var host = a.querySelector(".md-ellipsis") || a;
        var mark = host.querySelector("[data-ca-progress]");
        if (!mark || mark.className !== name) {
          mark = document.createElement("span");
          mark.className = name;
          mark.setAttribute("data-ca-progress", "");
          mark.textContent = STATE_TEXT[state];
          host.appendChild(mark);
        }
        keep.push(mark);
      });
    });
    each(document.querySelectorAll("[data-ca-progress]"), function (el) {
      if (keep.indexOf(el) < 0) el.remove();
    });
    var box = document.querySelector("[data-ca-module]");
    if (!box) return;
    var id = box.getAttribute("data-ca-module");
    var module = { id: id, items: JSON.parse(box.getAttribute("data-ca-module-items") || "[]") };
    if (!store) return;
    setHidden(box, false);
    var check = box.querySelector("[data-ca-done]");
    var status = box.querySelector("[data-ca-module-status]");
    function show() {
      var begun = module.items.filter(function (item) { return anyFilled(readEntry(store, item.key).values); }).length;
      var n = module.items.length;
      var say = box.querySelector("[data-ca-word=" + (check.checked ? "done" : !begun ? "none" : begun < n ? "some" : "all") + "]");
      setText(status, say ? say.textContent.replace("{0}", begun) : "");
    }
    if (check.checked !== !!done[id]) check.checked = !!done[id];
    show();
    if (box.getAttribute("data-ca-ready") !== "1") {
      box.setAttribute("data-ca-ready", "1");
      check.addEventListener("change", function () {
        var now = readProgress(site, store);
        if (check.checked) now[id] = new Date().toISOString();
        else delete now[id];
        try {
          store.setItem(site.vocabulary.keys.progress, JSON.stringify({ format: FORMAT, kind: "progress", updated: new Date().toISOString(), values: now }));
        } catch (e) { /* storage full: the box just will not stay ticked */ }
        showProgress();
      });
      document.addEventListener("change", function (event) {
        if (event.target.closest && event.target.closest("[data-ca-key]")) setTimeout(show, DELAY + 50);
      });
    }
  }

  function flush() {
    var waiting = pending;
    pending = [];
    waiting.forEach(function (fn) { fn(); });
  }

  /* My plan's code is a script of its own (my-plan.js), on that page only:
   * in the page from the build, or fetched here when instant navigation
   * arrives at My plan. It shares this script's storage code through this
   * one object, and registers itself as `plan`. */
  var shared = window.careerAllies = {
    FORMAT: FORMAT, each: each, map: map, isMap: isMap, list: list, show: show, filled: filled,
    readEntry: readEntry, readAll: readAll, pageUrl: pageUrl, progress: progress, load: load,
    state: function () { return state; },
    plan: null,
    startPlan: startPlan
  };

  function startPlan() {
    var root = document.querySelector("[data-ca-plan]");
    var site = siteIndex();
    if (!root || !site || store === undefined) return; /* store: undefined until init */
    if (shared.plan) return shared.plan(root, site, store);
    if (document.querySelector("script[data-ca-plan-script]")) return; /* on its way; it calls back */
    var script = document.createElement("script");
    script.src = new URL("assets/javascripts/my-plan.js", site.root).href;
    script.setAttribute("data-ca-plan-script", "");
    document.head.appendChild(script);
  }

  function init() {
    flush();
    store = openStorage();
    var site = siteIndex();
    each(document.querySelectorAll("[data-ca-key]"), function (root) { setup(root, store, site); });
    showProgress();
    startPlan();
  }

  /* Save what is waiting before any way of leaving the page: a link (instant
   * navigation swaps the page without unloading it), back/forward, or closing. */
  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest("a[href]")) flush();
  }, true);
  window.addEventListener("popstate", flush);
  /* Another tab saved: show it here (worksheets keep unsaved edits). */
  window.addEventListener("storage", function (event) {
    if (!store || event.key === PROBE) return;
    each(document.querySelectorAll("[data-ca-key]"), function (root) {
      if (root.caSync && (event.key === null || event.key === root.getAttribute("data-ca-key"))) root.caSync();
    });
    showProgress();
    var plan = document.querySelector("[data-ca-plan]");
    if (plan && plan.caRefresh) plan.caRefresh();
  });
  /* Filled-in examples print only if the reader opened them. Material opens
   * every <details> before printing; a capturing listener on window runs
   * first, so it sees what the reader left closed and marks it for the
   * print style sheet to skip. */
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details.ca-example"), function (el) {
      if (!el.open) el.setAttribute("data-ca-print-skip", "");
    });
  }, true);
  window.addEventListener("afterprint", function () {
    each(document.querySelectorAll("[data-ca-print-skip]"), function (el) { el.removeAttribute("data-ca-print-skip"); });
  }, true);
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
