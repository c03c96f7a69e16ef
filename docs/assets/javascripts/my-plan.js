/* Career Allies: My plan. Every answer saved in this browser, gathered in
 * course order, with print, backup, restore, text download and clear. No
 * dependencies; nothing is sent anywhere. Loaded on My plan only, after
 * career-allies.js, whose storage code it uses through window.careerAllies;
 * it registers itself there as `plan`, which that script runs on every
 * visit to the page (instant navigation included). */
(() => {
  "use strict";

  var ca = window.careerAllies;
  if (!ca) return;
  var { FORMAT, all, one, map, isMap, list, same, show, filled, readEntry, readAll, pageUrl, progress } = ca;
  /* The labels file is plain JSON, with Object's built-ins: ask it only for
   * what it holds itself. */
  var own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  var now = () => new Date().toISOString();

  /* How far the reader is with one worksheet: none, started or complete
   * (filled([values]): does the map hold any answer). */
  function itemState(def, values) {
    if (!filled([values])) return "none";
    var ids = (def.fields || def.statements || []).map((f) => f.id);
    return ids.length && ids.every((f) => filled(values[f])) ? "complete" : "started";
  }
  /* Is there anything of this worksheet's to show (answers, or earlier ones)? */
  var shown = (item) => item.state !== "none" || item.earlier.length;
  /* The storage-key format, from the course index (vocabulary.py). A field's
   * kind shows in its summary's shape (columns, options, low and high). */
  var K;
  /* The empty plan's sentences, as plan.html words them (read before the
   * first render replaces them). */
  var NONE, EMPTY;

  /* The plan as data: modules in order, each worksheet's answers with labels
   * (from the labels file; without it, answers keep their field ids as labels). */
  function planModel(data) {
    var labels = window.careerAlliesFields || {};
    var known = map();
    var modules = data.modules.map((module) => ({
      title: module.title,
      url: module.url,
      items: module.items.map((item) => {
        known[item.key] = true;
        var entry = readEntry(item.key);
        var values = entry.values || map();
        var rows = [];
        var ids = map();
        var def = own(labels, item.key) ? labels[item.key] : {};
        var asked = def.fields || def.statements;
        var result = { kind: item.kind, id: item.id, title: item.title, url: module.url, state: itemState(def, values), rows, earlier: [], corrupt: entry.corrupt !== undefined };
        var total = 0;
        (asked || Object.keys(values).map((id) => ({ id, label: id }))).forEach((f) => {
          ids[f.id] = true;
          var v = values[f.id];
          if (!filled(v)) return;
          var label = def.statements ? f.text : f.label;
          if (def.statements) {
            total += (Number(v) || 0) * f.weight;
            rows.push({ label, text: own(def.scale, v) ? def.scale[v] : show(v) });
          } else if (f.columns && Array.isArray(v)) {
            var body = v.filter((r) => filled([r])).map((r) =>
              r && typeof r === "object" ? f.columns.map((c) => own(r, c.id) ? show(r[c.id]) : "") : [show(r)]);
            rows.push({ label, table: { head: f.columns.map((c) => c.label), body } });
          } else if (f.options) {
            rows.push({ label, text: list(v).map((o) => own(f.options, o) ? f.options[o] : show(o) + " (from an earlier version)").join("; ") });
          } else {
            rows.push({ label, text: show(v) + (f.high !== undefined ? ` out of 5 (1 = ${f.low}, 5 = ${f.high})` : "") });
          }
        });
        if (def.statements && rows.length) {
          var band = def.bands.filter((b) => total >= b.min && total <= b.max)[0];
          result.score = `Score ${total} out of ${def.max}${band ? ": " + band.name : ""} (${rows.length} of ${def.statements.length} answered)`;
        }
        result.open = (asked || rows).length - rows.length;
        Object.keys(values).forEach((f) => {
          if (!ids[f] && filled(values[f])) result.earlier.push({ label: f, text: show(values[f]) });
        });
        return result;
      })
    }));
    var saved = readAll(K.prefix);
    var others = Object.keys(saved).sort().filter((k) => !known[k] && k !== K.progress).map((k) => ({ label: k, text: saved[k] }));
    return { modules, others };
  }

  function el(tag, text, cls, parent) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return parent ? parent.appendChild(e) : e;
  }

  function renderRows(parent, rows) {
    var dl = el("dl", null, "ca-plan__answers", parent);
    rows.forEach((r) => {
      el("dt", r.label, null, dl);
      var dd = el("dd", r.table ? null : r.text, null, dl);
      if (!r.table) return;
      var t = el("table", null, "ca-plan__table", el("div", null, "ca-table-wrap", dd));
      var tr = el("tr", null, null, el("thead", null, null, t));
      r.table.head.forEach((h) => { el("th", h, null, tr).scope = "col"; });
      var tb = el("tbody", null, null, t);
      r.table.body.forEach((row) => {
        var line = el("tr", null, null, tb);
        row.forEach((c, i) => { el("td", c, null, line).dataset.label = r.table.head[i]; });
      });
    });
  }

  var EARLIER = "Earlier answers, to questions no longer on this worksheet:";
  var GONE = "Answers from worksheets no longer in this course";

  function renderPlan(target, model, site) {
    var body = document.createDocumentFragment();
    var any = false;
    model.modules.forEach((module) => {
      if (!module.items.length) return;
      var section = el("section", null, "ca-plan__module" + (module.items.some(shown) ? "" : " ca-plan__module--empty"), body);
      el("h3", module.title, null, section);
      module.items.forEach((item) => {
        var block = el("div", null, "ca-plan__item ca-plan__item--" + item.state, section);
        el("a", item.title, null, el("h4", null, null, block)).href = pageUrl(site, item.url) + `#ca-${item.id}-title`;
        if (item.state === "none") {
          el("p", EMPTY, "ca-plan__empty", block);
        } else {
          any = true;
          if (item.score) el("p", item.score, "ca-plan__score", block);
          renderRows(block, item.rows);
          if (item.open > 0) el("p", item.open + (item.open > 1 ? " questions" : " question") + " still open.", "ca-plan__open", block);
        }
        if (item.earlier.length) {
          any = true;
          el("p", EARLIER, "ca-plan__earlier", block);
          renderRows(block, item.earlier);
        }
        if (item.corrupt) el("p", "Saved answers for this one could not be read; they are kept in your backup file.", "ca-plan__earlier", block);
      });
    });
    if (model.others.length) {
      any = true;
      var extra = el("section", null, "ca-plan__module", body);
      el("h3", GONE, null, extra);
      el("p", "These are kept as they were saved. They are included in every backup you download.", null, extra);
      renderRows(extra, model.others);
    }
    if (!any) body.prepend(el("p", NONE, "ca-plan__none"));
    target.textContent = "";
    target.appendChild(body);
  }

  var mdEscape = (text) => String(text).replace(/([\\`*_[\]<>|#])/g, "\\$1");

  function planMarkdown(model, data) {
    var out = ["# My plan: " + mdEscape(data.site.name), "", `Exported ${new Date().toLocaleString()} from ${data.site.url || "Career Allies"}.`, ""];
    var add = (...lines) => out.push(...lines);
    var line = (cells) => add(`| ${cells.join(" | ")} |`);
    function rowsMd(rows) {
      rows.forEach((r) => {
        add(`**${mdEscape(r.label)}**`, "");
        if (r.table) {
          line(r.table.head.map(mdEscape));
          add("|" + " --- |".repeat(r.table.head.length));
          r.table.body.forEach((row) => line(row.map((c) => mdEscape(c).replace(/\n/g, "<br>"))));
        } else {
          var lines = String(r.text).split("\n");
          lines.forEach((l, i) => add(("> " + mdEscape(l)).trimEnd() + (i < lines.length - 1 && l.trim() ? "  " : "")));
        }
        add("");
      });
    }
    model.modules.forEach((module) => {
      var started = module.items.filter(shown);
      if (!started.length) return;
      add("## " + mdEscape(module.title), "");
      started.forEach((item) => {
        add("### " + mdEscape(item.title), "");
        if (item.score) add(mdEscape(item.score), "");
        rowsMd(item.rows);
        if (item.earlier.length) { add(`*${EARLIER}*`, ""); rowsMd(item.earlier); }
      });
    });
    if (model.others.length) { add("## " + GONE, ""); rowsMd(model.others); }
    return out.join("\n") + "\n";
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type }));
    var a = el("a", null, null, document.body);
    a.href = url;
    a.download = name;
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  var BACKUP = "career-allies-backup";
  var MAX_IMPORT = 2000000;

  function backupJson(data) {
    var entries = {};
    var saved = readAll(K.prefix);
    Object.keys(saved).sort().forEach((k) => {
      try { entries[k] = JSON.parse(saved[k]); } catch (e) { entries[k] = { $raw: saved[k] }; }
    });
    return JSON.stringify({ format: BACKUP, version: FORMAT, site: data.site, exported: now(), entries }, null, 1);
  }

  var stamp = () => now().slice(0, 10);

  /* A value of a shape this site saves: text, a list of choices, table rows. */
  var isText = (x) => typeof x === "string";
  var answer = (v) => isText(v) || Array.isArray(v) && v.every((x) => isText(x) || isMap(x) && Object.values(x).every(isText));

  /* Check a backup file; return {error} or {entries: {key: text}, from}. */
  function parseBackup(source) {
    var doc;
    var damaged = (what) => ({ error: `This backup is damaged: ${what}. Nothing was changed.` });
    try { doc = JSON.parse(source); } catch (e) {
      return { error: "This file is not a Career Allies backup: it is not valid JSON. It may be cut short, or it may be a different kind of file." };
    }
    if (!doc || typeof doc !== "object" || doc.format !== BACKUP) return { error: "This file is not a Career Allies backup. Choose a file saved with \u201cSave a backup file\u201d on My plan." };
    if (doc.version !== FORMAT) return { error: `This backup was made by a different version of Career Allies (format ${doc.version}), which this site cannot read. Nothing was changed.` };
    if (!isMap(doc.entries)) return damaged("it has no answers section");
    var from = doc.site && typeof doc.site.id === "string" ? doc.site.id : "";
    var pattern = new RegExp(K.pattern);
    var out = {};
    var keys = Object.keys(doc.entries);
    for (var k of keys) {
      var v = doc.entries[k];
      var m = pattern.exec(k);
      if (!m || m[1] !== from) return damaged(`it holds an entry (\u201c${k.slice(0, 60)}\u201d) that is not a saved answer`);
      var local = K.prefix + m[2];
      if (k.endsWith(K.unreadable)) {
        if (!v || typeof v.$raw !== "string") return damaged("an entry has the wrong shape");
        out[local] = v.$raw;
      } else {
        if (!v || !isMap(v.values)) return damaged(`the answers for \u201c${k}\u201d have the wrong shape`);
        var bad = Object.keys(v.values).filter((f) => !answer(v.values[f]))[0];
        if (bad !== undefined) return damaged(`the answer to \u201c${bad}\u201d in \u201c${k}\u201d is not text, a list of choices or table rows`);
        out[local] = v;
      }
    }
    return { entries: out, from, count: keys.length };
  }

  /* What an import would change, field by field, and the merged result. */
  function importPlan(parsed, store, titles) {
    var lines = [];
    var writes = {};
    var totals = { added: 0, changed: 0, same: 0 };
    Object.keys(parsed.entries).forEach((key) => {
      var incoming = parsed.entries[key];
      if (isText(incoming)) {
        if (store.getItem(key) !== incoming) writes[key] = incoming;
        return;
      }
      var was = readEntry(key);
      var current = was.values || map();
      var merged = map(current);
      var c = { added: 0, changed: 0, same: 0 };
      Object.keys(incoming.values).forEach((f) => {
        var v = incoming.values[f];
        var how = !filled(current[f]) ? filled(v) && "added" : same(current[f], v) ? "same" : "changed";
        if (how) { c[how]++; totals[how]++; } /* blank in both: not an answer */
        merged[f] = v;
      });
      if (c.added || c.changed || was.corrupt !== undefined || !store.getItem(key)) {
        var entry = map(incoming);
        entry.values = merged;
        writes[key] = JSON.stringify(entry);
      }
      if (key !== K.progress && c.added + c.changed + c.same) lines.push(`${titles[key] || key}: ${c.added} new, ${c.changed} changed, ${c.same} unchanged`);
    });
    return { lines, writes, totals };
  }

  function myPlan(root, site, store) {
    if (root.dataset.caReady === "1") return;
    root.dataset.caReady = "1";
    K = site.vocabulary.keys;
    NONE = (one(".ca-plan__none", root) || {}).textContent;
    EMPTY = (one(".ca-plan__empty", root) || {}).textContent;
    var holder = one("[data-ca-plan-data]", root);
    var data = { site: JSON.parse(holder.dataset.caPlanData), modules: site.modules };
    var fields = pageUrl(site, holder.dataset.caPlanFields);
    var body = one("[data-ca-plan-body]", root);
    var tools = one("[data-ca-plan-tools]");
    var clear = one("[data-ca-plan-clear]");
    var titles = {};
    data.modules.forEach((m) => m.items.forEach((i) => { titles[i.key] = i.title; }));
    /* Any answers saved? Progress marks alone need no labels. */
    var answers = () => Object.keys(readAll(K.prefix)).some((k) => k !== K.progress);
    /* The labels file, loaded once there are answers to label (at once if
     * it is here already: a click's download keeps its user gesture). */
    var withFields = (then) => answers() ? ca.load(fields, then) : then();
    var refresh = () => withFields(() => renderPlan(body, planModel(data), site));
    /* Storage full or blocked: said at the top, in the template's words. */
    var top = one(`[data-ca-plan-${ca.state()}]`, root);
    if (top) top.hidden = false;
    /* Storage blocked: no plan and no tools (written only then: the same
     * value still restyles the page). */
    if (!store) {
      body.hidden = true;
      if (tools) tools.hidden = true;
      if (clear) clear.hidden = true;
      return;
    }
    /* With nothing saved, the list from the build is the plan already. */
    if (answers()) refresh();
    root.caRefresh = refresh;
    if (!tools || !clear) return;
    var find = (css) => one(css, tools) || one(css, clear);
    var click = (css, fn) => find(css).addEventListener("click", fn);
    var say = (text) => { find("[data-ca-plan-status]").textContent = text; };
    var said = (text) => { find("[data-ca-clear-status]").textContent = text; };
    var notice = find("[data-ca-plan-notice]");
    var warn = (text) => { notice.textContent = text; notice.hidden = !text; };
    /* Both held their place from the first paint: showing them repaints
     * them, and lays out nothing. */
    tools.classList.remove("ca-plan-tools--waiting");
    clear.classList.remove("ca-plan-tools--waiting");
    click("[data-ca-plan-print]", () => print());
    function exportJson() {
      download(`career-allies-backup-${stamp()}.json`, "application/json", backupJson(data));
      say("Backup downloaded.");
    }
    click("[data-ca-export=markdown]", () => withFields(() => {
      download(`my-career-plan-${stamp()}.md`, "text/markdown", planMarkdown(planModel(data), data));
      say("Your plan was downloaded as a text file.");
    }));
    all("[data-ca-export=json], [data-ca-backup], [data-ca-clear-export]").forEach((b) => b.addEventListener("click", exportJson));

    var file = find("[data-ca-import]");
    var preview = find("[data-ca-import-preview]");
    var pending = null;
    function closePreview() { preview.hidden = true; pending = null; file.value = ""; }
    var refuse = (text) => { warn(text); file.value = ""; };
    file.addEventListener("change", () => {
      var chosen = file.files && file.files[0];
      warn("");
      preview.hidden = true;
      pending = null;
      if (!chosen) return;
      if (chosen.size > MAX_IMPORT) return refuse("This file is too large to be a Career Allies backup (over 2 MB). Nothing was changed.");
      var reader = new FileReader();
      reader.onerror = () => warn("This file could not be read. Nothing was changed.");
      reader.onload = () => {
        var parsed = parseBackup(String(reader.result));
        if (parsed.error) return refuse(parsed.error);
        pending = importPlan(parsed, store, titles);
        var t = pending.totals;
        var from = parsed.from !== data.site.id ? ` It comes from another Career Allies site (\u201c${parsed.from}\u201d); its answers will be added to this one.` : "";
        find("[data-ca-import-title]").textContent = `This backup has ${t.added} new, ${t.changed} changed and ${t.same} unchanged answers.${from} Answers you have here that are not in the backup stay as they are.`;
        var items = find("[data-ca-import-list]");
        items.textContent = "";
        pending.lines.forEach((l) => el("li", l, null, items));
        preview.hidden = false;
        preview.focus();
      };
      reader.readAsText(chosen);
    });
    /* After a restore or a clear: the plan, the progress marks and what happened. */
    function done(tell, text) {
      refresh();
      progress(site);
      tell(text);
    }
    click("[data-ca-import-cancel]", () => { closePreview(); say("Nothing was changed."); });
    click("[data-ca-import-apply]", () => {
      if (!pending) return;
      var before = {};
      try {
        Object.keys(pending.writes).forEach((k) => { before[k] = store.getItem(k); store.setItem(k, pending.writes[k]); });
      } catch (e) {
        Object.keys(before).forEach((k) => { if (before[k] === null) store.removeItem(k); else store.setItem(k, before[k]); });
        warn("There is not enough room in this browser's storage for this backup, so nothing was changed.");
        return closePreview();
      }
      closePreview();
      done(say, "Your answers were restored.");
    });

    var dialog = find("[data-ca-clear-dialog]");
    click("[data-ca-clear-all]", () => withFields(() => {
      var model = planModel(data);
      var items = one("[data-ca-clear-list]", dialog);
      items.textContent = "";
      var n = 0;
      var add = (text) => { n++; el("li", text, null, items); };
      model.modules.forEach((m) => m.items.filter(shown).forEach((i) => add(`${i.title} (${m.title})`)));
      model.others.forEach((o) => add(o.label));
      one("[data-ca-clear-summary]", dialog).textContent = n ? `This deletes your answers to ${n} worksheet${n > 1 ? "s and self-assessments" : " or self-assessment"} from this browser:` : "There are no saved answers, only your progress marks.";
      if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    }));
    function closeDialog() { if (dialog.close) dialog.close(); else dialog.removeAttribute("open"); }
    click("[data-ca-clear-cancel]", () => { closeDialog(); said("Nothing was deleted."); });
    click("[data-ca-clear-confirm]", () => {
      Object.keys(readAll(K.prefix)).forEach((k) => store.removeItem(k));
      closeDialog();
      done(said, "Everything was cleared from this browser.");
    });
  }

  ca.plan = myPlan;
  ca.startPlan();
})();
