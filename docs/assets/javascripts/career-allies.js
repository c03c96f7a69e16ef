/* Career Allies on every page: this browser's storage (localStorage),
 * progress marks, and the code the page scripts share (window.careerAllies).
 * The worksheets and self-assessments are career-allies-forms.js, on pages
 * that have one; My plan is my-plan.js. No dependencies; nothing is sent
 * anywhere. Re-runs on every page of Material's instant navigation (document$).
 * Written for the browsers the theme supports (arrow functions, spread);
 * the build minifies it. */
(() => {
  "use strict";

  var FORMAT = 1;
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
   * modules (partial). The page's JSON is parsed once a page (My plan's is
   * the whole course), then copied for each caller. */
  var parsed = new WeakMap();
  function siteIndex() {
    var el = one("[data-ca-site]");
    if (!el) return null;
    try {
      var root = new URL((el.dataset.caSite || ".") + "/", location.href);
      var file = new URL(el.dataset.caIndexFile || "", root).href;
      if (!parsed.has(el)) parsed.set(el, JSON.parse(el.dataset.caIndex));
      var site = map(parsed.get(el));
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

  /* The forms' code (career-allies-forms.js) and My plan's (my-plan.js) are
   * scripts of their own, each on the pages that use it: in the page from the
   * build, or fetched here when instant navigation arrives at such a page.
   * They share this script's storage code through this one object, and
   * register themselves in it as `forms` and `plan`, run on every visit. */
  var shared = window.careerAllies = {
    FORMAT, DELAY, all, one, map, isMap, list, same, setText, setHidden, show, filled, readEntry, readAll, pageUrl, progress, load, startPlan, startForms,
    later: (fn) => pending.push(fn),
    state: () => state,
    forms: null,
    plan: null
  };

  /* Run a page script's code on `here` (the page has none: nothing to do);
   * its file is the one the build names (vocabulary.PAGE_SCRIPTS). */
  function start(name, here) {
    if (!here || store === undefined) return; /* store: undefined until init */
    var site = siteIndex(); /* read only where a page script runs: it parses the index */
    if (!site) return;
    if (shared[name]) return shared[name](here, site, store);
    var mark = `data-ca-${name}-script`;
    if (one(`script[${mark}]`)) return; /* on its way; it calls back */
    var script = document.createElement("script");
    script.src = pageUrl(site, site.vocabulary.scripts[name]);
    script.setAttribute(mark, "");
    document.head.appendChild(script);
  }
  /* The forms' script did not arrive (offline, a blocked file): nothing typed
   * here would be kept, so each form says so where it warns of other trouble,
   * and a table shows all its rows, as on paper ("Add a row" is that script's).
   * Its script element goes, so the next visit to a page with forms tries again. */
  addEventListener("error", (event) => {
    var script = event.target;
    if (!script || !script.matches || !script.matches("script[data-ca-forms-script]")) return;
    script.remove();
    all("[data-ca-notice]").forEach((notice) => {
      setText(notice, "Your answers can't be saved on this page: part of it didn't load. " +
        "Reload the page before you type, or print the form and fill it in by hand.");
      setHidden(notice, false);
    });
    all("tr[data-ca-spare]").forEach((row) => row.removeAttribute("data-ca-spare"));
  }, true);
  /* The build marks the pages with forms (data-ca-forms, from the site model). */
  function startForms() {
    start("forms", one("[data-ca-site][data-ca-forms]"));
  }
  function startPlan() {
    start("plan", one("[data-ca-plan]"));
  }

  function init() {
    flush();
    store = openStorage();
    startForms();
    showProgress();
    startPlan();
  }

  /* Save what is waiting before any way of leaving the page: a link (instant
   * navigation swaps the page without unloading it), back/forward, or closing. */
  document.addEventListener("click", (event) => {
    if (event.target && event.target.closest && event.target.closest("a[href]")) flush();
  }, true);
  addEventListener("popstate", flush);
  /* Another tab saved: show it here (the forms' script shows it in them). */
  addEventListener("storage", (event) => {
    if (!store || event.key === PROBE) return;
    showProgress();
    var plan = one("[data-ca-plan]");
    if (plan && plan.caRefresh) plan.caRefresh();
  });
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });
  var ready = window.document$;
  if (ready && typeof ready.subscribe === "function") ready.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
