/* Career Allies: fill in worksheets and self-assessments, saved in this
 * browser only (localStorage). No dependencies; nothing is sent anywhere.
 * Loaded on the pages that have one (the site model knows which), after
 * career-allies.js, whose storage code it uses through window.careerAllies;
 * it registers itself there as `forms`, which that script runs on every
 * visit to such a page (instant navigation included). */
(() => {
  "use strict";

  var ca = window.careerAllies;
  if (!ca) return;
  var { FORMAT, DELAY, all, one, map, list, same, setText, setHidden, show, filled, readEntry, later } = ca;
  var MAX_CHARS = 200000; /* one worksheet's saved answers, as JSON */
  var store; /* this browser's storage, as career-allies.js opened it for this page (null: blocked) */

  /* Written only when it changes, as setText and setHidden (career-allies.js). */
  function setClass(el, name, on) {
    if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
  }

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
      /* Every row up to the last with an answer shows. */
      var last = rows.reduce((at, row, r) => (row && typeof row === "object" && filled(Object.values(row)) ? r : at), -1);
      if (table) all("tbody tr", table).slice(0, last + 1).forEach((tr) => tr.removeAttribute("data-ca-spare"));
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

  /* A row more for the table: its first spare one (past the first few,
   * rows wait hidden on screen: career-allies.css), or a copy of its last. */
  function addRow(table) {
    var spare = one("tbody tr[data-ca-spare]", table);
    if (spare) {
      spare.removeAttribute("data-ca-spare");
      return spare;
    }
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
    /* How many rows each table shows before any are added (Clear goes back to it). */
    var shown = all("[data-ca-table]", root).map((table) => [table, all("tbody tr:not([data-ca-spare])", table).length]);
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
      if (ca.state() === "full") warn(FULL);
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
      later(() => {
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
      shown.forEach(([table, n]) => all("tbody tr", table).slice(n).forEach((tr) => tr.setAttribute("data-ca-spare", "")));
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

  /* Another tab saved: show it here (edits not saved yet are kept). */
  addEventListener("storage", (event) => {
    all("[data-ca-key]").forEach((root) => {
      if (root.caSync && (event.key === null || event.key === root.dataset.caKey)) root.caSync();
    });
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

  ca.forms = (here, site, s) => {
    store = s;
    all("[data-ca-key]").forEach((root) => setup(root, site));
  };
  ca.startForms();
})();
