// SPDX-License-Identifier: MIT
// bench.js - decisions per second of credit_grade (13 facts) from the Node
// binding: decide, decideMany, the JSON boundary for the same objects
// (JSON.stringify, decideJSON, JSON.parse) and decideBatch, in CPU time of
// the process (so that a busy machine says about what an idle one would);
// then the longest the event loop is kept waiting by decideMany and by
// decideBatch over the same array.
//   node bench.js [RULES] [--seconds S]
'use strict';

const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const crmrules = require('./index.js');

const args = process.argv.slice(2);
const secondsAt = args.indexOf('--seconds');
const seconds = secondsAt >= 0 ? Number(args.splice(secondsAt, 2)[1]) : 1;
const rules = args[0] || path.join(__dirname, '..', '..', 'rules');
const rs = crmrules.load(rules);

// Customers as hosts hold them: booleans, counts, a ratio, an enum; a
// pseudo-random but fixed mix, so that every rule of the table is reached.
function customers(n) {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const capitals = ['strong', 'adequate', 'weak'];
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push({
      months_cooperating: Math.floor(rnd() * 60),
      bad_record_24m: rnd() < 0.05,
      broken_promises: rnd() < 0.05,
      debt_dispute: rnd() < 0.03,
      capital: capitals[Math.floor(rnd() * 3)],
      good_operating_years: Math.floor(rnd() * 6),
      revenue_declining: rnd() < 0.05,
      sales_declining: rnd() < 0.05,
      illegal_operation: rnd() < 0.01,
      suspended_by_authority: rnd() < 0.01,
      account_freeze_risk: rnd() < 0.02,
      annual_payment_ratio: Math.round(rnd() * 200) / 100,
      profile_complete: rnd() < 0.9,
    });
  }
  return out;
}

const pool = customers(4096);
const mask = pool.length - 1;
let sink = 0;

// This process's CPU time, in seconds: on a shared machine wall time
// counts other processes' turns too.
function cpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// Decisions a second of CPU for fn(n) deciding n objects, best of three
// rounds of about seconds / 3 each (a round decides in steps of `step`).
function rate(fn, step) {
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const t0 = cpu();
    let t = t0;
    while (t - t0 < seconds / 3) {
      sink += fn(step);
      n += step;
      t = cpu();
    }
    best = Math.max(best, n / (t - t0));
  }
  return best;
}

// decideBatch: items a second of CPU time, every thread of the process.
async function rateBatch(fn, items) {
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = cpu();
    sink += (await fn()).length;
    best = Math.max(best, items / (cpu() - t0));
  }
  return best;
}

// The longest the event loop waited for its turn while fn ran (ms).
async function stall(fn) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await fn();
  await new Promise((resolve) => setTimeout(resolve, 5));
  h.disable();
  return h.max / 1e6;
}

function fmt(x) {
  return Math.round(x).toLocaleString('en-US').padStart(11);
}

async function main() {
  // warm up (the JIT), over every object of the pool
  for (let k = 0; k < 20; k++) for (let i = 0; i < pool.length; i++) rs.decide('credit_grade', pool[i]);
  let at = 0;
  const rows = [];
  const decide = rate((n) => {
    let g = 0;
    for (let i = 0; i < n; i++) g += rs.decide('credit_grade', pool[at++ & mask]).grade.length;
    return g;
  }, 1000);
  rows.push(['decide', decide]);
  rows.push(['JSON.stringify + decideJSON + JSON.parse', rate((n) => {
    let g = 0;
    for (let i = 0; i < n; i++)
      g += JSON.parse(rs.decideJSON('credit_grade', JSON.stringify(pool[at++ & mask]))).grade.length;
    return g;
  }, 1000)]);
  // the same objects as decide's, 1,024 at a time
  const slices = [0, 1, 2, 3].map((k) => pool.slice(k * 1024, (k + 1) * 1024));
  let next = 0;
  rows.push(['decideMany (arrays of 1,024)',
    rate(() => rs.decideMany('credit_grade', slices[next++ & 3]).length, 1024)]);
  const big = [];
  for (let i = 0; i < 8; i++) big.push(...pool); // 32,768
  rows.push(['decideBatch (32,768 a call, 8 chunks) *',
    await rateBatch(() => rs.decideBatch('credit_grade', big), big.length)]);
  console.log(`credit_grade from the Node binding (Node ${process.version}), decisions per ` +
    'second of CPU time of this process');
  for (const [what, r] of rows)
    console.log(`${what.padEnd(44)} ${fmt(r)}/s  ${(r / decide).toFixed(2)}x decide`);
  console.log("* CPU time of all the process's threads (libuv's pool decides)");
  const many = await stall(async () => rs.decideMany('credit_grade', big));
  const batched = await stall(() => rs.decideBatch('credit_grade', big));
  console.log(`the longest event-loop stall over 32,768 items: decideMany ${many.toFixed(1)} ms, ` +
    `decideBatch ${batched.toFixed(1)} ms`);
  if (sink < 0) console.log(sink);
}

main();
