/* Career Allies: My plan. Every answer saved in this browser, gathered in
 * course order, with print, backup, restore, text download and clear. No
 * dependencies; nothing is sent anywhere. Loaded on My plan only, after
 * career-allies.js, whose storage code it uses through window.careerAllies;
 * it registers itself there as `plan`, which that script runs on every
 * visit to the page (instant navigation included). */
(function () {
  "use strict";

  var ca = window.careerAllies;
  if (!ca) return;
  var FORMAT = ca.FORMAT, each = ca.each, map = ca.map, isMap = ca.isMap, list = ca.list;
  var show = ca.show, filled = ca.filled, readEntry = ca.readEntry, readAll = ca.readAll;
  var pageUrl = ca.pageUrl, progress = ca.progress;
  /* The labels file is plain JSON, with Object's built-ins: ask it only for
   * what it holds itself. */
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  /* How far the reader is with one worksheet: none, started or complete
   * (filled([values]): does the map hold any answer). */
  function itemState(def, values) {
    if (!filled([values])) return "none";
    var ids = (def.fields || def.statements || []).map(function (f) { return f.id; });
    if (!ids.length) return "started";
    return ids.every(function (f) { return filled(values[f]); }) ? "complete" : "started";
  }
  /* The storage-key format, from the course index (vocabulary.py). A field's
   * kind shows in its summary's shape (columns, options, low and high). */
  var K;
  /* The empty plan's sentences, as plan.html words them (read before the
   * first render replaces them). */
  var NONE, EMPTY;

  /* The plan as data: modules in order, each worksheet's answers with labels
   * (from the labels file; without it, answers keep their field ids as labels). */
  function planModel(data, store) {
    var labels = window.careerAlliesFields || {};
    var known = map();
    var modules = data.modules.map(function (module) {
      return {
        title: module.title,
        url: module.url,
        items: module.items.map(function (item) {
          known[item.key] = true;
          var entry = store ? readEntry(store, item.key) : {};
          var values = entry.values || map();
          var rows = [];
          var ids = map();
          var def = own(labels, item.key) ? labels[item.key] : {};
          var result = { kind: item.kind, id: item.id, title: item.title, url: module.url, state: itemState(def, values), rows: rows, earlier: [], corrupt: entry.corrupt !== undefined };
          if (!def.fields && !def.statements) {
            Object.keys(values).forEach(function (f) {
              ids[f] = true;
              if (filled(values[f])) rows.push({ label: f, text: show(values[f]) });
            });
          } else if (def.fields) {
            def.fields.forEach(function (f) {
              ids[f.id] = true;
              var v = values[f.id];
              if (!filled(v)) return;
              if (f.columns && Array.isArray(v)) {
                var body = v.filter(function (r) { return filled([r]); }).map(function (r) {
                  return r && typeof r === "object" ? f.columns.map(function (c) { return own(r, c.id) ? show(r[c.id]) : ""; }) : [show(r)];
                });
                rows.push({ label: f.label, table: { head: f.columns.map(function (c) { return c.label; }), body: body } });
              } else if (f.options) {
                rows.push({ label: f.label, text: list(v).map(function (o) { return own(f.options, o) ? f.options[o] : show(o) + " (from an earlier version)"; }).join("; ") });
              } else {
                rows.push({ label: f.label, text: show(v) + (f.high !== undefined ? " out of 5 (1 = " + f.low + ", 5 = " + f.high + ")" : "") });
              }
            });
          } else {
            var total = 0;
            def.statements.forEach(function (s) {
              ids[s.id] = true;
              var v = values[s.id];
              if (!filled(v)) return;
              total += (Number(v) || 0) * s.weight;
              rows.push({ label: s.text, text: own(def.scale, v) ? def.scale[v] : show(v) });
            });
            if (rows.length) {
              var band = def.bands.filter(function (b) { return total >= b.min && total <= b.max; })[0];
              result.score = "Score " + total + " out of " + def.max + (band ? ": " + band.name : "") + " (" + rows.length + " of " + def.statements.length + " answered)";
            }
          }
          result.open = (def.fields || def.statements || rows).length - rows.length;
          Object.keys(values).forEach(function (f) {
            if (!ids[f] && filled(values[f])) result.earlier.push({ label: f, text: show(values[f]) });
          });
          return result;
        })
      };
    });
    var others = [];
    var all = readAll(store, K.prefix);
    Object.keys(all).sort().forEach(function (k) {
      if (known[k] || k === K.progress) return;
      others.push({ label: k, text: all[k] });
    });
    return { modules: modules, others: others };
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function renderRows(parent, rows) {
    var dl = el("dl", null, "ca-plan__answers");
    rows.forEach(function (r) {
      dl.appendChild(el("dt", r.label));
      var dd = el("dd", r.table ? null : r.text);
      if (r.table) {
        var t = el("table", null, "ca-plan__table");
        var tr = el("tr");
        r.table.head.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
        t.appendChild(el("thead")).appendChild(tr);
        var tb = t.appendChild(el("tbody"));
        r.table.body.forEach(function (row) {
          var line = tb.appendChild(el("tr"));
          row.forEach(function (c, i) { line.appendChild(el("td", c)).setAttribute("data-label", r.table.head[i]); });
        });
        dd.appendChild(el("div", null, "ca-table-wrap")).appendChild(t);
      }
      dl.appendChild(dd);
    });
    parent.appendChild(dl);
  }

  function renderPlan(target, model, site) {
    var body = document.createDocumentFragment();
    var any = false;
    model.modules.forEach(function (module) {
      if (!module.items.length) return;
      var empty = module.items.every(function (i) { return i.state === "none" && !i.earlier.length; });
      var section = body.appendChild(el("section", null, "ca-plan__module" + (empty ? " ca-plan__module--empty" : "")));
      section.appendChild(el("h3", module.title));
      module.items.forEach(function (item) {
        var block = section.appendChild(el("div", null, "ca-plan__item ca-plan__item--" + item.state));
        var head = block.appendChild(el("h4"));
        var link = el("a", item.title);
        link.href = pageUrl(site, item.url) + "#ca-" + item.id + "-title";
        head.appendChild(link);
        if (item.state === "none") {
          block.appendChild(el("p", EMPTY, "ca-plan__empty"));
        } else {
          any = true;
          if (item.score) block.appendChild(el("p", item.score, "ca-plan__score"));
          renderRows(block, item.rows);
          if (item.open > 0) block.appendChild(el("p", item.open + (item.open > 1 ? " questions" : " question") + " still open.", "ca-plan__open"));
        }
        if (item.earlier.length) {
          any = true;
          block.appendChild(el("p", "Earlier answers, to questions no longer on this worksheet:", "ca-plan__earlier"));
          renderRows(block, item.earlier);
        }
        if (item.corrupt) block.appendChild(el("p", "Saved answers for this one could not be read; they are kept in your backup file.", "ca-plan__earlier"));
      });
    });
    if (model.others.length) {
      any = true;
      var extra = body.appendChild(el("section", null, "ca-plan__module"));
      extra.appendChild(el("h3", "Answers from worksheets no longer in this course"));
      extra.appendChild(el("p", "These are kept as they were saved. They are included in every backup you download."));
      renderRows(extra, model.others);
    }
    if (!any) body.insertBefore(el("p", NONE, "ca-plan__none"), body.firstChild);
    target.textContent = "";
    target.appendChild(body);
  }

  function mdEscape(text) {
    return String(text).replace(/([\\`*_[\]<>|#])/g, "\\$1");
  }

  function planMarkdown(model, data, site) {
    var out = ["# My plan: " + mdEscape(data.site.name), "", "Exported " + new Date().toLocaleString() + " from " + (data.site.url || "Career Allies") + ".", ""];
    function rowsMd(rows) {
      rows.forEach(function (r) {
        out.push("**" + mdEscape(r.label) + "**", "");
        if (r.table) {
          out.push("| " + r.table.head.map(mdEscape).join(" | ") + " |", "|" + r.table.head.map(function () { return " --- |"; }).join(""));
          r.table.body.forEach(function (row) { out.push("| " + row.map(function (c) { return mdEscape(c).replace(/\n/g, "<br>"); }).join(" | ") + " |"); });
          out.push("");
        } else {
          var lines = String(r.text).split("\n");
          lines.forEach(function (line, i) { out.push(("> " + mdEscape(line)).trimEnd() + (i < lines.length - 1 && line.trim() ? "  " : "")); });
          out.push("");
        }
      });
    }
    model.modules.forEach(function (module) {
      var started = module.items.filter(function (i) { return i.state !== "none" || i.earlier.length; });
      if (!started.length) return;
      out.push("## " + mdEscape(module.title), "");
      started.forEach(function (item) {
        out.push("### " + mdEscape(item.title), "");
        if (item.score) out.push(mdEscape(item.score), "");
        rowsMd(item.rows);
        if (item.earlier.length) { out.push("*Earlier answers, to questions no longer on this worksheet:*", ""); rowsMd(item.earlier); }
      });
    });
    if (model.others.length) { out.push("## Answers from worksheets no longer in this course", ""); rowsMd(model.others); }
    return out.join("\n") + "\n";
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  var BACKUP = "career-allies-backup";
  var MAX_IMPORT = 2000000;

  function backupJson(data, store) {
    var entries = {};
    var all = readAll(store, K.prefix);
    Object.keys(all).sort().forEach(function (k) {
      try { entries[k] = JSON.parse(all[k]); } catch (e) { entries[k] = { $raw: all[k] }; }
    });
    return JSON.stringify({ format: BACKUP, version: FORMAT, site: data.site, exported: new Date().toISOString(), entries: entries }, null, 1);
  }

  function stamp() { return new Date().toISOString().slice(0, 10); }

  /* A value of a shape this site saves: text, a list of choices, table rows. */
  function answer(v) {
    return typeof v === "string" || Array.isArray(v) && v.every(function (x) {
      return typeof x === "string" || isMap(x) && Object.keys(x).every(function (c) { return typeof x[c] === "string"; });
    });
  }

  /* Check a backup file; return {error} or {entries: {key: text}, from}. */
  function parseBackup(text, data) {
    var doc;
    try { doc = JSON.parse(text); } catch (e) {
      return { error: "This file is not a Career Allies backup: it is not valid JSON. It may be cut short, or it may be a different kind of file." };
    }
    if (!doc || typeof doc !== "object" || doc.format !== BACKUP) return { error: "This file is not a Career Allies backup. Choose a file saved with \u201cSave a backup file\u201d on My plan." };
    if (doc.version !== FORMAT) return { error: "This backup was made by a different version of Career Allies (format " + String(doc.version) + "), which this site cannot read. Nothing was changed." };
    if (!isMap(doc.entries)) return { error: "This backup is damaged: it has no answers section. Nothing was changed." };
    var from = doc.site && typeof doc.site.id === "string" ? doc.site.id : "";
    var pattern = new RegExp(K.pattern);
    var out = {};
    var keys = Object.keys(doc.entries);
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      var v = doc.entries[k];
      var m = pattern.exec(k);
      if (!m || m[1] !== from) return { error: "This backup is damaged: it holds an entry (\u201c" + k.slice(0, 60) + "\u201d) that is not a saved answer. Nothing was changed." };
      var local = K.prefix + m[2];
      if (k.slice(-K.unreadable.length) === K.unreadable) {
        if (!v || typeof v.$raw !== "string") return { error: "This backup is damaged: an entry has the wrong shape. Nothing was changed." };
        out[local] = v.$raw;
      } else {
        if (!v || !isMap(v.values)) return { error: "This backup is damaged: the answers for \u201c" + k + "\u201d have the wrong shape. Nothing was changed." };
        var bad = Object.keys(v.values).filter(function (f) { return !answer(v.values[f]); })[0];
        if (bad !== undefined) return { error: "This backup is damaged: the answer to \u201c" + bad + "\u201d in \u201c" + k + "\u201d is not text, a list of choices or table rows. Nothing was changed." };
        out[local] = v;
      }
    }
    return { entries: out, from: from, count: keys.length };
  }

  /* What an import would change, field by field, and the merged result. */
  function importPlan(parsed, store, titles) {
    var lines = [];
    var writes = {};
    var totals = { added: 0, changed: 0, same: 0 };
    Object.keys(parsed.entries).forEach(function (key) {
      var incoming = parsed.entries[key];
      if (typeof incoming === "string") {
        if (store.getItem(key) !== incoming) writes[key] = incoming;
        return;
      }
      var now = readEntry(store, key);
      var current = now.values || map();
      var merged = map(current);
      var c = { added: 0, changed: 0, same: 0 };
      Object.keys(incoming.values).forEach(function (f) {
        var a = JSON.stringify(current[f]);
        var b = JSON.stringify(incoming.values[f]);
        if (!filled(incoming.values[f]) && !filled(current[f])) { /* blank in both: not an answer */ }
        else if (!filled(current[f])) c.added++;
        else if (a === b) c.same++;
        else c.changed++;
        merged[f] = incoming.values[f];
      });
      totals.added += c.added; totals.changed += c.changed; totals.same += c.same;
      if (c.added || c.changed || now.corrupt !== undefined || !store.getItem(key)) {
        var entry = map(incoming);
        entry.values = merged;
        writes[key] = JSON.stringify(entry);
      }
      if (key !== K.progress && c.added + c.changed + c.same) lines.push((titles[key] || key) + ": " + c.added + " new, " + c.changed + " changed, " + c.same + " unchanged");
    });
    return { lines: lines, writes: writes, totals: totals };
  }

  function myPlan(root, site, store) {
    if (root.getAttribute("data-ca-ready") === "1") return;
    root.setAttribute("data-ca-ready", "1");
    K = site.vocabulary.keys;
    NONE = (root.querySelector(".ca-plan__none") || {}).textContent;
    EMPTY = (root.querySelector(".ca-plan__empty") || {}).textContent;
    var holder = root.querySelector("[data-ca-plan-data]");
    var data = { site: JSON.parse(holder.getAttribute("data-ca-plan-data")), modules: site.modules };
    var fields = pageUrl(site, holder.getAttribute("data-ca-plan-fields"));
    var body = root.querySelector("[data-ca-plan-body]");
    var tools = document.querySelector("[data-ca-plan-tools]");
    var clear = document.querySelector("[data-ca-plan-clear]");
    var titles = {};
    data.modules.forEach(function (m) { m.items.forEach(function (i) { titles[i.key] = i.title; }); });
    /* Any answers saved? Progress marks alone need no labels. */
    function answers() {
      return Object.keys(readAll(store, K.prefix)).some(function (k) { return k !== K.progress; });
    }
    /* The labels file, loaded once there are answers to label (at once if
     * it is here already: a click's download keeps its user gesture). */
    function withFields(then) {
      if (answers()) ca.load(fields, then); else then();
    }
    function refresh() { withFields(function () { renderPlan(body, planModel(data, store), site); }); }
    /* Storage full or blocked: said at the top, in the template's words. */
    var top = root.querySelector("[data-ca-plan-" + ca.state() + "]");
    if (top) top.hidden = false;
    body.hidden = !store;
    if (tools) tools.hidden = !store;
    if (!store) return;
    /* With nothing saved, the list from the build is the plan already. */
    if (answers()) refresh();
    root.caRefresh = refresh;
    if (!tools || !clear) return;
    var status = tools.querySelector("[data-ca-plan-status]");
    var notice = tools.querySelector("[data-ca-plan-notice]");
    function say(text) { status.textContent = text; }
    function warn(text) { notice.textContent = text; notice.hidden = !text; }
    tools.classList.remove("ca-plan-tools--waiting");
    clear.hidden = false;
    tools.querySelector("[data-ca-plan-print]").addEventListener("click", function () { window.print(); });
    function exportJson() {
      download("career-allies-backup-" + stamp() + ".json", "application/json", backupJson(data, store));
      say("Backup downloaded.");
    }
    tools.querySelector("[data-ca-export=markdown]").addEventListener("click", function () {
      withFields(function () {
        download("my-career-plan-" + stamp() + ".md", "text/markdown", planMarkdown(planModel(data, store), data, site));
        say("Your plan was downloaded as a text file.");
      });
    });
    each(document.querySelectorAll("[data-ca-export=json], [data-ca-backup]"), function (b) { b.addEventListener("click", exportJson); });

    var file = tools.querySelector("[data-ca-import]");
    var preview = tools.querySelector("[data-ca-import-preview]");
    var pending = null;
    function closePreview() { preview.hidden = true; pending = null; file.value = ""; }
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      warn("");
      preview.hidden = true;
      pending = null;
      if (!chosen) return;
      if (chosen.size > MAX_IMPORT) { warn("This file is too large to be a Career Allies backup (over 2 MB). Nothing was changed."); file.value = ""; return; }
      var reader = new FileReader();
      reader.onerror = function () { warn("This file could not be read. Nothing was changed."); };
      reader.onload = function () {
        var parsed = parseBackup(String(reader.result), data);
        if (parsed.error) { warn(parsed.error); file.value = ""; return; }
        pending = importPlan(parsed, store, titles);
        var t = pending.totals;
        var from = parsed.from !== data.site.id ? " It comes from another Career Allies site (\u201c" + parsed.from + "\u201d); its answers will be added to this one." : "";
        tools.querySelector("[data-ca-import-title]").textContent = "This backup has " + t.added + " new, " + t.changed + " changed and " + t.same + " unchanged answers." + from + " Answers you have here that are not in the backup stay as they are.";
        var list = tools.querySelector("[data-ca-import-list]");
        list.textContent = "";
        pending.lines.forEach(function (l) { list.appendChild(el("li", l)); });
        preview.hidden = false;
        preview.focus();
      };
      reader.readAsText(chosen);
    });
    tools.querySelector("[data-ca-import-cancel]").addEventListener("click", function () { closePreview(); say("Nothing was changed."); });
    tools.querySelector("[data-ca-import-apply]").addEventListener("click", function () {
      if (!pending) return;
      var before = {};
      var keys = Object.keys(pending.writes);
      try {
        keys.forEach(function (k) { before[k] = store.getItem(k); store.setItem(k, pending.writes[k]); });
      } catch (e) {
        Object.keys(before).forEach(function (k) { if (before[k] === null) store.removeItem(k); else store.setItem(k, before[k]); });
        warn("There is not enough room in this browser's storage for this backup, so nothing was changed.");
        closePreview();
        return;
      }
      closePreview();
      refresh();
      progress(site, store);
      say("Your answers were restored.");
    });

    var dialog = clear.querySelector("[data-ca-clear-dialog]");
    clear.querySelector("[data-ca-clear-all]").addEventListener("click", function () { withFields(askClear); });
    function askClear() {
      var model = planModel(data, store);
      var list = dialog.querySelector("[data-ca-clear-list]");
      list.textContent = "";
      var n = 0;
      model.modules.forEach(function (m) { m.items.forEach(function (i) { if (i.state !== "none" || i.earlier.length) { n++; list.appendChild(el("li", i.title + " (" + m.title + ")")); } }); });
      model.others.forEach(function (o) { n++; list.appendChild(el("li", o.label)); });
      dialog.querySelector("[data-ca-clear-summary]").textContent = n ? "This deletes your answers to " + n + " worksheet" + (n > 1 ? "s and self-assessments" : " or self-assessment") + " from this browser:" : "There are no saved answers, only your progress marks.";
      if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    }
    function closeDialog() { if (dialog.close) dialog.close(); else dialog.removeAttribute("open"); }
    dialog.querySelector("[data-ca-clear-export]").addEventListener("click", exportJson);
    dialog.querySelector("[data-ca-clear-cancel]").addEventListener("click", function () { closeDialog(); clear.querySelector("[data-ca-clear-status]").textContent = "Nothing was deleted."; });
    dialog.querySelector("[data-ca-clear-confirm]").addEventListener("click", function () {
      Object.keys(readAll(store, K.prefix)).forEach(function (k) { store.removeItem(k); });
      closeDialog();
      refresh();
      progress(site, store);
      clear.querySelector("[data-ca-clear-status]").textContent = "Everything was cleared from this browser.";
    });
  }

  ca.plan = myPlan;
  ca.startPlan();
})();
