// SPDX-License-Identifier: MIT
// memory.test.js - no leaks, no growth: every byte the library and the
// module allocate (counted by the allocator the module gives the library)
// comes back once rulesets are closed or collected, whatever was decided
// with them; deciding again and again allocates nothing more.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { crmrules } = require('./helpers.js');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

// Collect until the finalizers have run (they run after a collection, on
// the JS thread): the count of live bytes, once it stops falling.
// The bytes the library still holds once the collector and any batch in
// flight are done: 0 at once, or what stayed the same for a second (a
// batch on a worker thread may hold its ruleset's bytes unchanged for a
// few turns of the loop on a loaded machine: two equal readings in a row
// once failed a CI run), or what is left after 20 s.
async function settled() {
  let last = -1;
  let same = 0;
  const start = Date.now();
  for (;;) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = crmrules._liveBytes();
    if (now === 0) return 0;
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= 40 || Date.now() - start > 20000) return now;
  }
}

const customer = { months_cooperating: 36, bad_record_24m: false, broken_promises: false,
  debt_dispute: false, capital: 'strong', good_operating_years: 3, revenue_declining: false,
  sales_declining: false, illegal_operation: false, suspended_by_authority: false,
  account_freeze_risk: false, annual_payment_ratio: 1.2, profile_complete: true,
  has_credit_history: true, avg_monthly_shipments: 80000, avg_monthly_payments: '75000.10',
  category: 'quality', repeat_count: 0, emotional: true, beyond_authority: false,
  reported_to_12315: false, batch_quality: false, department_inaction: false,
  reputational_risk: false, text: '我要向消費者協會投訴，態度太差了'.repeat(3) };

// Everything a host does with a ruleset, errors included.
async function exercise(rs) {
  rs.decide('credit_limit', customer);
  rs.decide('credit_limit', customer, { explain: 'full' });
  rs.decide('complaint_level', customer, { explain: true });
  assert.throws(() => rs.decide('credit_limit', {}), { code: 'missing' });
  assert.throws(() => rs.decide('credit_limit', { capital: 'x' }), { code: 'invalid' });
  assert.throws(() => rs.decide('credit_limit', { bogus: 1 }), { code: 'unknown' });
  rs.decideMany('complaint_level', [customer, {}, customer], { errors: 'return' });
  await rs.decideBatch('credit_limit', new Array(4500).fill(customer), { explain: 'full' });
  await rs.decideBatch('complaint_level', [customer, { text: 1 }, {}], { errors: 'return' });
  rs.decideJSON('credit_limit', JSON.stringify(customer), { explain: 'full' });
  rs.decideJSON('credit_limit', '{"capital": ');
  rs.sla('complaint.first_contact', '2026-09-30T17:59:00+08:00',
    { pauses: [['2026-10-08T09:00:00+08:00', '2026-10-08T10:00:00+08:00']], now: '2026-10-08T12:00:00+08:00' });
  assert.throws(() => rs.sla('complaint.first_contact', '2026-12-30T17:59:00+08:00',
    { now: '2027-01-08T12:00:00+08:00' }), { code: 'range' });
}

async function oneRound(bad, dir) {
  const closed = crmrules.load('rules');
  await exercise(closed);
  const pending = closed.decideBatch('credit_limit', new Array(9000).fill(customer));
  closed.close(); // freed when the batch is done
  await exercise(crmrules.load(['rules'])); // freed when collected
  assert.throws(() => crmrules.load(bad), (e) => e.diagnostics.length === 2);
  assert.throws(() => crmrules.load(path.join(dir, 'none')), { code: 'io' });
  assert.equal((await pending).length, 9000);
}

test('every byte comes back: closed, collected, failed loads, batches in flight', async () => {
  assert.equal(await settled(), 0, 'nothing is held before the first load');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmrules-node-'));
  try {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'facts: { n: int }\ndecisions:\n  d:\n    outputs: { v: int }\n' +
      '    rules: [ { id: r, if: [], then: m }, { id: s, then: nn } ]\n');
    // each round in a call of its own: no frame keeps a handle
    for (let round = 0; round < 2; round++) await oneRound(bad, dir);
    assert.equal(await settled(), 0, 'bytes still held after every ruleset is gone');
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('deciding again and again allocates nothing more', async () => {
  let rs = crmrules.load('rules');
  await exercise(rs);
  const warm = crmrules._liveBytes();
  for (let i = 0; i < 3000; i++) {
    rs.decide('credit_limit', customer);
    rs.decide('complaint_level', customer, { explain: i % 2 ? 'full' : true });
    try {
      rs.decide('credit_limit', { capital: 'strong' });
    } catch {
      // missing facts
    }
  }
  rs.decideMany('credit_limit', new Array(5000).fill(customer));
  assert.equal(crmrules._liveBytes(), warm);
  rs.close();
  rs = null; // the handle's own few bytes go with it
  assert.equal(await settled(), 0);
});
