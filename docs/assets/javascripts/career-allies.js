/* Career Allies: fill in worksheets and self-assessments, saved in this
 * browser only (localStorage). No dependencies; nothing is sent anywhere.
 * Re-runs on every page of Material's instant navigation (document$).
 * Written for the browsers the theme supports (arrow functions, spread);
 * the build minifies it. */
(() => {
  "use strict";

  var FORMAT = 1;
  var MAX_CHARS = 200000; /* one worksheet's saved answers, as JSON */
  var DELAY = 400; /* ms of quiet typing before a save */
  var pending = []; /* saves waiting for the delay, flushed on navigation */

  /* The elements in `root` (the whole page by default) that match `css`. */
  function all(css, root) {
    return [...(root || document).querySelectorAll(css)];
  }
  function one(css, root) {
    return (root || document).querySelector(css);
  }

  /* Field names are data: answers live in maps without Object's built-ins,
   * so "constructor" or "__proto__" is a name like any other. */
  function map(from) {
    return Object.assign(Object.create(null), typeof from === "object" ? from : null);
  }
  function isMap(v) {
    return !!v && typeof v === "object" && !Array.isArray(v);
  }
  function list(v) {
    return v == null ? [] : [].concat(v);
  }
  var same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

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
    try { s = localStorage; s.getItem(PROBE); } catch (e) { state = "blocked"; return null; }
    try { s.setItem(PROBE, "1"); s.removeItem(PROBE); state = "ok"; } catch (e) { state = "full"; }
    return s;
  }

  /* Read one entry. Returns {values} for good data, {values: {}} when there
   * is none, or {corrupt: raw} when it can't be used as saved answers. */
  function readEntry(key) {
    var raw = null;
    try { raw = store.getItem(key); } catch (e) { /* as if empty */ }
    if (raw === null) return { values: map() };
    try {
      var data = JSON.parse(raw);
      if (data && isMap(data.values)) return { values: map(data.values), updated: String(data.updated || "") };
    } catch (e) { /* fall through */ }
    return { corrupt: raw };
  }

  /* Has the reader answered anything in this worksheet (its item in the
   * course index)? */
  var begun = (item) => !!store && anyFilled(readEntry(item.key).values);

  var fieldOf = (el) => el.dataset.caInput;
  var inputs = (root, field) => all("[data-ca-input]", root).filter((el) => fieldOf(el) === field);
  var fieldIds = (root) => [...new Set(all("[data-ca-input]", root).map(fieldOf))];
  var isChoice = (el) => el.type === "checkbox" || el.type === "radio";
  var isRow = (el) => "caRow" in el.dataset;

  /* Stored choices this page no longer offers: kept, never dropped. */
  function oldChoices(root, field, value) {
    var els = inputs(root, field);
    if (!els[0] || !isChoice(els[0])) return [];
    var offered = els.map((el) => el.value);
    return list(value).filter((v) => filled(v) && !offered.includes(String(v)));
  }

  /* The current value of one field, as saved: text, a choice id, a list of
   * choice ids, or a list of table rows ({column: text}). `was` is what is
   * stored: choices and columns no longer on the page stay in the result. */
  function readField(root, field, was) {
    var els = inputs(root, field);
    var first = els[0];
    var on = els.filter((el) => el.checked).map((el) => el.value);
    if (isRow(first)) {
      var rows = [];
      els.forEach((el) => {
        var r = el.dataset.caRow;
        rows[r] = rows[r] || map(Array.isArray(was) && was[r]);
        rows[r][el.dataset.caCol] = el.value;
      });
      return rows.map((row) => row || {});
    }
    if (first.type === "checkbox") return on.concat(oldChoices(root, field, was));
    if (first.type === "radio") return on[0] || "";
    return first.value;
  }

  function writeField(root, field, value) {
    var els = inputs(root, field);
    var first = els[0];
    if (!first) return;
    var set = (el, v) => { if (el.value !== v) el.value = v; };
    if (isRow(first)) {
      var rows = Array.isArray(value) ? value : [];
      var table = one(`[data-ca-table="${field}"]`, root);
      while (table && all("tbody tr", table).length < rows.length) addRow(table);
      inputs(root, field).forEach((el) => {
        var row = rows[el.dataset.caRow];
        set(el, row && typeof row === "object" ? show(row[el.dataset.caCol]) : "");
      });
    } else if (isChoice(first)) {
      var on = list(value).map(String);
      els.forEach((el) => {
        var want = on.includes(el.value);
        if (el.checked !== want) el.checked = want;
      });
    } else {
      set(first, show(value));
    }
  }

  /* A date as the examples print it, "31 March 2027" (definitions.py), not
   * by toLocaleDateString: the browser's date formatting costs a page's
   * start-up some 40 ms the first time it runs. */
  var MONTHS = "January February March April May June July August September October November December".split(" ");
  function longDate(iso) {
    var m = /^(\d{4,})-(\d\d)-(\d\d)$/.exec(iso);
    return m && MONTHS[m[2] - 1] ? `${+m[3]} ${MONTHS[m[2] - 1]} ${m[1]}` : iso;
  }

  /* Paper twin: what prints in place of a box (writing lines or the answer). */
  function updatePaper(root) {
    all("input[data-ca-input], textarea[data-ca-input]", root).forEach((el) => {
      var paper = !isChoice(el) && one(".ca-paper", el.parentNode);
      if (!paper) return;
      var text = el.type === "date" ? longDate(el.value) : el.value;
      setText(paper, text);
      setClass(paper, "is-filled", text.trim() !== "");
    });
  }

  function addRow(table) {
    var body = one("tbody", table);
    var last = body.lastElementChild;
    var index = body.children.length;
    var row = last.cloneNode(true);
    var before = "-" + last.dataset.caRow + "-";
    [row, ...all("[id], [for], [name], [data-ca-row]", row)].forEach((el) => {
      ["id", "for", "name"].forEach((attr) => {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(before, `-${index}-`));
      });
      if (isRow(el)) el.dataset.caRow = index;
    });
    all("label", row).forEach((label) => {
      var t = label.lastChild; /* ", row n" (hidden on screen) */
      t.textContent = t.textContent.replace(/row \d+$/, "row " + (index + 1));
    });
    all("textarea, input", row).forEach((el) => {
      el.value = "";
      el.removeAttribute("placeholder");
    });
    all(".ca-paper", row).forEach((p) => {
      p.textContent = "";
      p.classList.remove("is-filled");
    });
    body.appendChild(row);
    return row;
  }

  function score(root) {
    var total = 0;
    var answered = 0;
    var statements = all("[data-weight]", root);
    statements.forEach((li) => {
      var on = one("input:checked", li);
      if (on) {
        answered += 1;
        total += on.value * li.dataset.weight;
      }
    });
    var current = null;
    all("[data-band-min]", root).forEach((band) => {
      var hit = answered > 0 && total >= +band.dataset.bandMin && total <= +band.dataset.bandMax;
      setClass(band, "is-current", hit);
      if (hit) current = band;
    });
    setText(one("[data-score]", root), String(total));
    setText(one("[data-band]", root), current ? current.dataset.bandName : "not scored yet");
    var count = one("[data-ca-count]", root);
    var n = statements.length;
    if (count) setText(count, answered < n ? `(${answered} of ${n} answered)` : "");
  }

  var FULL = "Your browser's storage for this site is full, so new typing here is not being kept; what was saved before is safe. Download a backup on My plan, then clear answers you no longer need.";

  function setup(root, site) {
    if (root.dataset.caReady === "1") return;
    root.dataset.caReady = "1";
    var key = root.dataset.caKey;
    var isChecklist = "checklist" in root.dataset;
    var noun = isChecklist ? "self-assessment" : "worksheet";
    var status = one("[data-ca-status]", root);
    var notice = one("[data-ca-notice]", root);
    var actions = one("[data-ca-actions]", root);
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
    var say = (text) => setText(status, text);
    function redraw() {
      updatePaper(root);
      if (isChecklist) score(root);
    }
    function listen(css, fn) {
      one(css, root).addEventListener("click", fn);
    }

    if (actions) setHidden(actions, false);
    all("[data-ca-add-row]", root).forEach((button) => {
      setHidden(button, false);
      button.addEventListener("click", () => {
        var table = button.closest("[data-ca-table]");
        var first = one("textarea, input", addRow(table));
        if (first) first.focus();
        schedule(table.dataset.caTable);
      });
    });

    /* What storage holds now; an unreadable entry is first kept aside. */
    function load() {
      var entry = readEntry(key);
      if (entry.corrupt === undefined) return entry.values;
      var unread = `The answers saved for this ${noun} could not be read, `;
      try {
        var backup = key + site.vocabulary.keys.unreadable;
        if (store.getItem(backup) === null) store.setItem(backup, entry.corrupt);
        warn(unread + `so they have been kept aside untouched (under \u201c${backup}\u201d in this browser's storage). You can start again here.`);
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
      fieldIds(root).forEach((f) => {
        if (same(now[f], saved[f])) return;
        moved = true;
        if (dirty[f]) clash = true;
        else writeField(root, f, now[f]);
      });
      saved = now;
      if (moved) {
        redraw();
        say("Updated from another tab.");
      }
      if (clash) warn(`This ${noun} was also changed in another tab. What you typed here is kept; its other changes are shown.`);
      return now;
    }

    if (!store) {
      warn("Your browser is not letting this site save anything (private browsing or strict privacy settings can do this). You can still type and print, but your answers will be gone when you leave this page.");
    } else {
      saved = load();
      var fields = Object.keys(saved);
      fields.forEach((field) => writeField(root, field, saved[field]));
      if (fields.length) say("Your saved answers are back.");
      var here = fieldIds(root);
      var earlier = fields.filter((f) => here.includes(f) ? oldChoices(root, f, saved[f]).length : filled(saved[f])).length;
      if (state === "full") warn(FULL);
      else if (earlier) warn(`You have ${earlier} earlier answer${earlier > 1 ? "s" : ""} to questions or choices no longer on this ${noun}. They are kept in this browser, shown on My plan and included in every backup you download.`, true);
      root.caSync = sync;
    }

    /* Write only the fields edited here, on top of what storage holds now. */
    function save() {
      timer = null;
      if (!canSave) return;
      var now = map(sync());
      if (!canSave) return;
      for (var f in dirty) now[f] = readField(root, f, now[f]);
      var json = JSON.stringify({ format: FORMAT, kind: isChecklist ? "checklist" : "worksheet", id: isChecklist ? root.dataset.checklist : root.dataset.worksheet, updated: new Date().toISOString(), values: now });
      if (json.length > MAX_CHARS) {
        say("Not saved.");
        warn(`This ${noun} has more text than this site saves in one place (about ${MAX_CHARS / 1000},000 characters). Shorten an answer, or keep the long version in a document of your own.`);
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
      var f = typeof e === "string" ? e : fieldOf(e.target);
      if (f != null) dirty[f] = true;
      redraw();
      if (!canSave) return;
      say("Saving\u2026");
      clearTimeout(timer);
      timer = setTimeout(save, DELAY);
      pending.push(() => {
        if (timer) { clearTimeout(timer); save(); }
      });
    }

    root.addEventListener("input", schedule);
    root.addEventListener("change", schedule);

    listen("[data-ca-clear]", () => {
      if (!confirm(`Clear every answer on this ${noun}? This removes them from this browser and cannot be undone.`)) return;
      clearTimeout(timer);
      timer = null;
      all("[data-ca-input]", root).forEach((el) => {
        if (isChoice(el)) el.checked = false;
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

    listen("[data-ca-print]", () => {
      var mark = (on) => {
        document.body.classList.toggle("ca-print-one", on);
        root.classList.toggle("ca-print-target", on);
      };
      updatePaper(root);
      mark(true);
      addEventListener("afterprint", () => mark(false), { once: true });
      print();
    });

    redraw();
  }


  /* ---------- Course index and progress (My plan: my-plan.js) ---------- */

  /* Any stored value as text: pages show whatever they find. */
  function show(v) {
    return v == null ? "" : Array.isArray(v) ? v.map(show).join("; ") : typeof v === "object" ? JSON.stringify(v) : String(v);
  }

  function filled(value) {
    if (Array.isArray(value)) return value.some((v) => v && typeof v === "object" ? anyFilled(v) : filled(v));
    return typeof value === "string" ? value.trim() !== "" : value != null;
  }

  /* Does this map of answers (missing for an unreadable entry) hold any? */
  function anyFilled(values) {
    return !!values && Object.keys(values).some((f) => filled(values[f]));
  }

  /* The course index: whole on My plan; elsewhere without its modules,
   * which are in a file (see withIndex). Until that is here, `site` has no
   * modules (partial). */
  function siteIndex() {
    var el = one("[data-ca-site]");
    if (!el) return null;
    try {
      var root = new URL((el.dataset.caSite || ".") + "/", location.href);
      var file = new URL(el.dataset.caIndexFile || "", root).href;
      var site = map(JSON.parse(el.dataset.caIndex));
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
    script.onload = script.onerror = (event) => {
      if (event.type === "load") loaded[src] = true;
      var run = loading[src];
      delete loading[src];
      run.forEach((fn) => fn());
    };
    document.head.appendChild(script);
  }

  /* The index file, only when this browser holds something of this site's:
   * progress marks are all it is for, and with nothing saved there are none. */
  function withIndex(site, then) {
    if (site.partial && Object.keys(readAll(site.vocabulary.keys.prefix)).length) load(site.file, then);
  }

  /* Progress marks, the overview and the module's box: at once from what
   * the page holds, then again with the index if it has to load. */
  function showProgress() {
    var site = siteIndex();
    if (!site) return;
    progress(site);
    withIndex(site, () => {
      var full = siteIndex();
      if (full && !full.partial) progress(full);
    });
  }

  var pageUrl = (site, url) => new URL(url, site.root).href;

  function readAll(prefix) {
    var out = {};
    for (var i = 0; store && i < store.length; i++) {
      var k = store.key(i);
      if (k && k.startsWith(prefix)) out[k] = store.getItem(k);
    }
    return out;
  }

  var STATE_TEXT = { done: "Done", started: "In progress" };

  /* The overview on the home page and My plan: "3 of 14 modules done", and a
   * link back to the worksheet changed last in a module not marked done (or
   * to the first such module). Shown only once something is saved. */
  function overview(site, done) {
    var box = one("[data-ca-overview]");
    if (!box) return;
    var finished = 0, started = 0, last = null, first = null;
    site.modules.forEach((module) => {
      if (done[module.id]) return finished++;
      first = first || { module };
      var was = started;
      module.items.forEach((item) => {
        var e = readEntry(item.key);
        if (!anyFilled(e.values)) return;
        if (was === started) started++;
        if (!last || e.updated > last.updated) last = { module, item, updated: e.updated };
      });
    });
    /* `hidden` is written only when it changes: the same value still restyles the page. */
    setHidden(box, !finished && !started);
    if (box.hidden) return;
    var total = site.modules.length;
    var of = ` of ${total} module${total === 1 ? "" : "s"}`;
    setText(one("[data-ca-overview-count]", box), finished ? finished + of + " done" + (started ? `, ${started} more in progress.` : ".") : started + of + " in progress.");
    var to = last || first;
    var next = one("[data-ca-overview-next]", box);
    setHidden(next, !to);
    if (!to) return;
    var link = one("a", next);
    var href = pageUrl(site, to.module.url) + (to.item ? `#ca-${to.item.id}-title` : "");
    if (link.href !== href) link.href = href;
    setText(link, "Continue where you left off: " + to.module.title);
  }

  var readProgress = (site) => (store && readEntry(site.vocabulary.keys.progress).values) || map();

  function progress(site) {
    var done = readProgress(site);
    overview(site, done);
    /* The links, looked up once; a mark already showing the right state
     * stays (removing and adding it again restyles the page for nothing). */
    var links = map(), keep = [];
    all(".md-nav--primary .md-nav__link[href], .ca-course-map a[href]").forEach((a) => {
      (links[a.href] = links[a.href] || []).push(a); /* not links to a section (#...) of a page */
    });
    site.modules.forEach((module) => {
      var state = done[module.id] ? "done" : module.items.some(begun) ? "started" : "";
      var name = "ca-progress ca-progress--" + state;
      if (state) (links[pageUrl(site, module.url)] || []).forEach((a) => {
        var host = one(".md-ellipsis", a) || a;
        var mark = one("[data-ca-progress]", host);
        if (!mark || mark.className !== name) {
          mark = host.appendChild(document.createElement("span"));
          mark.className = name;
          mark.dataset.caProgress = "";
          mark.textContent = STATE_TEXT[state];
        }
        keep.push(mark);
      });
    });
    all("[data-ca-progress]").forEach((el) => keep.includes(el) || el.remove());
    var box = one("[data-ca-module]");
    if (!box || !store) return;
    var id = box.dataset.caModule;
    var items = JSON.parse(box.dataset.caModuleItems || "[]");
    setHidden(box, false);
    var check = one("[data-ca-done]", box);
    function show() {
      var n = items.filter(begun).length;
      var say = one(`[data-ca-word=${check.checked ? "done" : !n ? "none" : n < items.length ? "some" : "all"}]`, box);
      setText(one("[data-ca-module-status]", box), say ? say.textContent.replace("{0}", n) : "");
    }
    if (check.checked !== !!done[id]) check.checked = !!done[id];
    show();
    if (box.dataset.caReady !== "1") {
      box.dataset.caReady = "1";
      check.addEventListener("change", () => {
        var now = readProgress(site);
        if (check.checked) now[id] = new Date().toISOString();
        else delete now[id];
        try {
          store.setItem(site.vocabulary.keys.progress, JSON.stringify({ format: FORMAT, kind: "progress", updated: new Date().toISOString(), values: now }));
        } catch (e) { /* storage full: the box just will not stay ticked */ }
        showProgress();
      });
      document.addEventListener("change", (event) => {
        if (event.target.closest && event.target.closest("[data-ca-key]")) setTimeout(show, DELAY + 50);
      });
    }
  }

  function flush() {
    var waiting = pending;
    pending = [];
    waiting.forEach((fn) => fn());
  }

  /* My plan's code is a script of its own (my-plan.js), on that page only:
   * in the page from the build, or fetched here when instant navigation
   * arrives at My plan. It shares this script's storage code through this
   * one object, and registers itself as `plan`. */
  var shared = window.careerAllies = {
    FORMAT, all, one, map, isMap, list, same, show, filled, readEntry, readAll, pageUrl, progress, load, startPlan,
    state: () => state,
    plan: null
  };

  function startPlan() {
    var root = one("[data-ca-plan]");
    var site = siteIndex();
    if (!root || !site || store === undefined) return; /* store: undefined until init */
    if (shared.plan) return shared.plan(root, site, store);
    if (one("script[data-ca-plan-script]")) return; /* on its way; it calls back */
    var script = document.createElement("script");
    script.src = pageUrl(site, "assets/javascripts/my-plan.js");
    script.dataset.caPlanScript = "";
    document.head.appendChild(script);
  }

  function init() {
    flush();
    store = openStorage();
    var site = siteIndex();
    all("[data-ca-key]").forEach((root) => setup(root, site));
    showProgress();
    startPlan();
  }

  /* Save what is waiting before any way of leaving the page: a link (instant
   * navigation swaps the page without unloading it), back/forward, or closing. */
  document.addEventListener("click", (event) => {
    if (event.target && event.target.closest && event.target.closest("a[href]")) flush();
  }, true);
  addEventListener("popstate", flush);
  /* Another tab saved: show it here (worksheets keep unsaved edits). */
  addEventListener("storage", (event) => {
    if (!store || event.key === PROBE) return;
    all("[data-ca-key]").forEach((root) => {
      if (root.caSync && (event.key === null || event.key === root.dataset.caKey)) root.caSync();
    });
    showProgress();
    var plan = one("[data-ca-plan]");
    if (plan && plan.caRefresh) plan.caRefresh();
  });
  /* Filled-in examples print only if the reader opened them. Material opens
   * every <details> before printing; a capturing listener on window runs
   * first, so it sees what the reader left closed and marks it for the
   * print style sheet to skip. */
  addEventListener("beforeprint", () => {
    all("details.ca-example:not([open])").forEach((el) => { el.dataset.caPrintSkip = ""; });
  }, true);
  addEventListener("afterprint", () => {
    all("[data-ca-print-skip]").forEach((el) => { delete el.dataset.caPrintSkip; });
  }, true);
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
  var ready = window.document$;
  if (ready && typeof ready.subscribe === "function") ready.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
