// SPDX-License-Identifier: MIT
// check.js CRMRULES SRCDIR WORKDIR - the policy book of `crmrules doc` in a
// real browser: Debian's Chromium, driven by playwright-core, loads every
// page of two books and the test asserts on the DOM it rendered.
//  - rules/: each decision's table has a row per rule and a cell per input,
//    `when:` and output (counted from the rule files read as YAML, not from
//    the book), each rule under its source clause; every link resolves to a
//    page of the book and an id on it; chained decisions link both ways;
//    every test passed; each year of the calendar is twelve month grids with
//    its holidays marked; no page has a script.
//  - tests/book/hostile.yaml, whose every text is HTML that tries to break
//    out: no script, no element or attribute it tried to add, and each of
//    its texts shown as text.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const YAML = require('yaml');
const { chromium } = require('playwright-core');

const [bin, src, work] = process.argv.slice(2);
let failed = 0, checks = 0;
const check = (ok, msg) => { checks++; if (!ok) { console.log('FAIL ' + msg); failed++; } };

function makeBook(name, args) {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  execFileSync(bin, ['doc', ...args, '-o', dir], { cwd: src, encoding: 'utf8' });
  return dir;
}

// What a page shows, read off the rendered DOM.
async function readPage(page, url) {
  await page.goto(url);
  return page.evaluate(() => {
    const cells = (tr) => Array.from(tr.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH')
      .reduce((n, c) => n + (c.colSpan || 1), 0);
    return {
      ids: Array.from(document.querySelectorAll('[id]')).map((e) => e.id),
      links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href),
      scripts: document.scripts.length,
      foreign: document.querySelectorAll('img, svg, iframe, object, embed, marquee, main style, b, script')
        .length,
      handlers: Array.from(document.querySelectorAll('*')).filter((e) =>
        Array.from(e.attributes).some((a) => /^on/i.test(a.name) ||
          (/^(href|src)$/i.test(a.name) && /^\s*javascript:/i.test(a.value))))
        .length,
      text: document.body.innerText,
      bodyVisible: document.querySelector('main').getBoundingClientRect().height > 0,
      decisions: Array.from(document.querySelectorAll('section.decision')).map((s) => {
        const table = s.querySelector('table.rules');
        return {
          id: s.id,
          heading: s.querySelector('h2').textContent,
          visible: table.getBoundingClientRect().width > 0,
          headCells: cells(table.querySelector('thead tr')),
          rows: Array.from(table.querySelectorAll('tbody tr.rule')).map((tr) => ({
            id: tr.id, cells: cells(tr), clause: !!(tr.previousElementSibling &&
              tr.previousElementSibling.classList.contains('clause')),
            ruleId: tr.querySelector('td.rule').textContent })),
          chainLinks: Array.from(s.querySelectorAll('p.chain a')).map((a) => a.textContent),
        };
      }),
      tests: { passed: document.querySelectorAll('tr.test.passed').length,
        failed: document.querySelectorAll('tr.test.failed').length },
      months: Array.from(document.querySelectorAll('table.month')).map((t) => ({
        caption: t.caption.textContent,
        days: t.querySelectorAll('td[title]').length,
        holidays: Array.from(t.querySelectorAll('td.holiday')).map((td) => td.title) })),
    };
  });
}

async function readBook(browser, dir) {
  const page = await browser.newPage();
  const pages = {};
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort())
    pages[f] = await readPage(page, 'file://' + path.join(dir, f));
  await page.close();
  return pages;
}

