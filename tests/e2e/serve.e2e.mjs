// End-to-end test of `xxgknb serve` in a real browser: Debian's chromium
// driven by playwright-core. Drops two years of one agency (化隆, 2022 and
// 2023: 2023 breaks CARRY_MISMATCH against 2022), sees the verdicts and
// the cross-year status, opens a report with a highlighted cell, downloads
// its XLSX and reads it back (a zip: 汇总 and the report's sheet with every
// finding), opens the agency view with its chart. Takes the screenshots of
// docs/serve.md (docs/serve-*.png) with SCREENSHOTS=1.
//
// BULK=N (e.g. 100) instead drops N fixture reports at once and prints the
// time from the drop to the complete batch table and the server's peak
// memory (VmHWM), the figures of the closing note.
//
// Usage: node serve.e2e.mjs [path/to/xxgknb]   (default ../../target/release/xxgknb)

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import crypto from "node:crypto";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const bin = path.resolve(process.argv[2] || path.join(root, "target/release/xxgknb"));
const fixtures = path.join(root, "fixtures");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "xxgknb-e2e-"));
const BULK = Number(process.env.BULK || 0);

function startServer() {
  const child = spawn(bin, ["serve", "--no-open", "--no-config", "--port", "0", "--db", path.join(tmp, "e2e.sqlite")], {
    cwd: tmp, stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + out)), 20000);
    child.stdout.on("data", d => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1] }); }
    });
    child.on("exit", code => reject(new Error("server exited " + code + ": " + out)));
  });
}

// the entries of a zip file (stored or deflated), by name
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, "a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, (method === 8 ? zlib.inflateRawSync(data) : data).toString("utf8"));
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

