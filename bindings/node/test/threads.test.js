// SPDX-License-Identifier: MIT
// threads.test.js - one ruleset shared by the JS thread and libuv's pool
// (a context each: batches in flight while the JS thread decides), the
// module in several worker_threads at once, and a worker stopped while its
// batch runs.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { crmrules, random, src } = require('./helpers.js');

function customers(n, seed) {
  const rnd = random(seed);
  return Array.from({ length: n }, () => ({
    months_cooperating: Math.floor(rnd() * 40), bad_record_24m: rnd() < 0.1,
    broken_promises: rnd() < 0.1, debt_dispute: false,
    capital: ['strong', 'adequate', 'weak'][Math.floor(rnd() * 3)],
    good_operating_years: Math.floor(rnd() * 5), revenue_declining: rnd() < 0.1,
    sales_declining: false, illegal_operation: false, suspended_by_authority: false,
    account_freeze_risk: false, annual_payment_ratio: Math.round(rnd() * 200) / 100,
    profile_complete: rnd() < 0.9, has_credit_history: rnd() < 0.8,
    avg_monthly_shipments: Math.floor(rnd() * 1e7) / 100, avg_monthly_payments: (rnd() * 1e5).toFixed(2),
    temporary_request: rnd() < 0.2, collateral_value: '0.00', collateral_complete: false,
  }));
}

test('batches on the pool while the JS thread decides with the same ruleset', async () => {
  const rs = crmrules.load('rules');
  const items = customers(30000, 7);
  const want = rs.decideMany('credit_limit', items, { errors: 'return' });
  const pending = [1, 2, 3, 4].map(() => rs.decideBatch('credit_limit', items, { errors: 'return' }));
  // meanwhile, on this thread, with its own context
  for (let k = 0; k < items.length; k += 7) {
    let r;
    try {
      r = rs.decide('credit_limit', items[k]);
    } catch (e) {
      r = e;
    }
    if (want[k] instanceof Error) assert.equal(r.message, want[k].message);
    else assert.deepStrictEqual(r, want[k]);
  }
  for (const got of await Promise.all(pending)) {
    assert.equal(got.length, items.length);
    got.forEach((r, k) => {
      if (want[k] instanceof Error) assert.equal(r.message, want[k].message);
      else assert.deepStrictEqual(r, want[k]);
    });
  }
});

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const crmrules = require(workerData.index);
const rs = crmrules.load(workerData.rules);
(async () => {
  const sync = rs.decideMany('credit_limit', workerData.items, { errors: 'return' })
    .map((r) => (r instanceof Error ? r.message : r));
  const batch = (await rs.decideBatch('credit_limit', workerData.items, { errors: 'return' }))
    .map((r) => (r instanceof Error ? r.message : r));
  if (workerData.hang) {
    parentPort.postMessage('started');
    rs.decideBatch('credit_limit', new Array(200000).fill(workerData.items[0]));
    setInterval(() => {}, 1000);
    return;
  }
  parentPort.postMessage({ sync, batch });
})();
`;

function runWorker(data) {
  const w = new Worker(workerCode, { eval: true, workerData: {
    index: path.join(src, 'bindings', 'node', 'index.js'), rules: path.join(src, 'rules'), ...data } });
  return w;
}

test('the module in several worker_threads at once', async () => {
  const rs = crmrules.load('rules');
  const items = customers(3000, 11);
  const want = rs.decideMany('credit_limit', items, { errors: 'return' })
    .map((r) => (r instanceof Error ? r.message : r));
  const results = await Promise.all([0, 1, 2].map(() => new Promise((resolve, reject) => {
    const w = runWorker({ items });
    w.once('message', (m) => {
      resolve(m);
      w.terminate();
    });
    w.once('error', reject);
  })));
  for (const { sync, batch } of results) {
    assert.deepStrictEqual(sync, want);
    assert.deepStrictEqual(batch, want);
  }
});

test('a worker stopped while its batch runs', async () => {
  const w = runWorker({ items: customers(10, 3), hang: true });
  await new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  await w.terminate();
  // this thread goes on
  assert.deepEqual(crmrules.load('rules').decide('credit_grade', customers(1, 5)[0]).grade.length, 1);
});

test('the event loop goes on while a batch is read and decided', async () => {
  const rs = crmrules.load('rules');
  const items = customers(40000, 13); // ten chunks
  let ticks = 0, done = false;
  const tick = () => {
    ticks++;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  const got = await rs.decideBatch('credit_limit', items, { errors: 'return' });
  done = true;
  assert.equal(got.length, items.length);
  assert.ok(ticks >= 9, `the event loop ran ${ticks} times during the batch`);
});
