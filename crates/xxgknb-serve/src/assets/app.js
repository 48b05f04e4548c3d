// xxgknb serve: the reviewer workbench page. No library, no network but
// this server. Views: #/ (batch), #/report/ID, #/agency/KEY, #/rules[/ID].
"use strict";

const view = document.getElementById("view");
const state = { rows: new Map(), form: null, rules: null, sort: { key: "agency", dir: 1 }, filter: "", verdict: "" };
const UPLOAD_CONCURRENCY = 3;

// ---- helpers -------------------------------------------------------------

function esc(s) {
  return String(s == null ? "" : s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
function num(v) { return v == null ? "" : String(v); }
async function getJSON(url) {
  const r = await fetch(url, { credentials: "same-origin" });
  const body = await r.json().catch(() => ({ error: "服务器返回了无法识别的内容" }));
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}
async function form() { return state.form || (state.form = await getJSON("/api/form")); }
async function rules() {
  if (!state.rules) {
    const list = await getJSON("/api/rules");
    state.rules = new Map(list.map(r => [r.id, r]));
  }
  return state.rules;
}
function sevText(s) { return { error: "错误", warning: "警告", info: "提示" }[s] || s; }
function crossText(c) {
  if (!c) return "";
  if (c.status === "mismatch") {
    const parts = [];
    if (c.count) parts.push(`与上年 ${c.count} 处`);
    if (c.later) parts.push(`与下年 ${c.later} 处`);
    return `<span class="cross-mismatch">不一致（${parts.join("，")}）</span>`;
  }
  if (c.status === "ok") return `<span class="cross-ok">一致（${c.neighbours.join("、")}）</span>`;
  return `<span class="cross-none">无相邻年度</span>`;
}
function verdictCell(r) {
  let s = `<span class="verdict v-${r.verdict}" data-verdict="${esc(r.verdict)}">${esc(r.verdict_text)}</span>`;
  if (r.error) s += `<div class="reason">${esc(r.error)}</div>`;
  return s;
}
function diffText(d) {
  if (!d) return "";
  return `<span class="diff-note">已修正 ${d.fixed}，仍存在 ${d.remaining}，新出现 ${d.new}</span>`;
}
function errorBox(e) { return `<p class="error-box">${esc(e.message || e)}</p>`; }

// ---- batch view ----------------------------------------------------------

let progress = { total: 0, done: 0, failed: [], started: 0 };

function batchShell() {
  view.innerHTML = `
  <h2>本批报告</h2>
  <div class="drop" id="drop">
    <p>把报告文件或整个文件夹拖到这里（PDF、DOCX、DOC、WPS、XLSX、XLS、ODS、HTML、TXT 等），或</p>
    <button type="button" id="pick-files">选择文件</button>
    <button type="button" id="pick-folder">选择文件夹</button>
    <input type="file" id="files" multiple hidden>
    <input type="file" id="folder" webkitdirectory multiple hidden>
    <p class="muted">每份报告都在这台计算机上解析和检查，结果保存在本机的数据库中。改正后的报告再拖进来，会替换旧版本并显示哪些问题已修正。</p>
  </div>
  <div class="progress" id="progress"></div>
  <div class="bar">
    <input type="search" id="filter" placeholder="筛选：机关、文件名、年度" value="${esc(state.filter)}">
    <select id="verdict-filter">
      <option value="">全部结论</option><option value="pass">通过</option><option value="fail">不通过</option><option value="unreadable">无法读取</option>
    </select>
    <span id="count" class="muted"></span>
    <a class="button" id="dl-xlsx" href="/api/review.xlsx" download>下载本批 XLSX</a>
    <a class="button" id="dl-html" href="/api/review.html" download>下载本批 HTML（可打印）</a>
  </div>
  <table class="batch" id="batch">
    <thead><tr>
      <th data-key="agency">机关</th><th data-key="year" class="num">年度</th><th data-key="name">文件</th><th data-key="format">格式</th>
      <th data-key="verdict">结论</th><th data-key="errors" class="num">错误</th><th data-key="warnings" class="num">警告</th><th data-key="infos" class="num">提示</th>
      <th data-key="cross">跨年度核对</th><th data-key="diff">修改情况</th><th>下载</th>
    </tr></thead>
    <tbody></tbody>
  </table>`;
  document.getElementById("verdict-filter").value = state.verdict;
  const drop = document.getElementById("drop");
  drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async e => {
    e.preventDefault();
    drop.classList.remove("over");
    const files = await droppedFiles(e.dataTransfer);
    uploadAll(files);
  });
  const files = document.getElementById("files"), folder = document.getElementById("folder");
  document.getElementById("pick-files").onclick = () => files.click();
  document.getElementById("pick-folder").onclick = () => folder.click();
  files.onchange = () => uploadAll([...files.files].map(f => ({ file: f, name: f.name })));
  folder.onchange = () => uploadAll([...folder.files].map(f => ({ file: f, name: f.webkitRelativePath || f.name })));
  document.getElementById("filter").oninput = e => { state.filter = e.target.value; drawRows(); };
  document.getElementById("verdict-filter").onchange = e => { state.verdict = e.target.value; drawRows(); };
  document.querySelectorAll("#batch th[data-key]").forEach(th => th.onclick = () => {
    const k = th.dataset.key;
    state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : 1 };
    drawRows();
  });
  drawProgress();
}

