/* Career Allies: fill in worksheets and self-assessments, saved in this
 * browser only (localStorage). No dependencies; nothing is sent anywhere.
 * Re-runs on every page of Material's instant navigation (document$). */
(function () {
  "use strict";

  var FORMAT = 1;
  var MAX_CHARS = 200000; /* one worksheet's saved answers, as JSON */
  var DELAY = 400; /* ms of quiet typing before a save */
  var pending = []; /* saves waiting for the delay, flushed on navigation */

  function openStorage() {
    try {
      var s = window.localStorage;
      var probe = "career-allies:probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  /* Read one entry. Returns {values} for good data, {values: {}} when there
   * is none, or {corrupt: raw} when it can't be used as saved answers. */
  function readEntry(store, key) {
    var raw;
    try {
      raw = store.getItem(key);
    } catch (e) {
      return { values: {} };
    }
    if (raw === null) return { values: {} };
    try {
      var data = JSON.parse(raw);
      if (data && typeof data === "object" && data.values && typeof data.values === "object" && !Array.isArray(data.values)) {
        return { values: data.values };
      }
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
    Array.prototype.forEach.call(root.querySelectorAll("[data-ca-input]"), function (el) {
      var id = el.getAttribute("data-ca-input");
      if (seen.indexOf(id) < 0) seen.push(id);
    });
    return seen;
  }

  /* The current value of one field, as saved: text, a choice id, a list of
   * choice ids, or a list of table rows ({column: text}). */
  function readField(root, field) {
    var els = inputs(root, field);
    var first = els[0];
    if (first.hasAttribute("data-ca-row")) {
      var rows = [];
      els.forEach(function (el) {
        var r = Number(el.getAttribute("data-ca-row"));
        rows[r] = rows[r] || {};
        rows[r][el.getAttribute("data-ca-col")] = el.value;
      });
      return rows.map(function (row) { return row || {}; });
    }
    if (first.type === "checkbox") {
      return els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
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
        var cell = row && typeof row === "object" ? row[el.getAttribute("data-ca-col")] : "";
        el.value = typeof cell === "string" ? cell : "";
      });
    } else if (first.type === "checkbox") {
      var list = Array.isArray(value) ? value.map(String) : [];
      els.forEach(function (el) { el.checked = list.indexOf(el.value) >= 0; });
    } else if (first.type === "radio") {
      els.forEach(function (el) { el.checked = value !== null && value !== undefined && String(value) === el.value; });
    } else {
      first.value = typeof value === "string" ? value : "";
    }
  }

  /* Paper twin: what prints in place of a box (writing lines or the answer). */
  function updatePaper(root) {
    Array.prototype.forEach.call(root.querySelectorAll("input[data-ca-input], textarea[data-ca-input]"), function (el) {
      if (el.type === "radio" || el.type === "checkbox") return;
      var paper = el.parentNode.querySelector(".ca-paper");
      if (!paper) return;
      var text = el.value;
      if (el.type === "date" && text) {
        var d = new Date(text + "T00:00:00");
        if (!isNaN(d)) text = d.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
      }
      paper.textContent = text;
      paper.classList.toggle("is-filled", text.trim() !== "");
    });
  }

  function addRow(table) {
    var body = table.querySelector("tbody");
    var last = body.querySelector("tr:last-child");
    var index = body.querySelectorAll("tr").length;
    var row = last.cloneNode(true);
    var before = Number(last.getAttribute("data-ca-row"));
    row.setAttribute("data-ca-row", String(index));
    Array.prototype.forEach.call(row.querySelectorAll("[id], [for], [name], [data-ca-row]"), function (el) {
      ["id", "for", "name"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace("-" + before + "-", "-" + index + "-"));
      });
      if (el.hasAttribute("data-ca-row")) el.setAttribute("data-ca-row", String(index));
    });
    Array.prototype.forEach.call(row.querySelectorAll("label"), function (label) {
      label.textContent = label.textContent.replace(/row \d+$/, "row " + (index + 1));
    });
    Array.prototype.forEach.call(row.querySelectorAll("textarea, input"), function (el) {
      el.value = "";
      el.removeAttribute("placeholder");
    });
    Array.prototype.forEach.call(row.querySelectorAll(".ca-paper"), function (p) {
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
    Array.prototype.forEach.call(statements, function (li) {
      var on = li.querySelector("input:checked");
      if (on) {
        answered += 1;
        total += Number(on.value) * Number(li.getAttribute("data-weight"));
      }
    });
    var current = null;
    Array.prototype.forEach.call(root.querySelectorAll("[data-band-min]"), function (band) {
      var hit = answered > 0 && total >= Number(band.getAttribute("data-band-min")) && total <= Number(band.getAttribute("data-band-max"));
      band.classList.toggle("is-current", hit);
      if (hit) current = band;
    });
    root.querySelector("[data-score]").textContent = String(total);
    root.querySelector("[data-band]").textContent = current ? current.getAttribute("data-band-name") : "not scored yet";
    var count = root.querySelector("[data-ca-count]");
    if (count) count.textContent = answered < statements.length ? "(" + answered + " of " + statements.length + " answered)" : "";
  }

  function setup(root, store) {
    if (root.getAttribute("data-ca-ready") === "1") return;
    root.setAttribute("data-ca-ready", "1");
    var key = root.getAttribute("data-ca-key");
    var isChecklist = root.hasAttribute("data-checklist");
    var noun = isChecklist ? "self-assessment" : "worksheet";
    var status = root.querySelector("[data-ca-status]");
    var notice = root.querySelector("[data-ca-notice]");
    var actions = root.querySelector("[data-ca-actions]");
    var saved = {}; /* everything stored, including answers to fields no longer on the page */
    var canSave = !!store;
    var timer = null;

    function warn(text) {
      notice.textContent = text;
      notice.hidden = false;
    }
    function say(text) {
      status.textContent = text;
    }

    if (actions) actions.hidden = false;
    Array.prototype.forEach.call(root.querySelectorAll("[data-ca-add-row]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var row = addRow(button.closest("[data-ca-table]"));
        var first = row.querySelector("textarea, input");
        if (first) first.focus();
        schedule();
      });
    });

    if (!store) {
      warn("Your browser is not letting this site save anything (private browsing or strict privacy settings can do this). You can still type and print, but your answers will be gone when you leave this page.");
    } else {
      var entry = readEntry(store, key);
      if (entry.corrupt !== undefined) {
        try {
          var backup = key + ":unreadable";
          if (store.getItem(backup) === null) store.setItem(backup, entry.corrupt);
          warn("The answers saved for this " + noun + " could not be read, so they have been kept aside untouched (under \u201c" + backup + "\u201d in this browser's storage). You can start again here.");
        } catch (e) {
          canSave = false;
          warn("The answers saved for this " + noun + " could not be read, and there is no room to keep a copy aside, so nothing here will be saved until storage is freed.");
        }
      } else {
        saved = entry.values;
      }
      Object.keys(saved).forEach(function (field) { writeField(root, field, saved[field]); });
      if (Object.keys(saved).length) say("Your saved answers are back.");
    }

    function save() {
      timer = null;
      if (!canSave) return;
      fieldIds(root).forEach(function (field) { saved[field] = readField(root, field); });
      var json = JSON.stringify({ format: FORMAT, kind: isChecklist ? "checklist" : "worksheet", id: root.getAttribute(isChecklist ? "data-checklist" : "data-worksheet"), updated: new Date().toISOString(), values: saved });
      if (json.length > MAX_CHARS) {
        say("Not saved.");
        warn("This " + noun + " has more text than this site saves in one place (about " + Math.round(MAX_CHARS / 1000) + ",000 characters). Shorten an answer, or keep the long version in a document of your own.");
        return;
      }
      try {
        store.setItem(key, json);
        notice.hidden = true;
        say("Saved on this device.");
      } catch (e) {
        say("Not saved.");
        warn("Your browser's storage for this site is full, so your latest changes are not saved. Clear answers you no longer need, then type again.");
      }
    }

    function schedule() {
      updatePaper(root);
      if (isChecklist) score(root);
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
      Array.prototype.forEach.call(root.querySelectorAll("[data-ca-input]"), function (el) {
        if (el.type === "radio" || el.type === "checkbox") el.checked = false;
        else el.value = "";
      });
      saved = {};
      if (store && canSave) {
        try { store.removeItem(key); } catch (e) { /* nothing to clear */ }
      }
      updatePaper(root);
      if (isChecklist) score(root);
      notice.hidden = true;
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

    updatePaper(root);
    if (isChecklist) score(root);
  }

  function flush() {
    var waiting = pending;
    pending = [];
    waiting.forEach(function (fn) { fn(); });
  }

  function init() {
    flush();
    var roots = document.querySelectorAll("[data-ca-key]");
    if (!roots.length) return;
    var store = openStorage();
    Array.prototype.forEach.call(roots, function (root) { setup(root, store); });
  }

  /* Save what is waiting before any way of leaving the page: a link (instant
   * navigation swaps the page without unloading it), back/forward, or closing. */
  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest("a[href]")) flush();
  }, true);
  window.addEventListener("popstate", flush);
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
