// SPDX-License-Identifier: MIT
// load.test.js - load: errors in rule files at file:line:column with every
// diagnostic, warnings, several paths in one namespace (a provisional
// answer from a site's file), introspection, close.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { crmrules, evalLines, src } = require('./helpers.js');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmrules-node-'));
test.after(() => fs.rmSync(dir, { recursive: true }));

function write(name, text) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const tier = fs.readFileSync(path.join(src, 'examples/tutorial/tier.yaml'), 'utf8');

test('an error in a rule file: code, file, line, column, did you mean', () => {
  // the README's step 5: a misspelt constant
  const bad = write('bad.yaml', tier.replace('">= volume_target"', '">= volume_targt"'));
  const err = assert.throws(() => crmrules.load(bad), (e) => {
    assert.ok(e instanceof crmrules.CrmError && e instanceof Error);
    assert.equal(e.name, 'CrmError');
    assert.equal(e.code, 'unknown');
    assert.equal(e.file, bad);
    assert.equal(e.line, 25);
    assert.equal(e.column, 69);
    assert.equal(e.message,
      `${bad}:25:69: unknown fact or constant 'volume_targt' (did you mean 'volume_target'?)`);
    assert.equal(e.diagnostics.length, 1);
    assert.deepEqual(e.diagnostics[0], { severity: 'error', code: 'unknown', file: bad, line: 25,
      column: 69, message: "unknown fact or constant 'volume_targt' (did you mean 'volume_target'?)" });
    return true;
  });
  void err;
});

test('every error of a file in err.diagnostics, the first thrown', () => {
  const bad = write('two.yaml', tier.replace('">= volume_target"', '">= volume_targt"')
    .replace('">= high_satisfaction"', '">= high_satisfactio"'));
  assert.throws(() => crmrules.load(bad), (e) => {
    assert.equal(e.diagnostics.length, 2);
    assert.deepEqual(e.diagnostics.map((d) => [d.line, d.column]), [[25, 69], [26, 37]]);
    assert.deepEqual([e.line, e.column], [25, 69]);
    return true;
  });
});

test('syntax errors, type errors, missing files', () => {
  assert.throws(() => crmrules.load(write('yaml.yaml', 'facts:\n  n: int\n  - x\n')),
    { code: 'syntax', line: 3 });
  assert.throws(() => crmrules.load(write('type.yaml', `facts: { n: int }
decisions:
  d:
    outputs: { v: string }
    rules: [ { id: r, then: n + 1 } ]
`)), { code: 'type', line: 5 });
  assert.throws(() => crmrules.load(path.join(dir, 'none.yaml')), { code: 'io' });
  assert.throws(() => crmrules.load([]), TypeError);
  assert.throws(() => crmrules.load(42), TypeError);
  assert.throws(() => crmrules.load(['rules', 7]), TypeError);
  // a name declared twice (the same file twice is loaded once)
  const copy = write('copy.yaml', fs.readFileSync(path.join(src, 'rules/credit_grade.yaml'), 'utf8'));
  assert.throws(() => crmrules.load(['rules', copy]), { code: 'duplicate' });
  assert.equal(crmrules.load(['rules', 'rules/credit_grade.yaml']).decisions.length,
    crmrules.load('rules').decisions.length);
});

test('warnings, or with warningsAsErrors errors', () => {
  const gap = write('gap.yaml', `facts: { n: int }
decisions:
  size:
    inputs: [n]
    outputs: { v: string }
    rules:
      - { id: small, if: ["< 5"], then: '"small"' }
      - { id: big, if: ["> 10"], then: '"big"' }
`);
  const rs = crmrules.load(gap);
  assert.equal(rs.warnings.length, 1);
  assert.deepEqual(rs.warnings[0], { severity: 'warning', code: 'conflict', file: gap, line: 3,
    column: 3, message: "decision 'size' has a gap: no rule covers n in [5..10]" });
  assert.throws(() => rs.decide('size', { n: 7 }), { code: 'no_match' });
  assert.equal(crmrules.load('rules').warnings.length, 0);
  assert.throws(() => crmrules.load(gap, { warningsAsErrors: true }),
    { code: 'conflict', line: 3, message: `${gap}:3:3: decision 'size' has a gap: no rule covers n in [5..10]` });
});

test('several paths in one namespace: a provisional answer', () => {
  // docs/c-api.md's site file: the shipped calendar, assumed past its data
  const site = write('site.yaml', `calendar_data:
  cn:
    beyond_data: working_week
facts:
  received: date
decisions:
  reply_by:
    inputs: [received]
    outputs: { day: date }
    rules:
      - { id: fifteen-working-days, then: 'add_working_days("cn", received, 15)' }
`);
  const rs = crmrules.load(['rules', site]);
  const facts = [{ received: '2026-11-02' }, { received: '2026-12-15' }];
  const want = evalLines(['rules', site], 'reply_by', facts.map((f) => JSON.stringify(f)));
  assert.deepStrictEqual(facts.map((f) => rs.decide('reply_by', f)), want);
  assert.deepStrictEqual(want[1], { day: '2027-01-05', $provisional: { assumed_from: '2027-01-01' } });
  assert.deepStrictEqual(rs.decideMany('reply_by', facts), want);
});

test('introspection', () => {
  const rs = crmrules.load('rules');
  assert.ok(rs.decisions.includes('credit_limit'));
  assert.ok(rs.timers.includes('complaint.first_contact'));
  assert.deepEqual(rs.facts.find((f) => f.name === 'capital'),
    { name: 'capital', type: 'string', values: ['strong', 'adequate', 'weak'] });
  assert.deepEqual(rs.facts.find((f) => f.name === 'months_cooperating'),
    { name: 'months_cooperating', type: 'int' });
  assert.equal(rs.factsOf('credit_grade').length, 13);
  assert.ok(rs.factsOf('credit_limit').includes('capital')); // chained into credit_grade
  assert.throws(() => rs.factsOf('nope'), { code: 'unknown' });
  assert.match(crmrules.version, /^\d+\.\d+\.\d+$/);
  assert.equal(require('../package.json').version, crmrules.version, 'package.json follows the library');
  assert.throws(() => new crmrules.Ruleset(), TypeError);
});

test('close: later calls throw; a batch in flight finishes', async () => {
  const rs = crmrules.load('rules');
  const facts = { months_cooperating: 36, bad_record_24m: false, broken_promises: false,
    debt_dispute: false, capital: 'strong', good_operating_years: 3, revenue_declining: false,
    sales_declining: false, illegal_operation: false, suspended_by_authority: false,
    account_freeze_risk: false, annual_payment_ratio: 1.2, profile_complete: true };
  const pending = rs.decideBatch('credit_grade', new Array(10000).fill(facts));
  rs.close();
  rs.close(); // twice is harmless
  for (const call of [() => rs.decide('credit_grade', facts), () => rs.decideMany('credit_grade', [facts]),
    () => rs.decideJSON('credit_grade', '{}'), () => rs.sla('complaint.first_contact', '2026-01-05T09:00:00Z')])
    assert.throws(call, { code: 'closed' });
  await assert.rejects(rs.decideBatch('credit_grade', [facts]), { code: 'closed' });
  const done = await pending;
  assert.equal(done.length, 10000);
  assert.deepEqual(done[9999], { grade: 'A' });
});