function checkLinks(dir, pages) {
  for (const [name, p] of Object.entries(pages)) {
    for (const href of p.links) {
      const u = new URL(href);
      const target = path.basename(decodeURIComponent(u.pathname));
      check(u.protocol === 'file:' && path.dirname(decodeURIComponent(u.pathname)) === dir &&
        target in pages, `${name}: link ${href} leaves the book or names no page`);
      const id = decodeURIComponent(u.hash.slice(1));
      if (id && target in pages)
        check(pages[target].ids.includes(id), `${name}: link ${href}: no id '${id}' on ${target}`);
    }
    check(p.scripts === 0 && p.foreign === 0 && p.handlers === 0,
      `${name}: ${p.scripts} scripts, ${p.foreign} foreign elements, ${p.handlers} handlers`);
    check(p.bodyVisible, `${name}: nothing rendered`);
  }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // ---- the shipped rules ----
    const dir = makeBook('rules', ['rules']);
    const pages = await readBook(browser, dir);
    checkLinks(dir, pages);
    const all = Object.values(pages);
    const sections = new Map(all.flatMap((p) => p.decisions.map((d) => [d.id, d])));
    const yamlFiles = fs.readdirSync(path.join(src, 'rules')).filter((f) => f.endsWith('.yaml'));
    let tables = 0, rows = 0;
    for (const f of yamlFiles) {
      const text = fs.readFileSync(path.join(src, 'rules', f), 'utf8');
      const doc = YAML.parse(text, { merge: true });
      const lines = text.split('\n');
      for (const [name, d] of Object.entries(doc.decisions || {})) {
        const s = sections.get('d-' + name);
        check(s, `no section for decision ${name}`);
        if (!s) continue;
        tables++;
        const when = d.rules.some((r) => r.when !== undefined) ? 1 : 0;
        const width = 1 + (d.inputs || []).length + when + Object.keys(d.outputs).length;
        check(s.visible, `${name}: its table is not rendered`);
        check(s.headCells === width, `${name}: ${s.headCells} header cells, expected ${width}`);
        check(s.rows.length === d.rules.length,
          `${name}: ${s.rows.length} rule rows, expected ${d.rules.length}`);
        for (const [i, r] of d.rules.entries()) {
          const row = s.rows[i];
          if (!row) break;
          rows++;
          check(row.ruleId === String(r.id ?? `#${i + 1}`), `${name}: row ${i + 1} is ${row.ruleId}`);
          check(row.cells === width, `${name}/${row.ruleId}: ${row.cells} cells, expected ${width}`);
          // a rule with a comment right above it in the file has its clause row
          const at = lines.findIndex((l) => new RegExp(`^\\s*- (\\{ )?id: "?${r.id}"?[ ,}]*$|` +
            `^\\s*- \\{ ?id: "?${r.id}"?,`).test(l));
          if (at > 0) check(row.clause === /^\s*#/.test(lines[at - 1]),
            `${name}/${row.ruleId}: clause row ${row.clause ? 'without' : 'missing for'} a comment`);
        }
      }
    }
    check(tables >= 12 && rows >= 60, `only ${tables} tables and ${rows} rows checked`);
    const limit = sections.get('d-credit_limit'), grade = sections.get('d-credit_grade');
    check(limit && limit.chainLinks.includes('credit_grade'), 'credit_limit does not link to credit_grade');
    check(grade && grade.chainLinks.includes('credit_limit'), 'credit_grade does not link back');
    const passed = all.reduce((n, p) => n + p.tests.passed, 0);
    const failedTests = all.reduce((n, p) => n + p.tests.failed, 0);
    const want = /(\d+) passed, 0 failed/.exec(execFileSync(bin, ['test', 'rules'], { cwd: src, encoding: 'utf8' }));
    check(want && passed === Number(want[1]) && failedTests === 0,
      `tests in the book: ${passed} passed, ${failedTests} failed; crmrules test: ${want && want[0]}`);
    const y2026 = pages['calendars-cn-2026.html'];
    check(y2026 && y2026.months.length === 12 &&
      y2026.months.reduce((n, m) => n + m.days, 0) === 365, 'the 2026 calendar is not 12 months of 365 days');
    const oct = y2026 && y2026.months.find((m) => m.caption === 'October 2026');
    check(oct && oct.holidays.length === 7 && oct.holidays[0].includes('National Day'),
      'October 2026: National Day is not 7 holidays');
    check(pages['index.html'].text.includes('Policy book'), 'no index');

    // ---- the hostile file ----
    const hdir = makeBook('hostile', ['tests/book/hostile.yaml']);
    const hpages = await readBook(browser, hdir);
    checkLinks(hdir, hpages);
    const raw = fs.readdirSync(hdir).map((f) => fs.readFileSync(path.join(hdir, f), 'utf8')).join('');
    check(!/<script|<img|<svg|<iframe|<marquee|<!--|<b>/i.test(raw), 'the hostile book has raw markup');
    const h = hpages['hostile.html'];
    for (const t of ['<script>alert("comment")</script>', "</td></tr></table><script>alert('fact')</script>",
      "<img src=x onerror=alert('output')>", "\"><script>alert('id')</script>", '<!--', 'otherwise -->',
      "</td></tr></tbody></table><script>alert('clause')</script>", "<style>body{display:none}</style>",
      '</code><script>alert(\\"then\\")</script>', "<iframe src=javascript:alert('holiday')></iframe>",
      "t\"><svg onload=alert('timer')>", "<script>alert('test')</script>", "<script>alert('expected')</script>",
      '<b>bold</b>', 'a&amp;b', '&lt;not an entity&gt;'])
      check(h && h.text.includes(t), `hostile: the text ${t} is not shown as text`);
    check(h && h.decisions.length === 1 && h.decisions[0].rows.length === 3, 'hostile: its table is not whole');
    check(h && h.tests.passed === 2 && h.tests.failed === 1, 'hostile: its tests are not 2 passed, 1 failed');
  } finally {
    await browser.close();
  }
  if (failed) process.exit(1);
  console.log(`policy_book: ${checks} checks passed in Chromium`);
})().catch((e) => { console.log('FAIL ' + e.stack); process.exit(1); });