function unescapeXml(s) {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

// drop files on the drop zone as the browser does (a DataTransfer of Files)
async function drop(page, files) {
  const payload = files.map(f => ({ name: f.name, data: fs.readFileSync(f.path).toString("base64") }));
  const dt = await page.evaluateHandle(list => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.data), c => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent("#drop", "drop", { dataTransfer: dt });
}

function bulkFiles(n) {
  const dirs = ["batch", "seeds", "docx", "doc", "html", "pdf", "sheet"];
  const all = [], seen = new Set();
  for (const d of dirs) {
    for (const name of fs.readdirSync(path.join(fixtures, d)).sort()) {
      const p = path.join(fixtures, d, name);
      if (!fs.existsSync(p + ".truth.json") || !fs.statSync(p).isFile()) continue;
      // the same bytes twice are one report (sha256): keep each file once
      const h = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
      if (!seen.has(h)) { seen.add(h); all.push({ path: p, name: d + "/" + name }); }
    }
  }
  // more than the fixtures: text copies made distinct by trailing blank lines
  const texts = all.filter(f => f.name.endsWith(".txt"));
  for (let i = 0; all.length < n; i++) {
    const src = texts[i % texts.length];
    const p = path.join(tmp, `copy-${i}-` + path.basename(src.path));
    fs.writeFileSync(p, Buffer.concat([fs.readFileSync(src.path), Buffer.from("\n".repeat(i + 1))]));
    all.push({ path: p, name: "copies/" + path.basename(p) });
  }
  return all.slice(0, n);
}

function vmHWM(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return /VmHWM:\s+(\d+) kB/.exec(s)[1] + " kB";
}

async function main() {
  const { child, url } = await startServer();
  const context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = context.pages()[0] || await context.newPage();
  const outside = [];
  page.on("request", r => { if (!r.url().startsWith(new URL(url).origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) outside.push(r.url()); });
  const pageErrors = [];
  page.on("pageerror", e => pageErrors.push(String(e)));
  try {
    await page.goto(url);
    await page.waitForSelector("#drop");
    if (BULK) {
      const files = bulkFiles(BULK);
      const t0 = Date.now();
      await drop(page, files);
      await page.waitForSelector("body[data-batch=done]", { timeout: 600000 });
      const ms = Date.now() - t0;
      const rows = await page.locator("#batch tbody tr").count();
      console.log(JSON.stringify({ files: files.length, rows, ms, page_ms: Number(await page.getAttribute("body", "data-batch-ms")), server_peak_rss: vmHWM(child.pid) }));
      return;
    }
    await drop(page, [
      { path: path.join(fixtures, "batch/101_ff9983418608c110.layout.txt"), name: "化隆县-2022年报.txt" },
      { path: path.join(fixtures, "batch/102_5f88a9945c202723.layout.txt"), name: "化隆县-2023年报.txt" },
    ]);
    await page.waitForSelector("body[data-batch=done]", { timeout: 120000 });
    const rows = page.locator("#batch tbody tr");
    assert.equal(await rows.count(), 2);
    const text = await page.locator("#batch tbody").innerText();
    assert.match(text, /化隆回族自治县人民政府/);
    assert.match(text, /2022/);
    assert.match(text, /2023/);
    const verdicts = await page.locator("#batch tbody .verdict").allInnerTexts();
    assert.equal(verdicts.length, 2);
    for (const v of verdicts) assert.ok(["通过", "不通过", "无法读取"].includes(v.trim()), v);
    const row2023 = page.locator("#batch tbody tr", { hasText: "2023年报" });
    assert.match(await row2023.innerText(), /不一致/, "2023 breaks CARRY_MISMATCH against 2022");
    assert.match(await row2023.innerText(), /不通过/);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(root, "docs/serve-batch.png") });

    // the report view: a highlighted cell with its message on hover
    await row2023.locator("a.open-report").click();
    await page.waitForSelector("table.form");
    const marked = page.locator("td.f-error, td.f-warning, td.f-info");
    assert.ok(await marked.count() >= 1, "a highlighted cell");
    const title = await marked.first().getAttribute("title");
    assert.ok(title && title.length > 5, "its message on hover");
    assert.ok(await page.locator("ol.findings li").count() >= 1);
    assert.ok(await page.locator("ol.findings li[data-rule=CARRY_MISMATCH]").count() >= 1);
    await marked.first().hover();
    if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(root, "docs/serve-report.png") });
    const messages = await page.locator("ol.findings li").evaluateAll(lis => lis.map(li => li.dataset.rule));

    // the XLSX download: a summary sheet and the report's sheet with every finding
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dl-report-xlsx")]);
    const saved = path.join(tmp, "review.xlsx");
    await download.saveAs(saved);
    const zip = unzip(fs.readFileSync(saved));
    assert.match(zip.get("xl/workbook.xml"), /name="汇总"/);
    const strings = unescapeXml(zip.get("xl/sharedStrings.xml") || "");
    for (const rule of messages) assert.ok(strings.includes(rule), "the workbook has " + rule);
    assert.ok(strings.includes("不通过"));
    const id = page.url().split("/").pop();
    const api = await (await page.request.get(new URL("/api/reports/" + id, url).href)).json();
    for (const f of api.findings) assert.ok(strings.includes(f.finding.message), "the workbook has: " + f.finding.message);

    // the agency view: years side by side and the chart
    await page.click("a[href^='#/agency/']");
    await page.waitForSelector("svg#chart");
    assert.equal(await page.locator(".years > .year").count(), 2);
    assert.ok(await page.locator("#compare td.f-error, #compare td.f-warning").count() >= 1, "CARRY_MISMATCH on the compared cells");
    if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(root, "docs/serve-agency.png"), fullPage: false });

    // rule explanations are linked
    await page.goto(url + "#/rules/CARRY_MISMATCH");
    await page.waitForSelector("#rule-CARRY_MISMATCH.target");
    assert.deepEqual(outside, [], "the page reaches nothing but the server");
    assert.deepEqual(pageErrors, [], "no script error");
    console.log("serve e2e: ok");
  } finally {
    await context.close();
    child.kill("SIGINT");
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch(e => { console.error(e); process.exit(1); });