// Files of a drop: plain files, and every file of dropped folders (walked).
async function droppedFiles(dt) {
  const out = [];
  const entries = [...(dt.items || [])].map(i => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return [...dt.files].map(f => ({ file: f, name: f.name }));
  async function walk(entry, prefix) {
    if (entry.isFile) {
      const file = await new Promise((res, rej) => entry.file(res, rej));
      out.push({ file, name: prefix + file.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, prefix + entry.name + "/");
      }
    }
  }
  for (const e of entries) await walk(e, "");
  return out;
}

function wanted(name, exts) {
  const m = /\.([^./]+)$/.exec(name.toLowerCase());
  return m && exts.includes(m[1]);
}

async function uploadAll(items) {
  const f = await form();
  const chosen = items.filter(i => wanted(i.name, f.extensions));
  const skipped = items.length - chosen.length;
  if (!chosen.length) {
    document.getElementById("progress").innerHTML = errorBox("没有可检查的报告文件（支持：" + f.extensions.join("、") + "）");
    return;
  }
  progress = { total: chosen.length, done: 0, failed: [], skipped, started: performance.now(),
    batch: Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) };
  document.body.dataset.batch = "running";
  drawProgress();
  const queue = chosen.slice();
  async function worker() {
    while (queue.length) {
      const item = queue.shift();
      try {
        const rows = await uploadOne(item);
        for (const r of rows) {
          if (r.replaced) state.rows.delete(r.replaced);
          state.rows.set(r.id, r);
        }
      } catch (e) {
        progress.failed.push(item.name + "：" + e.message);
      }
      progress.done++;
      drawProgress();
      drawRows();
    }
  }
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, chosen.length) }, worker));
  await loadRows();
  progress.ms = Math.round(performance.now() - progress.started);
  document.body.dataset.batch = "done";
  document.body.dataset.batchMs = String(progress.ms);
  drawProgress();
}

async function uploadOne(item) {
  const body = new FormData();
  body.append("file", item.file, item.name);
  const r = await fetch("/api/upload", { method: "POST", body, headers: { "x-xxgknb": "1", "x-xxgknb-batch": progress.batch }, credentials: "same-origin" });
  const data = await r.json().catch(() => ({ error: "服务器返回了无法识别的内容（HTTP " + r.status + "）" }));
  if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
  return data;
}

function drawProgress() {
  const el = document.getElementById("progress");
  if (!el || !progress.total) return;
  const p = progress;
  let s = `<progress max="${p.total}" value="${p.done}"></progress> 已检查 ${p.done} / ${p.total} 个文件`;
  if (p.skipped) s += `（跳过 ${p.skipped} 个不是报告的文件）`;
  if (p.done === p.total && p.ms != null) s += ` — 全部完成，用时 ${(p.ms / 1000).toFixed(1)} 秒`;
  if (p.failed.length) s += `<ul class="reason">${p.failed.map(f => `<li>${esc(f)}</li>`).join("")}</ul>`;
  el.innerHTML = s;
}

async function loadRows() {
  const rows = await getJSON("/api/reports");
  state.rows = new Map(rows.map(r => [r.id, r]));
  drawRows();
}

function sortValue(r, k) {
  switch (k) {
    case "cross": return r.cross ? ({ mismatch: 0, ok: 2, none: 1 }[r.cross.status]) * 1000 - r.cross.count - r.cross.later : 0;
    case "verdict": return { unreadable: 0, fail: 1, pass: 2 }[r.verdict];
    case "diff": return r.diff ? r.diff.fixed : -1;
    case "agency": return (r.agency || "\uffff") + "\u0000" + (r.year || 0);
    default: return r[k] == null ? "" : r[k];
  }
}

function drawRows() {
  const tbody = document.querySelector("#batch tbody");
  if (!tbody) return;
  const q = state.filter.trim().toLowerCase();
  let rows = [...state.rows.values()].filter(r =>
    (!state.verdict || r.verdict === state.verdict) &&
    (!q || [r.agency, r.name, r.year, r.format].some(v => String(v == null ? "" : v).toLowerCase().includes(q))));
  const { key, dir } = state.sort;
  rows.sort((a, b) => {
    const x = sortValue(a, key), y = sortValue(b, key);
    return (x < y ? -1 : x > y ? 1 : 0) * dir || String(a.name).localeCompare(String(b.name));
  });
  document.querySelectorAll("#batch th").forEach(th => {
    th.classList.toggle("sorted-asc", th.dataset.key === key && dir > 0);
    th.classList.toggle("sorted-desc", th.dataset.key === key && dir < 0);
  });
  tbody.innerHTML = rows.map(r => `
    <tr data-id="${esc(r.id)}" data-verdict="${esc(r.verdict)}">
      <td>${r.agency_key ? `<a href="#/agency/${encodeURIComponent(r.agency_key)}">${esc(r.agency)}</a>` : `<span class="muted">未识别</span>`}</td>
      <td class="num">${esc(num(r.year))}</td>
      <td><a href="#/report/${esc(r.id)}" class="open-report">${esc(r.name)}</a></td>
      <td>${esc(r.format || "")}${r.edition ? `<div class="muted">${esc(r.edition)} 版</div>` : ""}</td>
      <td>${verdictCell(r)}</td>
      <td class="num">${r.errors}</td><td class="num">${r.warnings}</td><td class="num">${r.infos}</td>
      <td>${crossText(r.cross)}</td>
      <td>${diffText(r.diff)}</td>
      <td><a href="/api/reports/${esc(r.id)}/review.xlsx" download>XLSX</a> · <a href="/api/reports/${esc(r.id)}/review.html" download>HTML</a></td>
    </tr>`).join("");
  const n = state.rows.size;
  document.getElementById("count").textContent = `共 ${n} 份，显示 ${rows.length} 份`;
  const ids = rows.map(r => r.id).join(",");
  const suffix = rows.length && rows.length < n ? "?ids=" + encodeURIComponent(ids) : "";
  document.getElementById("dl-xlsx").href = "/api/review.xlsx" + suffix;
  document.getElementById("dl-html").href = "/api/review.html" + suffix;
}

async function showBatch() {
  batchShell();
  drawRows();
  try { await loadRows(); } catch (e) { view.insertAdjacentHTML("beforeend", errorBox(e)); }
}

// ---- the three tables, drawn like the official form -----------------------

// findings by cell key `table.row.column` (and `table.row` for a whole row)
function byCell(findings) {
  const m = new Map();
  findings.forEach((f, i) => {
    const l = f.finding.location || {};
    if (!l.table || !l.row) return;
    const k = l.table + "." + l.row + (l.column ? "." + l.column : "");
    if (!m.has(k)) m.set(k, []);
    m.get(k).push({ f, i });
  });
  return m;
}
const SEV_RANK = { error: 3, warning: 2, info: 1 };
function cellAttrs(marks, key, value, prefix) {
  const hits = (marks.get(key) || []);
  let cls = value == null ? "val blank" : "val";
  let attrs = ` data-key="${esc(key)}"`;
  if (hits.length) {
    const worst = hits.reduce((a, h) => SEV_RANK[h.f.finding.severity] > SEV_RANK[a] ? h.f.finding.severity : a, "info");
    cls += " f-" + worst;
    attrs += ` title="${esc(hits.map(h => h.f.finding.rule + "：" + h.f.finding.message).join("\n"))}" data-finding="${prefix}${hits[0].i}"`;
  }
  return `class="${cls}"${attrs}`;
}
function cell(marks, table, row, col, data, prefix) {
  const v = data && data[row] ? data[row][col] : undefined;
  const key = `${table}.${row}.${col}`;
  return `<td ${cellAttrs(marks, key, v === undefined ? null : v, prefix)}>${esc(num(v))}</td>`;
}

function activeTable(f, data, marks, prefix) {
  if (!data) return `<p class="muted">未识别到此表</p>`;
  const names = new Map(f.columns.active.map(c => [c.key, c.name]));
  const rowNames = new Map(f.rows.active.map(r => [r.key, r.name]));
  const order = f.rows.active.map(r => r.key).filter(k => data[k]).concat(Object.keys(data).filter(k => !rowNames.has(k)));
  // consecutive rows with the same columns make one block, as on the form
  const blocks = [];
  for (const k of order) {
    const cols = f.columns.active.map(c => c.key).filter(c => c in data[k]);
    const sig = cols.join(",");
    const last = blocks[blocks.length - 1];
    if (last && last.sig === sig) last.rows.push(k); else blocks.push({ sig, cols, rows: [k] });
  }
  return blocks.map(b => `<table class="form"><thead><tr><th>信息内容</th>${b.cols.map(c => `<th>${esc(names.get(c) || c)}</th>`).join("")}</tr></thead><tbody>${
    b.rows.map(r => `<tr><td class="label">${esc(rowNames.get(r) || r)}</td>${b.cols.map(c => cell(marks, "active", r, c, data, prefix)).join("")}</tr>`).join("")
  }</tbody></table>`).join("");
}

function applicationsTable(f, data, marks, prefix) {
  if (!data) return `<p class="muted">未识别到此表</p>`;
  const rows = f.rows.applications.filter(r => data[r.key]);
  const cols = f.columns.applications.map(c => c.key);
  const org = f.columns.applications.slice(1, 6);
  return `<table class="form"><thead>
    <tr><th rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan="7">申请人情况</th></tr>
    <tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>
    <tr>${org.map(c => `<th>${esc(c.name)}</th>`).join("")}</tr>
  </thead><tbody>${rows.map(r => `<tr><td class="label">${esc(r.name)}</td>${cols.map(c => cell(marks, "applications", r.key, c, data, prefix)).join("")}</tr>`).join("")}</tbody></table>`;
}

function reviewTable(f, data, marks, prefix) {
  if (!data) return `<p class="muted">未识别到此表</p>`;
  const fields = f.columns.review_litigation;
  const head = fields.map(c => `<th>${esc(c.name)}</th>`).join("");
  const group = g => fields.map(c => cell(marks, "review_litigation", g, c.key, data, prefix)).join("");
  return `<table class="form"><thead>
    <tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>
    <tr><th colspan="5"></th><th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>
    <tr>${head}${head}${head}</tr>
  </thead><tbody><tr>${group("review")}${group("litigation_direct")}${group("litigation_after_review")}</tr></tbody></table>`;
}

async function drawForm(tables, findings, prefix) {
  const f = await form();
  const marks = byCell(findings);
  const t = tables || {};
  return `
    <div class="tables-caption">二、主动公开政府信息情况</div>${activeTable(f, t.active, marks, prefix)}
    <div class="tables-caption">三、收到和处理政府信息公开申请情况</div>${applicationsTable(f, t.applications, marks, prefix)}
    <div class="tables-caption">四、政府信息公开行政复议、行政诉讼情况</div>${reviewTable(f, t.review_litigation, marks, prefix)}`;
}

function findingList(findings, prefix) {
  if (!findings.length) return `<p class="muted">没有问题。</p>`;
  return `<ol class="findings">${findings.map((f, i) => {
    const x = f.finding;
    const where = [f.cell, f.place ? "原文件：" + f.place : null, f.value != null ? "本单元格：" + f.value : null,
      f.previous != null ? "对比年度：" + f.previous : null].filter(Boolean).join("　");
    return `<li id="${prefix}${i}" class="s-${esc(x.severity)}" data-rule="${esc(x.rule)}">
      <span class="sev">${sevText(x.severity)}</span><a href="#/rules/${esc(x.rule)}" class="rule-link" title="${esc(f.title || "")}">${esc(x.rule)}</a>${f.cross_year ? "（跨年度）" : ""}
      ${esc(x.message)}
      ${where ? `<div class="where">${esc(where)}</div>` : ""}
      ${f.snippet ? `<pre class="snippet">${esc(f.snippet)}</pre>` : ""}
    </li>`;
  }).join("")}</ol>`;
}

function wireCells(root) {
  root.querySelectorAll("td[data-finding]").forEach(td => td.addEventListener("click", () => {
    const li = document.getElementById(td.dataset.finding);
    if (!li) return;
    li.scrollIntoView({ behavior: "smooth", block: "center" });
    li.classList.add("flash");
    setTimeout(() => li.classList.remove("flash"), 1500);
  }));
}

// ---- report view ---------------------------------------------------------

function diffBox(d) {
  if (!d) return "";
  const list = (title, fs) => `<details${fs.length ? " open" : ""}><summary>${title}（${fs.length}）</summary><ul>${fs.map(f => `<li>${esc(f.rule)}：${esc(f.message)}</li>`).join("")}</ul></details>`;
  return `<div class="card" id="diff"><h3>与上一版相比</h3>${list("已修正", d.fixed)}${list("仍存在", d.remaining)}${list("新出现", d.new)}</div>`;
}

async function showReport(id) {
  view.innerHTML = `<p class="muted">正在读取…</p>`;
  let d;
  try { d = await getJSON("/api/reports/" + encodeURIComponent(id)); } catch (e) { view.innerHTML = errorBox(e); return; }
  const r = d.item, m = d.report || {}, meta = m.meta || {};
  const sections = (m.sections || []).map(s => `<details><summary>${esc(s.number)}. ${esc(s.title)}</summary><p>${esc(s.text)}</p></details>`).join("");
  view.innerHTML = `
    <p><a href="#/">← 返回本批报告</a>${r.agency_key ? ` · <a href="#/agency/${encodeURIComponent(r.agency_key)}">${esc(r.agency)} 历年报告</a>` : ""}</p>
    <h2>${esc(r.agency || "未识别机关")} ${esc(num(r.year))} 年度报告 — ${verdictCell(r)}</h2>
    <div class="bar">
      <a class="button" href="/api/reports/${esc(r.id)}/review.xlsx" download id="dl-report-xlsx">下载问题清单 XLSX</a>
      <a class="button" href="/api/reports/${esc(r.id)}/review.html" download>下载可打印 HTML</a>
    </div>
    <div class="card"><dl class="facts">
      <dt>文件</dt><dd>${esc(r.name)}</dd>
      <dt>格式</dt><dd>${esc(r.format || "")}</dd>
      <dt>表格版式</dt><dd>${meta.format_edition ? esc(meta.format_edition) + " 年版" : "未识别"}</dd>
      <dt>标题</dt><dd>${esc(meta.title || "")}</dd>
      <dt>文号</dt><dd>${esc(meta.doc_number || "")}</dd>
      <dt>发布日期</dt><dd>${esc(meta.published || "")}</dd>
      <dt>问题</dt><dd>错误 ${r.errors}，警告 ${r.warnings}，提示 ${r.infos}；跨年度核对：${crossText(r.cross)}</dd>
    </dl></div>
    ${diffBox(d.diff)}
    <h3>统计表（问题单元格已标出，鼠标停留可看说明，点击跳到问题）</h3>
    <div id="form">${d.report ? await drawForm(m.tables, d.findings, "f-") : `<p class="muted">无法读取，没有表格。</p>`}</div>
    <h3>问题清单（${d.findings.length}）</h3>
    ${d.snippets_known ? "" : `<p class="muted">本次运行前入库的报告不显示原文片段；重新拖入文件即可看到。</p>`}
    ${findingList(d.findings, "f-")}
    <h3>正文各部分</h3>${sections || `<p class="muted">没有识别到正文部分。</p>`}`;
  wireCells(view);
}

// ---- agency view ---------------------------------------------------------

function chart(series) {
  const pts = series.filter(p => p.year != null);
  if (!pts.length) return "";
  const keys = [["new_received", "本年新收", "#1f57b8"], ["total_processed", "办理总计", "#0a6b2d"], ["carried_forward", "结转下年", "#b00020"]];
  const W = 520, H = 220, L = 48, R = 16, T = 16, B = 32;
  const vals = pts.flatMap(p => keys.map(k => p[k[0]]).filter(v => typeof v === "number"));
  const max = Math.max(1, ...vals);
  const x = i => pts.length === 1 ? (L + W - R) / 2 : L + i * (W - L - R) / (pts.length - 1);
  const y = v => H - B - v / max * (H - T - B);
  let s = `<svg class="chart" id="chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="历年申请数量">`;
  for (let g = 0; g <= 4; g++) {
    const v = max * g / 4, yy = y(v);
    s += `<line x1="${L}" x2="${W - R}" y1="${yy}" y2="${yy}" stroke="#e3e6ea"/><text x="${L - 6}" y="${yy + 4}" text-anchor="end">${Math.round(v)}</text>`;
  }
  pts.forEach((p, i) => { s += `<text x="${x(i)}" y="${H - 10}" text-anchor="middle">${esc(p.year)}</text>`; });
  for (const [k, , color] of keys) {
    const line = pts.map((p, i) => typeof p[k] === "number" ? `${x(i)},${y(p[k])}` : null).filter(Boolean);
    if (line.length > 1) s += `<polyline fill="none" stroke="${color}" stroke-width="2" points="${line.join(" ")}"/>`;
    pts.forEach((p, i) => { if (typeof p[k] === "number") s += `<circle cx="${x(i)}" cy="${y(p[k])}" r="3.5" fill="${color}"><title>${esc(p.year)} ${esc(k)}：${p[k]}</title></circle>`; });
  }
  s += `</svg><div class="legend">${keys.map(([, name, color]) => `<span><i style="background:${color}"></i>${name}</span>`).join("")}</div>`;
  return s;
}

// rows compared year to year: the cells CARRY_MISMATCH and IN_FORCE_CHAIN look at
const COMPARED = [
  ["applications", "carried_over", "total", "二、上年结转"],
  ["applications", "carried_forward", "total", "四、结转下年度继续办理"],
  ["applications", "new_received", "total", "一、本年新收"],
  ["applications", "total_processed", "total", "三（七）总计"],
  ["active", "rules", "in_force", "规章 现行有效件数"],
  ["active", "normative_documents", "in_force", "行政规范性文件 现行有效件数"],
];

async function showAgency(key) {
  view.innerHTML = `<p class="muted">正在读取…</p>`;
  let d;
  try { d = await getJSON("/api/agencies/" + encodeURIComponent(key)); } catch (e) { view.innerHTML = errorBox(e); return; }
  const years = d.years;
  // a cross-year finding marks its own cell and the other year's cell it compares with
  const marks = years.map(() => new Map());
  years.forEach((y, yi) => y.findings.forEach((f, i) => {
    if (!f.cross_year) return;
    const l = f.finding.location || {};
    const add = (idx, k) => { if (idx < 0) return; if (!marks[idx].has(k)) marks[idx].set(k, []); marks[idx].get(k).push({ f, i, yi }); };
    if (l.table && l.row && l.column) add(yi, `${l.table}.${l.row}.${l.column}`);
    if (l.previous && l.table && l.column) add(years.findIndex(o => o.item.year === l.previous.year), `${l.table}.${l.previous.row}.${l.column}`);
  }));
  const head = years.map(y => `<th><a href="#/report/${esc(y.item.id)}">${esc(num(y.item.year))}</a><div class="verdict v-${y.item.verdict}">${esc(y.item.verdict_text)}</div></th>`).join("");
  const body = COMPARED.map(([t, r, c, name]) => `<tr><td class="label">${esc(name)}</td>${years.map((y, yi) => {
    const v = y.tables && y.tables[t] && y.tables[t][r] ? y.tables[t][r][c] : null;
    const hits = marks[yi].get(`${t}.${r}.${c}`) || [];
    const cls = hits.length ? " f-" + hits[0].f.finding.severity : "";
    const title = hits.length ? ` title="${esc(hits.map(h => h.f.finding.rule + "：" + h.f.finding.message).join("\n"))}"` : "";
    return `<td class="val${v == null ? " blank" : ""}${cls}" data-key="${t}.${r}.${c}"${title}>${esc(num(v))}</td>`;
  }).join("")}</tr>`).join("");
  const cross = years.flatMap(y => y.findings.filter(f => f.cross_year));
  const sideBySide = [];
  for (let yi = 0; yi < years.length; yi++) {
    const y = years[yi];
    sideBySide.push(`<div class="year"><h3><a href="#/report/${esc(y.item.id)}">${esc(num(y.item.year))} 年度</a> ${verdictCell(y.item)}</h3>${y.tables ? await drawForm(y.tables, y.findings, `y${yi}-`) : `<p class="muted">无法读取</p>`}</div>`);
  }
  view.innerHTML = `
    <p><a href="#/">← 返回本批报告</a></p>
    <h2>${esc(d.agency || key)} · 历年报告</h2>
    <div class="card"><h3>历年申请情况（总计列）</h3>${chart(d.series)}</div>
    <h3>相邻年度核对（CARRY_MISMATCH、IN_FORCE_CHAIN 涉及的单元格）</h3>
    <table class="form" id="compare"><thead><tr><th>项目</th>${head}</tr></thead><tbody>${body}</tbody></table>
    <h3>跨年度问题（${cross.length}）</h3>${findingList(cross, "c-")}
    <h3>各年度统计表</h3><div class="years">${sideBySide.join("")}</div>`;
}

// ---- rules view ----------------------------------------------------------

async function showRules(id) {
  let list;
  try { list = [...(await rules()).values()]; } catch (e) { view.innerHTML = errorBox(e); return; }
  view.innerHTML = `<p><a href="#/">← 返回本批报告</a></p><h2>规则说明</h2>${list.map(r => `
    <div class="rule${r.id === id ? " target" : ""}" id="rule-${esc(r.id)}">
      <h3>${esc(r.id)} <span class="sev s-${esc(r.severity)}">（${esc(r.severity_text)}）</span> ${esc(r.title)}</h3>
      <p>${esc(r.explanation)}</p><p class="muted">依据：${esc(r.basis)}</p>
    </div>`).join("")}`;
  if (id) {
    const el = document.getElementById("rule-" + id);
    if (el) el.scrollIntoView({ block: "start" });
  }
}

// ---- routing -------------------------------------------------------------

function route() {
  const h = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
  const [what, ...rest] = h.split("/");
  const arg = rest.join("/");
  if (what === "report" && arg) return showReport(arg);
  if (what === "agency" && arg) return showAgency(arg);
  if (what === "rules") return showRules(arg);
  return showBatch();
}
window.addEventListener("hashchange", route);
route();
